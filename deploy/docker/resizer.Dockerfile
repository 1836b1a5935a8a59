# The resizer image: Temurin 25 on Debian 12 with the native codec libraries, a non-root user, the JVM flags of
# ./thumbd, and the OpenTelemetry agent (on with THUMBD_OTEL=true). Build from the repository root:
#   docker build -f deploy/docker/resizer.Dockerfile -t thumbd/resizer .
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -pl resizer -am package -DskipTests \
 && curl -fsSL -o /src/opentelemetry-javaagent.jar \
    https://repo1.maven.org/maven2/io/opentelemetry/javaagent/opentelemetry-javaagent/2.33.1/opentelemetry-javaagent-2.33.1.jar

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libturbojpeg0 libpng16-16 libwebp7 libwebpdemux2 libavif15 libaom3 \
    libdav1d6 libheif1 libde265-0 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/thumbd --create-home thumbd
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk /opt/java/openjdk
COPY --from=build /src/resizer/target/thumbd-resizer-0.1.0-SNAPSHOT.jar /app/
COPY --from=build /src/resizer/target/lib /app/lib
COPY --from=build /src/opentelemetry-javaagent.jar /app/otel/opentelemetry-javaagent.jar
COPY deploy/docker/entrypoint.sh /app/entrypoint.sh
ENV THUMBD_MAIN=dev.thumbd.resizer.ResizerApplication \
    JAVA_OPTS="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms32m -Xmx256m -XX:MaxNewSize=32m -XX:TrimNativeHeapInterval=2000 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    SERVER_PORT=8081 \
    MANAGEMENT_SERVER_PORT=8082 \
    THUMBD_STORE_ROOT=/var/lib/thumbd/data \
    THUMBD_CACHE_DISK_DIR=/var/lib/thumbd/cache
USER thumbd
WORKDIR /var/lib/thumbd
EXPOSE 8081 8082
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD curl -fs http://127.0.0.1:8082/actuator/health/readiness || exit 1
ENTRYPOINT ["/app/entrypoint.sh"]
