#!/usr/bin/env bash
# End-to-end figures of the whole pipeline on this machine (issue: end to end):
#  - latency camera frame -> inference event in Kafka, p50/p99, and the model's own time in the same run
#  - CPU and RSS of each service while it runs the local topology
# Usage: bench/e2e/run.sh [SECONDS]   (default 120; starts everything on free ports, stops it after)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f launcher/target/launcher.classpath ] || ./mvnw -B -q install -DskipTests
exec java -Dopenlva.project.root="$(pwd)" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "launcher/target/classes:$(cat launcher/target/launcher.classpath)" bench/e2e/EndToEndBench.java "${1:-120}"
