#!/bin/bash
# kafka-run-class.sh CLASS [ARGS]: runs a Kafka main class on the image's classpath. KAFKA_HEAP_OPTS,
# KAFKA_JVM_PERFORMANCE_OPTS and KAFKA_OPTS as in Apache Kafka's own script; logs (slf4j-simple) go to stderr at
# KAFKA_LOG_LEVEL (default warn; kafka-server-start.sh: info). Log4j settings (KAFKA_LOG4J_OPTS) do not apply.
set -euo pipefail
class="$1"
shift
: "${KAFKA_HEAP_OPTS:=-Xmx256m}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
# shellcheck disable=SC2086 # option lists
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ${KAFKA_OPTS:-} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${KAFKA_LOG_LEVEL:-warn}" -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp '/opt/kafka/libs/*' "$class" "$@"
