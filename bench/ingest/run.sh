#!/usr/bin/env bash
# CPU cost of ingest per 1080p stream: N simulated cameras (SampleClips.vtest1080p, 25 fps, served without
# re-encoding by the devkit's GStreamer RTSP server) pulled by one packaged ingest-service process that
# publishes every packet to a real local Kafka broker. Prints the service's CPU per stream.
#   bench/ingest/run.sh [streams=10] [measure-seconds=30] [warm-up-seconds=40]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
if [ ! -f ingest-service/target/quarkus-app/quarkus-run.jar ]; then
  mvn -B -q -o -pl ingest-service package -DskipTests
fi
CP_FILE="$(mktemp)"
mvn -B -q -o -pl ingest-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="ingest-service/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
exec java -cp "$CP" bench/ingest/IngestBench.java "${1:-10}" "${2:-30}" "${3:-40}"
