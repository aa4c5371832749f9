#!/usr/bin/env bash
# What the web console costs (issue: web console): CPU of each service with nobody watching, with one client polling
# the live preview as the console page does (and the event feed open), and again after the preview reader stopped.
# Usage: bench/console/run.sh [SECONDS]   (default 60 per phase; starts everything on free ports, stops it after)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f launcher/target/launcher.classpath ] || ./mvnw -B -q install -DskipTests
exec java -Dopenlva.project.root="$(pwd)" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "launcher/target/classes:$(cat launcher/target/launcher.classpath)" bench/console/ConsoleBench.java "${1:-60}"
