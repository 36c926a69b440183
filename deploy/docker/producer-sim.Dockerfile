# syntax=docker/dockerfile:1
#
# Account Shield traffic simulator (`producer-sim.jar generate | score`).
# Build context is the repository root, after `mvn -B -ntp package -DskipTests` has built the fat jar:
#
#   docker build -f deploy/docker/producer-sim.Dockerfile -t account-shield/producer-sim .
#   docker run --rm account-shield/producer-sim generate --bootstrap-servers broker:9092 --clock compressed --speed 720
#
# Relative output paths (--labels labels.jsonl, --out events.jsonl) land in /data; mount a volume there to keep them.
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 shield \
 && useradd --system --uid 10001 --gid shield --home-dir /app --no-create-home --shell /usr/sbin/nologin shield \
 && mkdir -p /app /data \
 && chown shield:shield /data

COPY producer-sim/target/producer-sim.jar /app/producer-sim.jar

USER 10001:10001
WORKDIR /data

# The subcommand and its options come from the command line (compose `command:`).
ENTRYPOINT ["java", "-jar", "/app/producer-sim.jar"]
CMD ["--help"]
