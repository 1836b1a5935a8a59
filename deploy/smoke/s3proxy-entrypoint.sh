#!/bin/sh
# S3Proxy on /data, port 9000, authenticated with the MinIO credentials the compose file gives the resizers.
set -eu
mkdir -p /data/blobs
cat > /tmp/s3proxy.properties <<PROPS
s3proxy.endpoint=http://0.0.0.0:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${MINIO_ROOT_USER}
s3proxy.credential=${MINIO_ROOT_PASSWORD}
jclouds.provider=filesystem
jclouds.filesystem.basedir=/data/blobs
PROPS
exec java -Xmx128m -XX:+UseSerialGC -jar /opt/s3proxy/s3proxy.jar --properties /tmp/s3proxy.properties
