# The resizer image: a Java runtime cut by jlink to the modules thumbd uses, on Debian 12 with the native codec
# libraries, a non-root user, the JVM flags of ./thumbd resizer, and the OpenTelemetry agent (on with THUMBD_OTEL=true).
# It packages what the build made on the host, so build first, then the image, from the repository root:
#   ./thumbd build && docker build -f deploy/docker/resizer.Dockerfile -t thumbd/resizer:0.1.0-SNAPSHOT .
# The base images are build arguments (the public ones by default; deploy/smoke/run.sh passes images made locally).
ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${JDK_IMAGE} AS jre
# What jdeps lists for the resizer and its libraries (docs/DEPLOY.md), java.instrument for the agent, and the Vector
# API; FFM is in java.base.
ARG JAVA_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.incubator.vector,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported
RUN jlink --add-modules "$JAVA_MODULES" --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 \
    --output /jre

FROM ${RUNTIME_IMAGE}
ARG DEBIAN_FRONTEND=noninteractive
# The native codec libraries: the RUNTIME_PACKAGES of ./thumbd (ImagesTest checks they agree).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libturbojpeg0 libpng16-16 libwebp7 libwebpdemux2 libwebpmux3 libavif15 libaom3 \
    libdav1d6 libheif1 libde265-0 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/thumbd --create-home thumbd \
 && mkdir -p /var/lib/thumbd/cache /var/lib/thumbd/data && chown thumbd:thumbd /var/lib/thumbd/cache /var/lib/thumbd/data
COPY --from=jre /jre /opt/java/openjdk
COPY ops/target/otel/opentelemetry-javaagent.jar /app/otel/opentelemetry-javaagent.jar
COPY resizer/target/lib /app/lib
COPY resizer/target/thumbd-resizer-0.1.0-SNAPSHOT.jar /app/
COPY deploy/docker/entrypoint.sh /app/entrypoint.sh
# The JVM flags of ./thumbd resizer: thumbd.jvm.modules and thumbd.jvm.native of pom.xml, then SERVICE_JAVA_OPTS
# (ImagesTest checks they agree).
ENV THUMBD_MAIN=dev.thumbd.resizer.ResizerApplication \
    JAVA_OPTS="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms32m -Xmx256m -XX:MaxNewSize=32m -XX:TrimNativeHeapInterval=500 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    SERVER_PORT=8081 \
    MANAGEMENT_SERVER_PORT=8082 \
    THUMBD_STORE_ROOT=/var/lib/thumbd/data \
    THUMBD_CACHE_DISK_DIR=/var/lib/thumbd/cache
USER 10001:10001
WORKDIR /var/lib/thumbd
EXPOSE 8081 8082
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD curl -fs http://127.0.0.1:8082/actuator/health/readiness || exit 1
ENTRYPOINT ["/app/entrypoint.sh"]
