#!/usr/bin/env bash
# The smoke test of the deployment: builds the images and starts the compose stack with podman, then checks it
# through the gateway, and removes what it started (containers, their volumes and network) whatever happens.
#
#   deploy/smoke/run.sh          (as root, on Debian with podman, runc, podman-compose and mmdebstrap; ./thumbd smoke)
#
# What cannot be pulled here is made locally: the Debian base image (mmdebstrap), a Temurin 25 JDK image from the
# host's JDK, Redis, Prometheus and Alertmanager from Debian's packages, and S3Proxy from Maven Central in the place of
# MinIO (deploy/smoke/compose.yml). The checks: the gateway, both resizers, S3, Redis, Prometheus and Alertmanager
# report healthy; an original uploaded through the gateway with an API key; signed thumbnails of it answered by both
# resizers (X-Thumbd-Replica); Prometheus scraping the gateway and both resizers with the repository's rules loaded;
# one resizer killed, and thumbnails still answered, by the other. Figures (image sizes, start-up, first thumbnail,
# duration) are printed at the end and written to target/smoke/figures.txt. docs/DEPLOY.md tells more.
#
# Exit status: 0 passed, 1 failed, 77 skipped (podman not usable here; the reason is printed).
# THUMBD_SMOKE_FRESH=1 remakes the base images too (otherwise made once and kept, like pulled images).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
START=$SECONDS
export THUMBD_SMOKE_DIR="$ROOT/target/smoke"
PROJECT="thumbd-smoke-$$"
JDK_DIR=${THUMBD_SMOKE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
VERSION=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
S3PROXY_VERSION=$(sed -n 's:.*<s3proxy.version>\(.*\)</s3proxy.version>.*:\1:p' pom.xml)
export THUMBD_SMOKE_S3PROXY_VERSION=$S3PROXY_VERSION
SERVICES=(minio redis resizer-1 resizer-2 gateway prometheus alertmanager)

say() { echo "smoke: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
skip() { say "skipped: $*"; exit 77; }
figure() { say "figure: $*"; echo "$*" >> "$THUMBD_SMOKE_DIR/figures.txt"; }

[ "$(id -u)" = 0 ] || skip "podman runs containers here as root only (rootless needs subuid ranges); run as root"
for tool in podman runc podman-compose python3 curl; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (apt-get install podman runc podman-compose mmdebstrap)"
done
[ -x "$JDK_DIR/bin/jlink" ] || skip "no JDK 25 at $JDK_DIR (THUMBD_SMOKE_JDK) to make the JDK image from"

rm -rf "$THUMBD_SMOKE_DIR"; mkdir -p "$THUMBD_SMOKE_DIR"
# podman's settings for this machine, for this run only: runc with the cgroupfs manager (crun refuses hybrid cgroups)
# and explicit limits (the runtime's defaults are refused)
cat > "$THUMBD_SMOKE_DIR/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
EOF
export CONTAINERS_CONF="$THUMBD_SMOKE_DIR/containers.conf"
podman info >/dev/null 2>&1 || skip "podman does not work here: $(podman info 2>&1 | tail -1)"

# Everything the run starts carries its project label; the trap removes it, and keeps the logs for a failed run.
cleanup() {
  local status=$?
  set +e
  if [ "$status" != 0 ] && [ "$status" != 77 ]; then
    for c in $(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}'); do
      podman logs "$c" > "$THUMBD_SMOKE_DIR/$c.log" 2>&1
    done
    say "container logs: $THUMBD_SMOKE_DIR/*.log"
  fi
  podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman rm -f -t 2 >/dev/null 2>&1
  podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null 2>&1
  podman network ls -q --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman network rm -f >/dev/null 2>&1
  say "removed the containers, volumes and network of $PROJECT"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

build_image() { # tag, then podman build arguments; prints nothing, fails with the build's last lines
  local tag=$1 log="$THUMBD_SMOKE_DIR/build-${1//[\/:]/_}.log"; shift
  podman build --network host -t "$tag" "$@" > "$log" 2>&1 || { tail -20 "$log" >&2; fail "building $tag (log: $log)"; }
}

# --- base images, made from Debian packages and the host's JDK once (pulled images are kept the same way) ---------
t=$SECONDS
if [ "${THUMBD_SMOKE_FRESH:-0}" = 1 ] || ! podman image exists localhost/debian:12; then
  command -v mmdebstrap >/dev/null || skip "mmdebstrap is not installed (apt-get install mmdebstrap)"
  say "making localhost/debian:12 with mmdebstrap (about a minute)"
  # as debian:bookworm-slim: no documentation, manual pages or translations, no package lists
  mmdebstrap --quiet --variant=minbase --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' bookworm "$THUMBD_SMOKE_DIR/rootfs.tar" \
    || fail "mmdebstrap could not make a Debian 12 root filesystem"
  podman import "$THUMBD_SMOKE_DIR/rootfs.tar" localhost/debian:12 >/dev/null
  rm -f "$THUMBD_SMOKE_DIR/rootfs.tar"
fi
if [ "${THUMBD_SMOKE_FRESH:-0}" = 1 ] || ! podman image exists localhost/temurin:25-jdk; then
  say "making localhost/temurin:25-jdk from $JDK_DIR"
  # a copy with the links followed: Debian's Temurin links lib/security/cacerts to /etc/ssl/certs/java
  mkdir -p "$THUMBD_SMOKE_DIR/jdk"
  tar -C "$JDK_DIR" -ch . | tar -C "$THUMBD_SMOKE_DIR/jdk" -x
  build_image localhost/temurin:25-jdk -f - "$THUMBD_SMOKE_DIR/jdk" <<'EOF'
FROM localhost/debian:12
COPY . /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
EOF
  rm -rf "$THUMBD_SMOKE_DIR/jdk"
fi
figure "base images ready in $((SECONDS - t)) s"

# --- thumbd's images, from the jars of this checkout ----------------------------------------------------------------
jar_r=resizer/target/thumbd-resizer-$VERSION.jar jar_g=gateway/target/thumbd-gateway-$VERSION.jar
otel=ops/target/otel/opentelemetry-javaagent.jar
MODULES=(common storage-adapter resizer gateway)   # what the images package
if [ ! -f "$jar_r" ] || [ ! -f "$jar_g" ] || [ ! -f "$otel" ] \
   || [ -n "$(find pom.xml "${MODULES[@]/%//pom.xml}" "${MODULES[@]/%//src}" -newer "$jar_r" -print -quit)" ] \
   || [ -n "$(find pom.xml "${MODULES[@]/%//pom.xml}" "${MODULES[@]/%//src}" -newer "$jar_g" -print -quit)" ]; then
  say "building the jars (./thumbd build)"
  ./thumbd build
fi
t=$SECONDS
for service in resizer gateway; do
  say "building thumbd/$service:$VERSION"
  build_image "thumbd/$service:$VERSION" -f "deploy/docker/$service.Dockerfile" \
    --build-arg JDK_IMAGE=localhost/temurin:25-jdk --build-arg RUNTIME_IMAGE=localhost/debian:12 .
done
figure "thumbd images built in $((SECONDS - t)) s"
for service in resizer gateway; do
  figure "image thumbd/$service:$VERSION: $(podman image inspect --format '{{.Size}}' "thumbd/$service:$VERSION" \
    | awk '{printf "%.0f MB", $1 / 1e6}')"
done

# --- the stand-ins for the images this machine cannot pull --------------------------------------------------------
t=$SECONDS
./mvnw -q -B dependency:copy -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
  -DoutputDirectory="$THUMBD_SMOKE_DIR/s3proxy" -Dmdep.stripVersion=true -Dmdep.stripClassifier=true >&2 \
  || fail "could not fetch S3Proxy $S3PROXY_VERSION from Maven Central"
cp deploy/smoke/s3proxy-entrypoint.sh "$THUMBD_SMOKE_DIR/s3proxy/"
build_image "localhost/thumbd-smoke/s3proxy:$S3PROXY_VERSION" -f deploy/smoke/s3proxy.Dockerfile \
  --build-arg JDK_IMAGE=localhost/temurin:25-jdk "$THUMBD_SMOKE_DIR/s3proxy"
build_image localhost/thumbd-smoke/redis:7.0.15 -f deploy/smoke/redis.Dockerfile \
  --build-arg BASE_IMAGE=localhost/debian:12 deploy/smoke
build_image localhost/thumbd-smoke/prometheus:2.42.0 -f deploy/smoke/prometheus.Dockerfile \
  --build-arg BASE_IMAGE=localhost/debian:12 deploy/smoke
build_image localhost/thumbd-smoke/alertmanager:0.25.0 -f deploy/smoke/alertmanager.Dockerfile \
  --build-arg BASE_IMAGE=localhost/debian:12 deploy/smoke
figure "S3Proxy, Redis, Prometheus and Alertmanager images ready in $((SECONDS - t)) s"
say "not started (no Debian package, and their images cannot be pulled here): grafana, otel-collector, jaeger;" \
  "tracing is off in this run"

# --- the stack ----------------------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
secret() { head -c 24 /dev/urandom | base64 | tr '+/' '-_'; }
API_KEY=$(secret)
export MINIO_ROOT_USER=thumbd MINIO_ROOT_PASSWORD THUMBD_SIGNING_SECRET THUMBD_RESIZER_TOKEN THUMBD_API_KEY_SHA256
MINIO_ROOT_PASSWORD=$(secret); THUMBD_SIGNING_SECRET=$(secret); THUMBD_RESIZER_TOKEN=$(secret)
THUMBD_API_KEY_SHA256=$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)
export THUMBD_HTTP_PORT THUMBD_PROMETHEUS_PORT THUMBD_MINIO_CONSOLE_PORT
THUMBD_HTTP_PORT=$(free_port); THUMBD_PROMETHEUS_PORT=$(free_port); THUMBD_MINIO_CONSOLE_PORT=$(free_port)
(umask 022; printf %s "$THUMBD_RESIZER_TOKEN" > "$THUMBD_SMOKE_DIR/degradation-token")
python3 deploy/smoke/compose-merge.py docker-compose.yml deploy/smoke/compose.yml > "$THUMBD_SMOKE_DIR/compose.yml"
compose() { podman-compose -p "$PROJECT" -f "$THUMBD_SMOKE_DIR/compose.yml" "$@"; }
container() { # service -> its container's name
  podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" \
    --format '{{.Names}}' | head -1
}

say "starting ${SERVICES[*]} as project $PROJECT (gateway on 127.0.0.1:$THUMBD_HTTP_PORT)"
t=$SECONDS
compose up -d --no-build "${SERVICES[@]}" > "$THUMBD_SMOKE_DIR/compose-up.log" 2>&1 \
  || { tail -20 "$THUMBD_SMOKE_DIR/compose-up.log" >&2; fail "podman-compose up"; }
pending=("${SERVICES[@]}")
deadline=$((SECONDS + ${THUMBD_SMOKE_READY_SECONDS:-240}))
while [ ${#pending[@]} -gt 0 ]; do
  [ $SECONDS -lt $deadline ] || fail "not healthy after ${THUMBD_SMOKE_READY_SECONDS:-240} s: ${pending[*]}"
  left=()
  for s in "${pending[@]}"; do
    # the compose file's own health check, run now (podman runs it on a timer only under systemd)
    if podman healthcheck run "$(container "$s")" >/dev/null 2>&1; then
      say "$s healthy after $((SECONDS - t)) s"
    else
      left+=("$s")
    fi
  done
  pending=("${left[@]}")
  [ ${#pending[@]} -eq 0 ] || sleep 1
done
figure "stack healthy $((SECONDS - t)) s after podman-compose up"
for s in resizer-1 gateway; do
  started=$(podman logs "$(container "$s")" 2>&1 | grep -o 'Started [A-Za-z]* in [0-9.]* seconds' | head -1)
  figure "$s: ${started:-no start-up line}"
done

# --- the checks, through the gateway ------------------------------------------------------------------------------
GW="http://127.0.0.1:$THUMBD_HTTP_PORT"
status=$(curl -sS -o "$THUMBD_SMOKE_DIR/upload.out" -w '%{http_code}' -T samples/landscape.jpg \
  -H "X-Api-Key: $API_KEY" -H 'Content-Type: image/jpeg' "$GW/v1/images/smoke/landscape.jpg")
case $status in 2??) say "upload through the gateway with the API key: $status" ;;
  *) fail "upload answered $status: $(head -c 400 "$THUMBD_SMOKE_DIR/upload.out")" ;; esac
status=$(curl -sS -o /dev/null -w '%{http_code}' -T samples/landscape.jpg -H 'Content-Type: image/jpeg' \
  "$GW/v1/images/smoke/unkeyed.jpg")
[ "$status" = 401 ] || [ "$status" = 403 ] || fail "an upload without the API key answered $status"
say "an upload without the API key is refused ($status)"

# Signed URLs, made before they are needed (./thumbd sign starts a JVM for each): 300 for the first thumbnail, twelve
# widths before and twelve after a resizer is killed
declare -A url=()
for w in 300 $(seq 100 10 210) $(seq 101 10 211); do
  url[$w]=$(THUMBD_SIGNING_KEYS="k1=$THUMBD_SIGNING_SECRET" ./thumbd sign "/v1/resize?src=smoke/landscape.jpg&w=$w&fmt=webp" \
    2>/dev/null | tail -1)
  case ${url[$w]} in /v1/resize\?*sig=*) ;; *) fail "./thumbd sign made no signed URL: ${url[$w]}" ;; esac
done
thumbnail() { # width -> prints "status replica content-type"
  curl -sS -o "$THUMBD_SMOKE_DIR/thumb.out" -D "$THUMBD_SMOKE_DIR/thumb.headers" -w '%{http_code}' "$GW${url[$1]}" \
    | tr -d '\n'
  printf ' %s %s\n' "$(sed -n 's/^x-thumbd-replica: *//Ip' "$THUMBD_SMOKE_DIR/thumb.headers" | tr -d '\r')" \
    "$(sed -n 's/^content-type: *//Ip' "$THUMBD_SMOKE_DIR/thumb.headers" | tr -d '\r')"
}
status=$(curl -sS -o /dev/null -w '%{http_code}' "$GW/v1/resize?src=smoke/landscape.jpg&w=120&fmt=webp")
[ "$status" = 403 ] || fail "an unsigned thumbnail URL answered $status"
say "an unsigned thumbnail URL is refused ($status)"

t_ms=$(date +%s%3N)
read -r code replica type < <(thumbnail 300)
[ "$code" = 200 ] && [ "$type" = image/webp ] || fail "the first signed thumbnail answered $code $type"
figure "first thumbnail through the stack (original read from S3, rendered, answered): $(( $(date +%s%3N) - t_ms )) ms"
declare -A served=()
for w in $(seq 100 10 210); do
  read -r code replica type < <(thumbnail "$w")
  [ "$code" = 200 ] && [ "$type" = image/webp ] || fail "thumbnail w=$w answered $code $type"
  [ -n "$replica" ] || fail "thumbnail w=$w came without X-Thumbd-Replica"
  served[$replica]=$(( ${served[$replica]:-0} + 1 ))
done
say "signed thumbnails answered by: $(for r in "${!served[@]}"; do printf '%s (%s) ' "$r" "${served[$r]}"; done)"
[ ${#served[@]} -eq 2 ] || fail "expected both resizers to answer, got ${!served[*]}"

# Prometheus: every target up, in both jobs, and the repository's rules loaded
PROM="http://127.0.0.1:$THUMBD_PROMETHEUS_PORT"
rules_expected=$(grep -h '^ *- alert:\|^ *- record:' prometheus/rules/*.yml | wc -l)
deadline=$((SECONDS + 90))
until curl -fsS "$PROM/api/v1/targets?state=active" > "$THUMBD_SMOKE_DIR/targets.json" 2>/dev/null \
      && python3 - "$THUMBD_SMOKE_DIR/targets.json" <<'EOF'
import json, sys
targets = json.load(open(sys.argv[1]))["data"]["activeTargets"]
up = sorted(t["labels"]["instance"] for t in targets if t["health"] == "up")
jobs = {t["labels"]["job"] for t in targets if t["health"] == "up"}
sys.exit(0 if up == ["gateway:9080", "resizer-1:8082", "resizer-2:8082"] and jobs == {"thumbd-gateway", "thumbd-resizer"} else 1)
EOF
do
  [ $SECONDS -lt $deadline ] || fail "Prometheus does not scrape all three services: $(head -c 600 "$THUMBD_SMOKE_DIR/targets.json")"
  sleep 3
done
say "Prometheus scrapes gateway:9080, resizer-1:8082 and resizer-2:8082 (all up)"
curl -fsS "$PROM/api/v1/rules" > "$THUMBD_SMOKE_DIR/rules.json" || fail "Prometheus' rules API"
rules_loaded=$(python3 -c 'import json, sys; print(sum(len(g["rules"]) for g in json.load(open(sys.argv[1]))["data"]["groups"]))' \
  "$THUMBD_SMOKE_DIR/rules.json")
[ "$rules_loaded" -gt 0 ] && [ "$rules_loaded" = "$rules_expected" ] \
  || fail "Prometheus loaded $rules_loaded rules, prometheus/rules/ has $rules_expected"
say "Prometheus loaded the repository's $rules_loaded rules"

# One resizer killed: the gateway answers with the other
victim=$(container resizer-1)
podman kill "$victim" >/dev/null
say "killed $victim"
declare -A after=()
for w in $(seq 101 10 211); do
  read -r code replica type < <(thumbnail "$w")
  [ "$code" = 200 ] && [ "$type" = image/webp ] || fail "with resizer-1 killed, thumbnail w=$w answered $code $type"
  after[$replica]=1
done
[ ${#after[@]} -eq 1 ] || fail "with resizer-1 killed, thumbnails came from ${!after[*]}"
say "with resizer-1 killed, 12 new thumbnails were all answered, by ${!after[*]}"
for w in $(seq 100 10 210); do
  read -r code replica type < <(thumbnail "$w")
  [ "$code" = 200 ] || fail "with resizer-1 killed, the thumbnail w=$w made before answered $code"
done
say "and the 12 made before are still answered"

figure "smoke test passed in $((SECONDS - START)) s"
say "PASSED"
