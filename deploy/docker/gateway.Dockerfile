# The gateway image: Temurin 25 on Debian 12, a non-root user, the JVM flags of ./thumbd gateway, and the
# OpenTelemetry agent (on with THUMBD_OTEL=true). Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t thumbd/gateway .
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -pl gateway -am package -DskipTests \
 && curl -fsSL -o /src/opentelemetry-javaagent.jar \
    https://repo1.maven.org/maven2/io/opentelemetry/javaagent/opentelemetry-javaagent/2.33.1/opentelemetry-javaagent-2.33.1.jar

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/thumbd --create-home thumbd
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk /opt/java/openjdk
COPY --from=build /src/gateway/target/thumbd-gateway-0.1.0-SNAPSHOT.jar /app/
COPY --from=build /src/gateway/target/lib /app/lib
COPY --from=build /src/opentelemetry-javaagent.jar /app/otel/opentelemetry-javaagent.jar
COPY deploy/docker/entrypoint.sh /app/entrypoint.sh
ENV THUMBD_MAIN=dev.thumbd.gateway.GatewayApplication \
    JAVA_OPTS="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms32m -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError" \
    SERVER_PORT=8080 \
    MANAGEMENT_SERVER_PORT=9080
USER thumbd
WORKDIR /var/lib/thumbd
EXPOSE 8080 9080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD curl -fs http://127.0.0.1:9080/actuator/health/readiness || exit 1
ENTRYPOINT ["/app/entrypoint.sh"]
