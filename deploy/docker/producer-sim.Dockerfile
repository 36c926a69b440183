# syntax=docker/dockerfile:1
#
# Account Shield traffic simulator (`generate | score | evaluate`). Builds from source; the build
# context is the repository root:
#
#   docker build -f deploy/docker/producer-sim.Dockerfile -t account-shield/producer-sim .
#   docker run --rm account-shield/producer-sim generate --bootstrap-servers broker:9092 --clock compressed --speed 720
#
# Relative output paths (--labels labels.jsonl, --out events.jsonl) land in /data; mount a volume there to keep them.
# Base images pinned as in streams-app.Dockerfile (pin the digests too for a reproducible build).

# ---- build: the parent, schemas, streams-app (the simulator runs its topology) and producer-sim ----
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /build
# Poms first (every module the parent lists), dependencies resolved in a layer of their own.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY streams-app/pom.xml streams-app/
COPY producer-sim/pom.xml producer-sim/
COPY bench/pom.xml bench/
RUN mvn -B -ntp -Dmaven.repo.local=/build/repository -pl producer-sim -am \
      org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline
COPY schemas/src schemas/src
COPY streams-app/src streams-app/src
COPY producer-sim/src producer-sim/src
# Tests are not run here (the build's own CI runs them), but they are compiled: producer-sim has a
# test-scoped dependency on streams-app's test jar, which Maven resolves even when the tests are
# skipped, and -Dmaven.test.skip=true would not build that jar ("Could not find artifact
# io.accountshield:streams-app:jar:tests"). The test jar stays out of the image.
# Thin jars and their dependencies, in layers (see streams-app.Dockerfile for why).
RUN mvn -B -ntp -Dmaven.repo.local=/build/repository -pl producer-sim -am -DskipTests \
      package org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy-dependencies \
      -DincludeScope=runtime -DexcludeGroupIds=io.accountshield -DoutputDirectory=/layers/lib \
 && mkdir -p /layers/modules \
 && cp schemas/target/schemas-*.jar streams-app/target/streams-app-*.jar /layers/modules/ \
 && rm -f /layers/modules/*-tests.jar \
 && cp producer-sim/target/producer-sim-*.jar /layers/producer-sim.jar

# ---- runtime ----
FROM eclipse-temurin:17.0.16_8-jre-noble

RUN groupadd --system --gid 10001 shield \
 && useradd --system --uid 10001 --gid shield --home-dir /app --no-create-home --shell /usr/sbin/nologin shield \
 && mkdir -p /app /data \
 && chown shield:shield /data

COPY --from=build /layers/lib/ /app/lib/
COPY --from=build /layers/modules/ /app/modules/
COPY --from=build /layers/producer-sim.jar /app/producer-sim.jar

USER 10001:10001
WORKDIR /data

ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"

# The simulator's jar first, and its logging configuration named: streams-app's jar carries another
# log4j2.xml, and the embedded broker's test kit (for `broker` and `demo`) a log4j2.yaml.
# The subcommand and its options come from the command line (compose `command:`).
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-Dlog4j2.configurationFile=classpath:log4j2.xml", "-cp", "/app/producer-sim.jar:/app/modules/*:/app/lib/*", "io.accountshield.sim.ProducerSim"]
CMD ["--help"]
