#!/usr/bin/env bash
# Load benchmark: how many concurrent 576p10 cameras the local run sustains on this machine with the default
# graph (the local run's topology) before frames are dropped. Starts Kafka, one simulated camera and the five
# services once on 127.0.0.1 and free ports, then adds one camera per step (a graph instance on its own camera
# mount, vtest 768x576 10 fps), holds each step and reads the services' /q/metrics and the consumer groups' lag.
# Prints one line per step and `sustained cameras: N`. Stops everything at the end and on Ctrl-C.
#   bench/load/run.sh [--tree DIR] [--hold 45] [--settle 10] [--from 1] [--max-cameras 12] [--cap 600] [--max-lag-seconds 2]
# --tree DIR (or OPENLVA_BENCH_TREE): the services built in another checkout, e.g. the commit before a change:
#   git worktree add /tmp/before 6d7f967 && (cd /tmp/before && ./mvnw -B -q -DskipTests package)
#   bench/load/run.sh --tree /tmp/before
# The benchmark itself, the launcher and the camera always come from this checkout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
MODEL="$(scripts/fetch-model.sh)"
if [ ! -f launcher/target/launcher.classpath ] || [ ! -d launcher/target/classes ]; then
  ./mvnw -B -q -DskipTests package -pl launcher -am
fi
TREE="${OPENLVA_BENCH_TREE:-$ROOT}"
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "--tree" ]; then j=$((i + 1)); TREE="${!j:-}"; fi
done
if [ "$(cd "$TREE" 2>/dev/null && pwd)" = "$ROOT" ] \
   && [ ! -f inference-service/target/quarkus-app/quarkus-run.jar -o ! -f hub-bridge/target/quarkus-app/quarkus-run.jar \
        -o ! -f ingest-service/target/quarkus-app/quarkus-run.jar -o ! -f sampler-service/target/quarkus-app/quarkus-run.jar \
        -o ! -f recorder-service/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q -DskipTests package -pl ingest-service,sampler-service,inference-service,recorder-service,hub-bridge -am
fi
exec java -Dopenlva.project.root="$ROOT" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "launcher/target/classes:$(cat launcher/target/launcher.classpath)" bench/load/LoadBench.java --model "$MODEL" "$@"
