#!/usr/bin/env bash
# Object tracker benchmark; prints figures: CPU per frame and id stability for accuracy low, medium and high, the
# tracker alone on a made-up crowd (BENCH_PEOPLE 20, BENCH_SECONDS 600 of 25 fps video, BENCH_ROUNDS 5).
# Builds inference-service and the modules it uses (no install).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -B -q -o -pl inference-service -am compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$ROOT/inference-service/target/classes:$(cat "$CP_FILE")"
exec java -Xmx512m -cp "$CP" "$HERE/TrackingBench.java"
