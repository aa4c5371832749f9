#!/usr/bin/env bash
# Kafka ACL probes: who may write what on a real broker with SASL/SCRAM logins and the services' ACLs
# (service-runtime's KafkaAccess on devkit's secured broker), and optionally the chart's own broker and topics Job.
# Prints one line per probe: principal, operation, topic, ALLOWED or DENIED (the client's reason).
#   Usage: bench/kafka-acl/run.sh [--chart]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG=$(mktemp /tmp/kafka-acl-probe.XXXXXX)
trap 'rm -f "$LOG"' EXIT
cd "$ROOT"
run() { # module test
  if ! ./mvnw -B -o -pl "$1" -am verify -Dtest="$2" -Dsurefire.failIfNoSpecifiedTests=false > "$LOG" 2>&1; then
    tail -n 40 "$LOG" >&2
    echo "kafka-acl: $2 failed" >&2
    exit 1
  fi
  grep -h 'ACL probe' "$LOG" | sort -u
}
run service-runtime KafkaAclProbeTest
if [ "${1:-}" = "--chart" ]; then
  run deploy-tests KafkaAuthBrokerTest
fi
