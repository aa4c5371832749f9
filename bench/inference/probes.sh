#!/usr/bin/env bash
# Hostile-input probes of inference-service's /score (issue 17's figures); prints them.
#   40 parallel "pixel bombs" (a 1 MB PNG declaring 20000x20000 pixels: 1.2 GB of RGB if decoded), then 40 parallel
#   real JPEGs: status counts, the JVM's heap peak (largest heap before a GC, from the GC log) and the process's
#   peak resident memory (VmHWM) before and after.
#   PROBE_CLIENTS (40), PROBE_XMX (512m: a smaller heap than the chart's 2 GiB pod would give).
# Needs the model (scripts/fetch-model.sh), Debian's ffmpeg and curl; builds inference-service (no install). No Kafka:
# the HTTP endpoints serve while the service waits for its broker.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODEL="$("$ROOT/scripts/fetch-model.sh")"
CLIENTS="${PROBE_CLIENTS:-40}"
WORK="$(mktemp -d)"
PID=""
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
./mvnw -B -q -o -pl inference-service -am package -DskipTests >/dev/null
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9 \
  OPENLVA_INFERENCE_DEFAULT_MODEL_PATH="$MODEL" OPENLVA_INFERENCE_GRPC_SERVER_HOST=127.0.0.1 \
  OPENLVA_INFERENCE_GRPC_SERVER_PORT=0 \
  java "-Xmx${PROBE_XMX:-512m}" -XX:+ExitOnOutOfMemoryError "-Xlog:gc:file=$WORK/gc.log" \
  -jar inference-service/target/quarkus-app/quarkus-run.jar >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$PORT/q/health/live" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { tail -20 "$WORK/service.log"; exit 1; }
  sleep 1
done
URL="http://127.0.0.1:$PORT/score"
python3 - "$WORK/bomb.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)  # 8-bit RGB
idat = zlib.compress(bytes(1 << 20), 0)                     # 1 MiB stored: a 1 MB file
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
PY
ffmpeg -loglevel error -f lavfi -i testsrc=size=1280x720 -frames:v 1 "$WORK/frame.jpg"
# the first real request loads the model: not part of the figures
curl -s -o /dev/null -H 'Content-Type: image/jpeg' --data-binary @"$WORK/frame.jpg" "$URL"
hwm() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$PID/status"; }
heap_peak() { grep -o '[0-9]*M->' "$WORK/gc.log" | sed 's/M->//' | sort -n | tail -1; }
burst() { # $1 file, $2 content type; prints the status counts
  for _ in $(seq "$CLIENTS"); do
    curl -s -o /dev/null -w '%{http_code}\n' -H "Content-Type: $2" --data-binary @"$1" "$URL" &
  done | sort | uniq -c | awk '{printf "%s x %s  ", $2, $1}'
  wait
}
echo "probe: bomb $(stat -c %s "$WORK/bomb.png") bytes declaring 20000x20000; heap max ${PROBE_XMX:-512m}"
echo "probe: before: peak RSS $(hwm) MiB, heap peak $(heap_peak) MiB"
echo "probe: $CLIENTS parallel bombs: $(burst "$WORK/bomb.png" image/png)"
echo "probe: after bombs: peak RSS $(hwm) MiB, heap peak $(heap_peak) MiB, service alive: $(kill -0 "$PID" && echo yes)"
echo "probe: $CLIENTS parallel 1280x720 JPEGs: $(burst "$WORK/frame.jpg" image/jpeg)"
echo "probe: after JPEGs: peak RSS $(hwm) MiB, heap peak $(heap_peak) MiB, service alive: $(kill -0 "$PID" && echo yes)"
curl -s "http://127.0.0.1:$PORT/q/metrics" | grep '^openlva_inference_score_refused_total' | sed 's/^/probe: /'
