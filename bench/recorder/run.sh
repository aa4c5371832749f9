#!/usr/bin/env bash
# Recorder benchmark: N concurrent 1080p25 streams recorded continuously by one recorder process, fed in real
# time through a real Kafka broker; 5 of them also gate-recorded with a 10 s pre-roll. Prints CPU per stream and
# pre-roll accuracy.  Usage: bench/recorder/run.sh [STREAMS=50] [SECONDS=60] [PARTITIONS=6]
set -euo pipefail
STREAMS=${1:-50}
SECONDS_=${2:-60}
PARTITIONS=${3:-6}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/recorder"
WORK=$(mktemp -d /tmp/recorder-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
# one reactor build: media-graph and devkit come from their target/classes, nothing is installed in ~/.m2
# (the last module built, recorder-service, writes the class path)
./mvnw -B -q -o -pl recorder-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$ROOT/recorder-service/target/classes:$ROOT/recorder-service/target/test-classes:$(cat "$WORK/cp.txt")"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$CP" "$HERE/RecorderBench.java"
java -Xmx1g -cp "$WORK/classes:$CP" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  RecorderBench run "$STREAMS" "$SECONDS_" "$PARTITIONS" "$WORK" 2>&1 | grep -v -E "^[0-9-]+ [0-9:,]+ (INFO|DEBUG)" 
