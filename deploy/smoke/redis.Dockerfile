# Redis for the smoke run: Debian's redis-server (7.0, the version docker-compose.yml pins) on the local Debian image,
# standing in for the public redis image, which cannot be pulled where the smoke test was made.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
USER redis
WORKDIR /var/lib/redis
# as the public image's entry point does for a command line without a configuration file: other containers may connect
ENTRYPOINT ["/bin/sh", "-c", "exec \"$@\" --protected-mode no", "redis"]
CMD ["redis-server", "--save", "", "--appendonly", "no"]
