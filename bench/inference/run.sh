#!/usr/bin/env bash
# Inference benchmarks; print figures.
#   bench/inference/run.sh [throughput]: frames/s through Kafka -> ONNX -> Kafka vs a bare ONNX Runtime loop (same
#     model, same threads), in interleaved rounds so both see the same load on a shared machine; CPU per frame of
#     each; then frame-in -> event-out latency p50/p99 at a sustainable rate.
#   bench/inference/run.sh scaleout: one 25 fps camera spread over the frames partitions, inference events/s with 1
#     and 2 replica processes (1 intra-op thread each), then the survivor's takeover time after a SIGKILL.
#     BENCH_FPS (25), BENCH_SECONDS (40 per setup), BENCH_SESSION_TIMEOUT_MS (10000, the service's default)
#   bench/inference/run.sh transfer: 1080p raw RGB frames/s to an extension that finds nothing, over gRPC shared
#     memory, gRPC embedded and HTTP (target: shared memory >= 2x HTTP). BENCH_FRAMES (60), BENCH_ROUNDS (3)
#   BENCH_THREADS (ONNX Runtime intra-op threads, default 2), BENCH_FRAMES (frames per side, default 100),
#   BENCH_ROUNDS (default 5), BENCH_LATENCY_FRAMES (40), BENCH_JAVA_OPTS (e.g. a JFR recording),
#   BENCH_TREE (another checkout of this repository to measure with this same bench: before/after comparisons)
# Needs: the model (scripts/fetch-model.sh); builds inference-service and the modules it uses (no install).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODEL="$("$ROOT/scripts/fetch-model.sh")"
TREE="$(cd "${BENCH_TREE:-$ROOT}" && pwd)"
cd "$TREE"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
# one reactor run: the last module written is inference-service, whose classpath uses the reactor's target/classes
./mvnw -B -q -o -pl inference-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$TREE/inference-service/target/classes:$TREE/inference-service/target/test-classes:$(cat "$CP_FILE")"
cd "$TREE/inference-service"   # frames are extracted under target/test-frames
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dorg.jboss.logging.provider=jboss \
  -cp "$CP" "$HERE/$(case "${1:-throughput}" in scaleout) echo ScaleOutBench ;; transfer) echo GrpcTransferBench ;;
    *) echo InferenceBench ;; esac).java" "$MODEL"
