#!/usr/bin/env bash
# Container health check for streams-app: exits 0 when the application's HTTP endpoint answers
# 200 on PATH (default /health/ready; /health/live for "restart me" checks). Uses bash's
# /dev/tcp, so the image needs neither curl nor wget (eclipse-temurin JRE images ship neither).
# The port follows the app's own setting: APP_HTTP_PORT, default 8080 (http.port).
set -euo pipefail

path="${1:-/health/ready}"
port="${APP_HTTP_PORT:-8080}"

exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "${path}" >&3
read -r -t 5 _protocol status _reason <&3
[[ "${status}" == "200" ]]
