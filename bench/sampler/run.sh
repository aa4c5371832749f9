#!/usr/bin/env bash
# Sampler CPU benchmark: decode cost against the ffmpeg CLI, and sparse sampling against full decode.
# Prints figures; not a test. Usage: bench/sampler/run.sh   (needs /usr/bin/time, Debian ffmpeg)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q -o -pl sampler-service compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o -pl sampler-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -XX:+UseSerialGC -cp "sampler-service/target/classes:$(cat "$cp_file")" bench/sampler/SamplerBench.java "$@"
