# The gateway image: a Java runtime cut by jlink to the modules the gateway uses, on Debian 12, a non-root user, the
# JVM flags of ./thumbd gateway, and the OpenTelemetry agent (on with THUMBD_OTEL=true). It packages what the build
# made on the host, so build first, then the image, from the repository root:
#   ./thumbd build && docker build -f deploy/docker/gateway.Dockerfile -t thumbd/gateway:0.1.0-SNAPSHOT .
# The base images are build arguments (the public ones by default; deploy/smoke/run.sh passes images made locally).
ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${JDK_IMAGE} AS jre
# What jdeps lists for the gateway and its libraries (docs/DEPLOY.md) and java.instrument for the agent.
ARG JAVA_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported
RUN jlink --add-modules "$JAVA_MODULES" --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 \
    --output /jre

FROM ${RUNTIME_IMAGE}
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/thumbd --create-home thumbd
COPY --from=jre /jre /opt/java/openjdk
COPY ops/target/otel/opentelemetry-javaagent.jar /app/otel/opentelemetry-javaagent.jar
COPY gateway/target/lib /app/lib
COPY gateway/target/thumbd-gateway-0.1.0-SNAPSHOT.jar /app/
COPY deploy/docker/entrypoint.sh /app/entrypoint.sh
# The JVM flags of ./thumbd gateway: thumbd.jvm.native of pom.xml, then GATEWAY_JAVA_OPTS (ImagesTest checks they
# agree).
ENV THUMBD_MAIN=dev.thumbd.gateway.GatewayApplication \
    JAVA_OPTS="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms32m -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError" \
    SERVER_PORT=8080 \
    MANAGEMENT_SERVER_PORT=9080
USER 10001:10001
WORKDIR /var/lib/thumbd
EXPOSE 8080 9080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD curl -fs http://127.0.0.1:9080/actuator/health/readiness || exit 1
ENTRYPOINT ["/app/entrypoint.sh"]
