#!/usr/bin/env bash
# Runs OpenLVA's tests on real parts: installs what they need the first time (scripts/setup.sh: Debian packages,
# the default model), then builds every module and runs every test with the Maven wrapper.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec ./mvnw -B verify "$@"
