#!/usr/bin/env bash
# Builds OpenLVA's container images with podman, without a Docker engine and without pulling anything:
#   <registry>/<group>/<name>:<tag>, by default localhost/openlva/<name>:<project version> (the chart's and
#   docker-compose.yml's default names), for
#     ingest-service sampler-service inference-service recorder-service hub-bridge   (each module's
#                          src/main/docker/Dockerfile.jvm over its target/quarkus-app)
#     simulated-camera     images/camera: GStreamer RTSP server looping a clip of opencv-doc's vtest.avi
#     kafka                images/kafka: Kafka 4.x from the Maven Central jars, started by the chart's
#                          helm/openlva/files/kafka-broker.sh
#     tools                images/tools: Kafka's command-line tools, curl, sha256sum, tar for the chart's topics
#                          job, model download and helm test
#   and writes each as an OCI archive, target/images/<name>.oci.tar, that `podman load -i` and
#   `k3s ctr images import` take (the archive carries the image's full name for both).
#
# Needs `./mvnw -B package` first (the services' target/quarkus-app, images/target/kafka/libs, devkit's classes)
# and the packages scripts/setup.sh installs (podman, skopeo, debootstrap, ffmpeg, opencv-doc).
#
# Base: Debian bookworm built here with `debootstrap --variant=minbase` (root or sudo) and imported into podman,
# cached in ${OPENLVA_CACHE:-~/.cache/openlva}/images; OpenJDK 17 and the rest come from Debian's archive.
# With --base IMAGE (e.g. debian:bookworm-slim) a pulled base replaces it. No image holds model weights.
# Labels: org.opencontainers.image.version (project version), .revision (git commit), .title.
#
# Usage: scripts/build-images.sh [options]
#   --base IMAGE        start from IMAGE (e.g. docker.io/library/debian:bookworm-slim) instead of debootstrap
#   --push DEST         then push every image to DEST/<name>:<tag>, e.g. --push registry.example.com/openlva
#   --registry HOST     name images HOST/<group>/... (default localhost)
#   --group NAME        name images <registry>/NAME/... (default openlva)
#   --tag TAG           tag (default: the project version)
#   --only "A B"        build only these images (names above)
#   --no-archives       do not write target/images/*.oci.tar
#   --refresh-base      debootstrap a new base even when one is cached (security updates)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SERVICES=(ingest-service sampler-service inference-service recorder-service hub-bridge)
ALL=("${SERVICES[@]}" simulated-camera kafka tools)
BASE=""
PUSH=""
REGISTRY=localhost
GROUP=openlva
TAG=""
ONLY=""
ARCHIVES=1
REFRESH_BASE=0
while (($#)); do
  case "$1" in
    --base) BASE="$2"; shift ;;
    --push) PUSH="${2%/}"; shift ;;
    --registry) REGISTRY="$2"; shift ;;
    --group) GROUP="$2"; shift ;;
    --tag) TAG="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --no-archives) ARCHIVES=0 ;;
    --refresh-base) REFRESH_BASE=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown option $1 (--help lists them)" >&2; exit 2 ;;
  esac
  shift
done

die() { echo "build-images: $*" >&2; exit 1; }
log() { echo "build-images: $*" >&2; }
command -v podman >/dev/null || die "podman is missing: run scripts/setup.sh"
command -v skopeo >/dev/null || die "skopeo is missing: run scripts/setup.sh"

VERSION=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -n1)
[ -n "$VERSION" ] || die "cannot read the project version from pom.xml"
TAG=${TAG:-$VERSION}
KAFKA_VERSION=$(sed -n 's|.*<kafka.version>\(.*\)</kafka.version>.*|\1|p' pom.xml | head -n1)
REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [ "$REVISION" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  REVISION="$REVISION-dirty"
fi
PREFIX="$REGISTRY/$GROUP"
CACHE="${OPENLVA_CACHE:-$HOME/.cache/openlva}/images"
OUT="$ROOT/target/images"
mkdir -p "$CACHE" "$OUT"

wanted() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }
for n in $ONLY; do [[ " ${ALL[*]} " == *" $n "* ]] || die "unknown image $n (one of: ${ALL[*]})"; done

# Prerequisites from the Maven build, checked before anything slow starts.
for s in "${SERVICES[@]}"; do
  if wanted "$s" && [ ! -f "$s/target/quarkus-app/quarkus-run.jar" ]; then
    die "$s/target/quarkus-app is missing: run ./mvnw -B package -DskipTests first"
  fi
done
if wanted kafka && ! compgen -G "images/target/kafka/libs/kafka_2.13-*.jar" >/dev/null; then
  die "images/target/kafka/libs is missing: run ./mvnw -B package -DskipTests first"
fi
if wanted simulated-camera && [ ! -d devkit/target/classes/io/openlva/devkit ]; then
  die "devkit/target/classes is missing: run ./mvnw -B package -DskipTests first"
fi

# One build at a time on a machine: image names and the base cache are shared.
exec 9>"$CACHE/.lock"
flock -w 1800 9 || die "another build-images.sh holds $CACHE/.lock"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The debootstrap base: built once per machine (or with --refresh-base), imported into podman once per rootfs.
debootstrap_base() {
  local tar="$CACHE/debian-bookworm-minbase.tar" name="localhost/openlva/debian:bookworm-minbase"
  if [ "$REFRESH_BASE" = 1 ] || [ ! -s "$tar" ]; then
    command -v debootstrap >/dev/null || die "debootstrap is missing: run scripts/setup.sh"
    local mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}" dir
    dir=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    log "debootstrap --variant=minbase bookworm from $mirror (once per machine)"
    as_root debootstrap --variant=minbase bookworm "$dir" "$mirror" > "$CACHE/debootstrap.log" 2>&1 \
      || { as_root rm -rf "$dir"; die "debootstrap failed, see $CACHE/debootstrap.log"; }
    # What debian:bookworm-slim sets up: all three suites, no recommends, no docs/man pages, no package caches.
    as_root tee "$dir/etc/apt/sources.list" >/dev/null <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main
EOF
    as_root tee "$dir/etc/apt/apt.conf.d/90openlva-slim" >/dev/null <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
EOF
    as_root tee "$dir/etc/dpkg/dpkg.cfg.d/90openlva-slim" >/dev/null <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
EOF
    as_root sh -c "cd '$dir' && rm -rf var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* \
      var/log/* usr/share/man/* usr/share/info/* usr/share/locale/* \
      && find usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete"
    as_root tar -C "$dir" --numeric-owner -cf "$tar.tmp" .
    as_root chown "$(id -u):$(id -g)" "$tar.tmp"
    mv -f "$tar.tmp" "$tar"
    as_root rm -rf "$dir"
  fi
  local sum
  sum=$(sha256sum "$tar" | cut -d' ' -f1)
  if [ "$(podman image inspect --format '{{index .Labels "io.openlva.rootfs.sha256"}}' "$name" 2>/dev/null)" != "$sum" ]; then
    log "importing the bookworm base into podman"
    podman import --quiet --change "LABEL io.openlva.rootfs.sha256=$sum" --change 'CMD ["/bin/bash"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tar" "$name" >/dev/null
  fi
  echo "$name"
}

# podman build with the common labels; $1 = image name (short), the rest = build arguments.
build() {
  local name="$1" ref="$PREFIX/$1:$TAG"
  shift
  local started=$SECONDS
  podman build --layers --pull=never \
    --label "org.opencontainers.image.title=openlva-$name" \
    --label "org.opencontainers.image.version=$VERSION" \
    --label "org.opencontainers.image.revision=$REVISION" \
    -t "$ref" "$@" > "$OUT/$name.build.log" 2>&1 \
    || { tail -n 30 "$OUT/$name.build.log" >&2; die "building $ref failed, see $OUT/$name.build.log"; }
  log "built $ref ($((SECONDS - started)) s)"
}

started=$SECONDS
if [ -n "$BASE" ]; then
  podman image exists "$BASE" || podman pull "$BASE" >/dev/null || die "cannot pull $BASE"
  BASE_REF="$BASE"
else
  BASE_REF=$(debootstrap_base)
fi
log "base $BASE_REF; images $PREFIX/<name>:$TAG (revision $REVISION)"

JRE_REF="localhost/openlva/jre:$TAG"
needs_jre=0
for n in "${SERVICES[@]}" kafka tools; do wanted "$n" && needs_jre=1; done
if [ "$needs_jre" = 1 ]; then
  podman build --layers --pull=never --build-arg "BASE=$BASE_REF" -t "$JRE_REF" images/jre > "$OUT/jre.build.log" 2>&1 \
    || { tail -n 30 "$OUT/jre.build.log" >&2; die "building $JRE_REF failed, see $OUT/jre.build.log"; }
fi

for s in "${SERVICES[@]}"; do
  wanted "$s" && build "$s" --build-arg "JRE_IMAGE=$JRE_REF" -f "$s/src/main/docker/Dockerfile.jvm" "$s"
done

CONTEXTS="$ROOT/target/images/context"
if wanted kafka || wanted tools; then
  # Kafka's distribution once, as a local base of both (like the JRE image); its context keeps the jars' timestamps
  # so the layers are cached.
  rm -rf "$CONTEXTS/kafka" && mkdir -p "$CONTEXTS/kafka"
  cp -a images/kafka/bin "$CONTEXTS/kafka/bin"
  cp -a images/target/kafka/libs "$CONTEXTS/kafka/libs"
  DISTRIBUTION_REF="localhost/openlva/kafka-distribution:$TAG"
  podman build --layers --pull=never --build-arg "JRE_IMAGE=$JRE_REF" -t "$DISTRIBUTION_REF" \
    -f images/kafka/Containerfile.distribution "$CONTEXTS/kafka" > "$OUT/kafka-distribution.build.log" 2>&1 \
    || { tail -n 30 "$OUT/kafka-distribution.build.log" >&2; die "building $DISTRIBUTION_REF failed"; }
  wanted kafka && build kafka --build-arg "DISTRIBUTION_IMAGE=$DISTRIBUTION_REF" \
    --label "org.apache.kafka.version=$KAFKA_VERSION" images/kafka
  wanted tools && build tools --build-arg "DISTRIBUTION_IMAGE=$DISTRIBUTION_REF" \
    --label "org.apache.kafka.version=$KAFKA_VERSION" images/tools
fi
if wanted simulated-camera; then
  # The clip devkit's SampleClips makes for the tests and the local run (cached; ffmpeg + opencv-doc on this host).
  clip=$(java -cp devkit/target/classes io.openlva.devkit.clips.SampleClips | head -n1)
  [ -f "$clip" ] || die "no sample clip from devkit's SampleClips: $clip"
  rm -rf "$CONTEXTS/camera" && mkdir -p "$CONTEXTS/camera"
  cp images/camera/Containerfile "$CONTEXTS/camera/"
  cp devkit/src/main/resources/io/openlva/devkit/camera/rtsp_camera.py "$CONTEXTS/camera/"
  cp "$clip" "$CONTEXTS/camera/vtest.mp4"
  chmod 0644 "$CONTEXTS/camera/"*   # the cached clip is private to its maker; the camera runs as another user
  build simulated-camera --build-arg "BASE=$BASE_REF" "$CONTEXTS/camera"
fi
log "images built in $((SECONDS - started)) s"

# OCI archives. containerd (k3s ctr images import) names an OCI archive's image from the io.containerd.image.name
# annotation and podman load from org.opencontainers.image.ref.name: both carry the full name. An archive whose
# image did not change is kept.
if [ "$ARCHIVES" = 1 ]; then
  for n in "${ALL[@]}"; do
    wanted "$n" || continue
    ref="$PREFIX/$n:$TAG" archive="$OUT/$n.oci.tar"
    id=$(podman image inspect --format '{{.Id}}' "$ref")
    if [ -f "$archive" ] && [ "$(cat "$archive.id" 2>/dev/null)" = "$id" ]; then
      continue
    fi
    layout="$OUT/layout-$n"
    rm -rf "$layout" "$archive" "$archive.id"
    skopeo copy --quiet "containers-storage:$ref" "oci:$layout:$ref" 2>>"$OUT/$n.build.log"
    python3 - "$layout/index.json" "$ref" <<'EOF'
import json, sys
path, ref = sys.argv[1], sys.argv[2]
index = json.load(open(path))
for m in index["manifests"]:
    m.setdefault("annotations", {})["io.containerd.image.name"] = ref
json.dump(index, open(path, "w"))
EOF
    tar -C "$layout" -cf "$archive.tmp" .
    mv -f "$archive.tmp" "$archive"
    echo "$id" > "$archive.id"
    rm -rf "$layout"
  done
  log "archives in $OUT"
fi

# Sizes, for the record (podman's uncompressed size).
for n in "${ALL[@]}"; do
  wanted "$n" || continue
  printf 'build-images: %-18s %s\n' "$n" "$(podman image inspect --format '{{.Size}}' "$PREFIX/$n:$TAG" | awk '{printf "%.0f MB", $1/1000000}')"
done

if [ -n "$PUSH" ]; then
  for n in "${ALL[@]}"; do
    wanted "$n" || continue
    dest="$PUSH/$n:$TAG"
    tls=()
    # A registry on this machine (tests, a local mirror) usually has no TLS, as Docker assumes for 127.0.0.0/8.
    case "$PUSH" in localhost:*|127.0.0.1:*|localhost/*|127.0.0.1/*) tls=(--tls-verify=false) ;; esac
    podman push --quiet "${tls[@]}" "$PREFIX/$n:$TAG" "docker://$dest" || die "pushing $dest failed"
    log "pushed $dest"
  done
fi
log "done in $((SECONDS - started)) s"
