#!/bin/sh
# Container entry point: the JVM flags of ./thumbd (JAVA_OPTS), the OpenTelemetry agent when THUMBD_OTEL=true, then
# the service's main class (THUMBD_MAIN) with any arguments.
set -eu
AGENT=""
if [ "${THUMBD_OTEL:-false}" = "true" ] && [ -f /app/otel/opentelemetry-javaagent.jar ]; then
  AGENT="-javaagent:/app/otel/opentelemetry-javaagent.jar"
  export OTEL_METRICS_EXPORTER="${OTEL_METRICS_EXPORTER:-none}" OTEL_LOGS_EXPORTER="${OTEL_LOGS_EXPORTER:-none}"
fi
# shellcheck disable=SC2086
exec /opt/java/openjdk/bin/java ${JAVA_OPTS:-} $AGENT -cp "/app/*:/app/lib/*" "$THUMBD_MAIN" "$@"
