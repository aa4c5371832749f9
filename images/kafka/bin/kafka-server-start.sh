#!/bin/bash
# The broker logs at info (tools at warn): KAFKA_LOG_LEVEL changes it.
export KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-info}"
exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"
