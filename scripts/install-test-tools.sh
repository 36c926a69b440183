#!/usr/bin/env bash
# Installs what the tests need beyond JDK 17 and Maven, from Debian's packages: Prometheus (its server and
# promtool, for the dashboards' and alerts' tests), a real browser and its
# driver for the support console's end-to-end test (Selenium uses them; it never downloads one), and a
# Korean font so the console's screenshot shows the Korean notice. Does nothing when they are there.
set -euo pipefail
packages=(chromium chromium-driver fonts-nanum prometheus)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
echo "installing ${missing[*]} (Debian packages, about 200 MB) ..."
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
