#!/usr/bin/env bash
# Inference benchmark: frames/s through Kafka -> ONNX -> Kafka vs a bare ONNX Runtime loop (same model, same
# threads, one run), and frame-in -> event-out latency p50/p99 at a sustainable rate. Prints the figures.
#   BENCH_THREADS (ONNX Runtime intra-op threads, default 2), BENCH_FRAMES (default 60), BENCH_LATENCY_FRAMES (40)
# Needs: the model (scripts/fetch-model.sh); builds inference-service and the modules it uses (no install).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODEL="$("$ROOT/scripts/fetch-model.sh")"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
# one reactor run: the last module written is inference-service, whose classpath uses the reactor's target/classes
./mvnw -B -q -o -pl inference-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$ROOT/inference-service/target/classes:$ROOT/inference-service/target/test-classes:$(cat "$CP_FILE")"
cd "$ROOT/inference-service"   # frames are extracted under target/test-frames
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dorg.jboss.logging.provider=jboss \
  -cp "$CP" "$ROOT/bench/inference/InferenceBench.java" "$MODEL"
