#!/usr/bin/env bash
# Runs the whole OpenLVA pipeline on this machine, on 127.0.0.1: a real Kafka broker (9092), the simulated
# RTSP camera (8554), the five services (hub-bridge 8080, ingest 8081, sampler 8082, inference 8083,
# recorder 8084), a sample graph applied through the graph API, and live events printed until Ctrl-C.
#   ./run-local.sh --help     for the options
# First run: installs the Debian packages it needs (root/sudo only for those; see scripts/setup.sh), fetches
# the default model (YOLOv8n, AGPL-3.0 weights, cached outside git) and builds the project.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

for a in "$@"; do
  if [ "$a" = "-h" ] || [ "$a" = "--help" ]; then
    exec java -cp "$(cat launcher/target/launcher.classpath 2>/dev/null):launcher/target/classes" \
      io.openlva.launcher.LocalRun --help 2>/dev/null || { echo "build first: ./mvnw -B install -DskipTests"; exit 0; }
  fi
done
model_given=0
for a in "$@"; do [ "$a" = "--model" ] && model_given=1; done
OPENLVA_SKIP_MODEL=$model_given scripts/setup.sh

# Build when a runner jar is missing or any source or POM is newer than the oldest build output.
needs_build=0
for out in {ingest-service,sampler-service,inference-service,recorder-service,hub-bridge}/target/quarkus-app/quarkus-run.jar \
           launcher/target/launcher.classpath; do
  if [ ! -f "$out" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$out" -type f -print -quit 2>/dev/null)" ]; then
    needs_build=1
  fi
done
if [ "$needs_build" = 1 ]; then
  echo "run-local: building (./mvnw -B -q install -DskipTests) ..."
  ./mvnw -B -q install -DskipTests
fi

mkdir -p target/local/logs
exec java -Dopenlva.project.root="$ROOT" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "launcher/target/classes:$(cat launcher/target/launcher.classpath)" io.openlva.launcher.LocalRun "$@"
