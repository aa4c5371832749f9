#!/usr/bin/env bash
# Sampler CPU benchmark, one run: decode cost against the ffmpeg CLI, sparse sampling (1 sample/s) and
# keyframe-only sampling (one sample per GOP) against full decode. Prints figures; not a test.
# Usage: bench/sampler/run.sh [images]   (needs /usr/bin/time, Debian ffmpeg; `images` prints only the image costs)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# the reactor builds media-graph and devkit too, so nothing has to be installed in ~/.m2
./mvnw -B -q -o -pl sampler-service -am compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -XX:+UseSerialGC -cp "sampler-service/target/classes:$(cat sampler-service/target/bench-classpath.txt)" \
  bench/sampler/SamplerBench.java "$@"
