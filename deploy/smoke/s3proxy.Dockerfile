# An S3 server for the smoke run, in the place of MinIO (which cannot be pulled where the smoke test was made):
# S3Proxy (the version the storage adapter's tests use, from Maven Central) on a filesystem blob store, listening on
# MinIO's port with the MinIO credentials of docker-compose.yml. Build context: the directory holding s3proxy.jar
# (the jar-with-dependencies) and s3proxy-entrypoint.sh; run.sh prepares it.
ARG JDK_IMAGE=eclipse-temurin:25-jdk
FROM ${JDK_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* /var/cache/apt/* \
 && useradd --system --uid 10002 --user-group --home-dir /data --create-home s3proxy
COPY s3proxy.jar /opt/s3proxy/s3proxy.jar
COPY s3proxy-entrypoint.sh /opt/s3proxy/entrypoint.sh
USER 10002:10002
EXPOSE 9000
ENTRYPOINT ["/opt/s3proxy/entrypoint.sh"]
