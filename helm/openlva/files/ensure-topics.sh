#!/bin/bash
# Creates OpenLVA's topics, or raises the partitions and applies the configuration of existing ones (a service may
# have created them first with its defaults; partitions never shrink). Used by the chart's topics Job and by
# docker-compose.yml's kafka-topics service, with Kafka's bin/ scripts from $KAFKA_HOME (default /opt/kafka).
#
# Environment:
#   KAFKA_BOOTSTRAP_SERVERS   required
#   OPENLVA_TOPIC_PREFIX      prefix of every topic name (default lva.)
#   TOPICS                    one topic a line: <name without prefix> <partitions> <config=value,config=value,...>
#   REPLICATION_FACTOR        of created topics (default: the broker's default)
#   WAIT_SECONDS              how long to wait for Kafka to answer (default 120)
#   COMMAND_TIMEOUT_SECONDS   bound of each Kafka command (default 30)
#   KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG, KAFKA_SSL_TRUSTSTORE_TYPE,
#   KAFKA_SSL_TRUSTSTORE_LOCATION   client security, as the services get it
#   KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD   a login instead of KAFKA_SASL_JAAS_CONFIG (PLAIN or SCRAM)
#   KAFKA_CLIENT_PROPERTIES   more client properties, one per line
#   KAFKA_USERS               SCRAM-SHA-512 users to create or update, separated by spaces; the password of user
#                             sampler-service is in KAFKA_USER_SAMPLER_SERVICE_PASSWORD (from the chart's Secret)
#   ACLS                      ACLs to add after the topics, one line each:
#                             <principal> <literal|prefixed> <Operation[,Operation...]> <topic:NAME|group:NAME>...
set -euo pipefail

BIN="${KAFKA_HOME:-/opt/kafka}/bin"
: "${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is required}"
: "${TOPICS:?TOPICS is required}"
prefix="${OPENLVA_TOPIC_PREFIX-lva.}"
wait_seconds="${WAIT_SECONDS:-120}"
command_timeout="${COMMAND_TIMEOUT_SECONDS:-30}"
# kafka-run-class.sh creates its log directory; the root filesystem may be read-only.
export LOG_DIR="${LOG_DIR:-/tmp/kafka-logs}"
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx128m}"

umask 077
conf="$(mktemp "${TMPDIR:-/tmp}/kafka-client.XXXXXX")"
trap 'rm -f "$conf"' EXIT
{
  # The admin client gives up inside the command's bound instead of retrying for a minute.
  echo "request.timeout.ms=$(( command_timeout * 1000 / 3 ))"
  echo "default.api.timeout.ms=$(( command_timeout * 1000 * 2 / 3 ))"
  if [ -n "${KAFKA_SECURITY_PROTOCOL:-}" ]; then echo "security.protocol=$KAFKA_SECURITY_PROTOCOL"; fi
  if [ -n "${KAFKA_SASL_MECHANISM:-}" ]; then echo "sasl.mechanism=$KAFKA_SASL_MECHANISM"; fi
  if [ -n "${KAFKA_SASL_JAAS_CONFIG:-}" ]; then
    echo "sasl.jaas.config=$KAFKA_SASL_JAAS_CONFIG"
  elif [ -n "${KAFKA_SASL_USERNAME:-}" ]; then
    module=org.apache.kafka.common.security.scram.ScramLoginModule
    if [ "${KAFKA_SASL_MECHANISM:-}" = PLAIN ]; then module=org.apache.kafka.common.security.plain.PlainLoginModule; fi
    printf 'sasl.jaas.config=%s required username="%s" password="%s";\n' "$module" "$KAFKA_SASL_USERNAME" "${KAFKA_SASL_PASSWORD:-}"
  fi
  if [ -n "${KAFKA_SSL_TRUSTSTORE_LOCATION:-}" ]; then
    echo "ssl.truststore.type=${KAFKA_SSL_TRUSTSTORE_TYPE:-PEM}"
    echo "ssl.truststore.location=$KAFKA_SSL_TRUSTSTORE_LOCATION"
  fi
  if [ -n "${KAFKA_CLIENT_PROPERTIES:-}" ]; then printf '%s\n' "$KAFKA_CLIENT_PROPERTIES"; fi
} > "$conf"

topics() { timeout "$command_timeout" "$BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$conf" "$@"; }
configs() { timeout "$command_timeout" "$BIN/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$conf" "$@"; }

# Bounded wait for the brokers: each attempt is bounded by the command timeout, all of them by WAIT_SECONDS.
deadline=$(( SECONDS + wait_seconds ))
until topics --list > /dev/null 2> "$conf.err"; do
  if (( SECONDS >= deadline )); then
    echo "ensure-topics: Kafka at $KAFKA_BOOTSTRAP_SERVERS did not answer within ${wait_seconds}s:" >&2
    tail -n 5 "$conf.err" >&2 || true
    rm -f "$conf.err"
    exit 1
  fi
  echo "ensure-topics: waiting for Kafka at $KAFKA_BOOTSTRAP_SERVERS"
  sleep 5
done
rm -f "$conf.err"

ensure() { # name partitions configs
  local topic="$prefix$1" partitions="$2" config="$3" current
  current="$(topics --describe --topic "$topic" 2>/dev/null | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n 1 || true)"
  if [ -z "$current" ]; then
    local create=(--create --if-not-exists --topic "$topic" --partitions "$partitions")
    if [ -n "${REPLICATION_FACTOR:-}" ]; then create+=(--replication-factor "$REPLICATION_FACTOR"); fi
    local kv
    IFS=',' read -ra kv <<< "$config"
    local c
    for c in "${kv[@]}"; do create+=(--config "$c"); done
    topics "${create[@]}"
  else
    if (( current < partitions )); then
      topics --alter --topic "$topic" --partitions "$partitions"
    elif (( current > partitions )); then
      echo "ensure-topics: $topic has $current partitions (more than $partitions): kept, partitions cannot shrink"
    fi
    configs --alter --entity-type topics --entity-name "$topic" --add-config "$config"
  fi
  echo "ensure-topics: topic $topic ready"
}

while read -r name partitions config; do
  if [ -z "$name" ] || [ "${name:0:1}" = "#" ]; then continue; fi
  ensure "$name" "$partitions" "$config"
done <<< "$TOPICS"

# Users (SCRAM-SHA-512) and their ACLs: adding an existing user or ACL again changes nothing.
acls() { timeout "$command_timeout" "$BIN/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$conf" "$@"; }
for user in ${KAFKA_USERS:-}; do
  var="KAFKA_USER_$(printf '%s' "$user" | tr '[:lower:]' '[:upper:]' | tr -c 'A-Z0-9\n' '_')_PASSWORD"
  password="${!var:-}"
  case "$password" in
    ""|*[!A-Za-z0-9._-]*) echo "ensure-topics: $var (the password of $user) must be letters, digits, '.', '_' or '-'" >&2; exit 1 ;;
  esac
  configs --alter --entity-type users --entity-name "$user" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]" > /dev/null
  echo "ensure-topics: user $user ready"
done
while read -r principal pattern operations resources; do
  if [ -z "$principal" ] || [ "${principal:0:1}" = "#" ]; then continue; fi
  args=(--add --allow-principal "$principal" --resource-pattern-type "$pattern")
  IFS=',' read -ra ops <<< "$operations"
  for op in "${ops[@]}"; do args+=(--operation "$op"); done
  for r in $resources; do args+=("--${r%%:*}" "${r#*:}"); done
  acls "${args[@]}" > /dev/null
  echo "ensure-topics: $principal may $operations on $pattern $resources"
done <<< "${ACLS:-}"
