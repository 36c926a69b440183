# syntax=docker/dockerfile:1
#
# Account Shield streams-app: the protection pipeline (`streams-app.jar run`).
# Build context is the repository root, after `mvn -B -ntp package -DskipTests` has built the fat jar:
#
#   docker build -f deploy/docker/streams-app.Dockerfile -t account-shield/streams-app .
#
# Settings come from APP_* and KAFKA_* environment variables (README, "Configuration"), e.g.
#   docker run -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 account-shield/streams-app --create-topics
FROM eclipse-temurin:17-jre

# A fixed numeric uid, so Kubernetes' runAsNonRoot can verify it and fsGroup can match it.
RUN groupadd --system --gid 10001 shield \
 && useradd --system --uid 10001 --gid shield --home-dir /app --no-create-home --shell /usr/sbin/nologin shield \
 && mkdir -p /app /var/lib/account-shield \
 && chown shield:shield /var/lib/account-shield

COPY streams-app/target/streams-app.jar /app/streams-app.jar
COPY --chmod=0755 deploy/docker/healthcheck.sh /app/healthcheck.sh

# RocksDB state (the default state.dir). It can always be restored from the changelog topics;
# keeping it on a volume makes restarts fast.
VOLUME /var/lib/account-shield

USER 10001:10001
WORKDIR /app

# http.port: GET /health/live and /health/ready.
EXPOSE 8080

# "Alive" here: Docker only reports it. Compose overrides it with /health/ready so that the
# simulator starts once the pipeline is RUNNING; Kubernetes uses its own probes.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/app/healthcheck.sh", "/health/live"]

# Arguments after the image name are passed to `run`, e.g. --create-topics or --config FILE.
ENTRYPOINT ["java", "-jar", "/app/streams-app.jar", "run"]
