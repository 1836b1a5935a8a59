# Alertmanager for the smoke run: Debian's package (0.25, the version docker-compose.yml pins) on the local Debian
# image, with the public image's entry point and working directory, so the compose file's command and mounts apply.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends prometheus-alertmanager wget \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* && mkdir -p /alertmanager && chown prometheus:prometheus /alertmanager
USER prometheus
WORKDIR /alertmanager
ENTRYPOINT ["/usr/bin/prometheus-alertmanager"]
CMD ["--config.file=/etc/alertmanager/alertmanager.yml"]
