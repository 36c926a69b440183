# syntax=docker/dockerfile:1
#
# Account Shield streams-app: the protection pipeline (`run`). Builds from source; the build context
# is the repository root (.dockerignore keeps target/ and .git out of it):
#
#   docker build -f deploy/docker/streams-app.Dockerfile -t account-shield/streams-app .
#
# Settings come from APP_* and KAFKA_* environment variables (README, "Configuration"), e.g.
#   docker run -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 account-shield/streams-app run --create-topics
#
# Base images are pinned to a release tag. For a reproducible build pin the digest too, as
#   FROM eclipse-temurin:17.0.16_8-jre-noble@sha256:<digest from `docker buildx imagetools inspect`>
# (DeployFilesTest refuses a FROM without a full version: no `latest`, no bare `17-jre`).

# ---- build: the parent, schemas and streams-app modules, with Maven ----
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /build
# The dependencies are one layer, rebuilt only when a pom changes: the poms first (every module the
# parent lists, or Maven refuses the reactor), resolved with go-offline, then the sources.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY streams-app/pom.xml streams-app/
COPY producer-sim/pom.xml producer-sim/
COPY bench/pom.xml bench/
RUN mvn -B -ntp -Dmaven.repo.local=/build/repository -pl streams-app -am \
      org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline
COPY schemas/src schemas/src
COPY streams-app/src streams-app/src
# Tests are neither compiled nor run here (the build's own CI runs them).
# A thin jar plus its dependencies as separate jars, instead of the shaded jar: the third-party jars
# (about 95 % of the bytes) then form a layer of their own that a code change does not touch, so a
# new version pushes and pulls a few hundred kilobytes. /layers/lib: third-party; /layers/modules: the
# project's library modules; /layers/streams-app.jar: the application.
RUN mvn -B -ntp -Dmaven.repo.local=/build/repository -pl streams-app -am -Dmaven.test.skip=true \
      package org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy-dependencies \
      -DincludeScope=runtime -DexcludeGroupIds=io.accountshield -DoutputDirectory=/layers/lib \
 && mkdir -p /layers/modules \
 && cp schemas/target/schemas-*.jar /layers/modules/ \
 && cp streams-app/target/streams-app-*.jar /layers/streams-app.jar

# ---- runtime: a JRE and the three layers ----
FROM eclipse-temurin:17.0.16_8-jre-noble

# A fixed numeric uid, so Kubernetes' runAsNonRoot can verify it and fsGroup can match it.
RUN groupadd --system --gid 10001 shield \
 && useradd --system --uid 10001 --gid shield --home-dir /app --no-create-home --shell /usr/sbin/nologin shield \
 && mkdir -p /app /var/lib/account-shield \
 && chown shield:shield /var/lib/account-shield

COPY --from=build /layers/lib/ /app/lib/
COPY --from=build /layers/modules/ /app/modules/
COPY --from=build /layers/streams-app.jar /app/streams-app.jar
COPY --chmod=0755 deploy/docker/healthcheck.sh /app/healthcheck.sh

# RocksDB state (the default state.dir). It can always be restored from the changelog topics;
# keeping it on a volume makes restarts fast. The JVM and RocksDB's native library also write to
# /tmp (java.io.tmpdir): with a read-only root filesystem, mount a small writable volume there that
# allows execution (RocksDB loads its native library from it; Docker's --tmpfs is noexec unless
# given `exec`, e.g. --tmpfs /tmp:exec,size=256m; Kubernetes' emptyDir is not noexec).
VOLUME /var/lib/account-shield

# RocksDB unpacks its native library (about 15 MB) into a file of its own in /tmp at every start and
# removes it only on a normal exit, so each kill (out of memory, a crash loop) would leave one behind
# on a /tmp volume that outlives container restarts. Named here, the file is replaced at each start.
ENV ROCKSDB_SHAREDLIB_DIR=/tmp

USER 10001:10001
WORKDIR /app

# http.port: GET /health/live, /health/ready and /metrics.
EXPOSE 8080

# "Alive" here: Docker only reports it. Compose overrides it with /health/ready so that the
# simulator starts once the pipeline is RUNNING; Kubernetes uses its own probes.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/app/healthcheck.sh", "/health/live"]

# Container JVM flags. The heap is a share of the container's memory limit (the JVM reads the
# cgroup limit), the rest is for RocksDB and the JVM's own memory; a deployment tunes the share by
# replacing JAVA_TOOL_OPTIONS. The heap is fixed at that share (initial = maximum, and never free
# enough to shrink: the percentage options leave G1 free to shrink it to a few MiB) and touched whole
# at start: a heap that grows and shrinks makes the stream thread fault in fresh pages while it
# processes, which stalled it for seconds (docs/benchmarks.md, "Page faults"). After an
# OutOfMemoryError the process exits, so the orchestrator restarts it, instead of running on
# half-broken: that flag is on the command line, which no environment variable replaces.
ENV JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=50 -XX:MaxHeapFreeRatio=100 -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError"

# The application jar first on the class path, so its log4j2.xml is the one found; named explicitly too.
# The command is the arguments: `run` by default; `run --create-topics`, or another command of the
# jar such as `leave-group --instance-id POD-NAME`, in a one-off container of the same image.
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-Dlog4j2.configurationFile=classpath:log4j2.xml", "-cp", "/app/streams-app.jar:/app/modules/*:/app/lib/*", "io.accountshield.streams.StreamsApp"]
CMD ["run"]
