#!/bin/bash
# Starts a single-node KRaft Kafka broker (broker and controller in one process) from the Kafka distribution in
# $KAFKA_HOME (default /opt/kafka). Used by the chart's Kafka StatefulSet and by docker-compose.yml, so both run the
# broker the same way on any image that has bash, java and Kafka's bin/ and libs/.
#
# Settings: every KAFKA_CFG_<NAME> variable becomes a line of server.properties: <NAME> lower-cased, "___" -> "-",
# "__" -> "_", "_" -> "." (KAFKA_CFG_LOG_DIRS -> log.dirs). The storage is formatted once with CLUSTER_ID; a volume
# that already holds a formatted log directory is kept as it is.
#
# SASL: with KAFKA_ADMIN_PASSWORD (from a Secret) every listener named in KAFKA_SASL_LISTENERS (e.g.
# "SASL,CONTROLLER") gets the JAAS logins of the super user KAFKA_ADMIN_USER (default admin): PLAIN, which the
# broker uses to reach itself and its controller and the admin tools use, and SCRAM-SHA-512 for the services' users.
# They are written after the listing below, so the password never reaches the log.
#
# TLS: with KAFKA_TLS_DIR (a mounted Secret: tls.crt, the server certificate chain; tls.key, its key, PKCS#1 "RSA
# PRIVATE KEY" as Helm's genSignedCert and cert-manager write it, or PKCS#8; ca.crt, optional, trusted by the broker's
# own clients) the SSL and SASL_SSL listeners serve that certificate from a PEM key store in the work directory.
set -euo pipefail

KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
: "${CLUSTER_ID:?CLUSTER_ID is required (22 characters, base64 of 16 bytes)}"
work="${KAFKA_WORK_DIR:-/tmp/kafka}"
mkdir -p "$work"
conf="$work/server.properties"

: > "$conf"
for var in $(compgen -v KAFKA_CFG_ | sort); do
  key="$(printf '%s' "${var#KAFKA_CFG_}" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/\x01/g' -e 's/_/./g' -e 's/\x01/_/g')"
  printf '%s=%s\n' "$key" "${!var}" >> "$conf"
done
grep -q '^process.roles=' "$conf" || { echo "kafka-broker: no KAFKA_CFG_PROCESS_ROLES given" >&2; exit 1; }
echo "kafka-broker: server.properties:"
sed 's/^/  /' "$conf"

if [ -n "${KAFKA_ADMIN_PASSWORD:-}" ]; then
  admin="${KAFKA_ADMIN_USER:-admin}"
  case "$admin$KAFKA_ADMIN_PASSWORD" in
    *[!A-Za-z0-9._-]*) echo "kafka-broker: the admin user and password may hold only letters, digits, '.', '_' and '-'" >&2; exit 1 ;;
  esac
  chmod 600 "$conf"
  IFS=',' read -ra sasl_listeners <<< "${KAFKA_SASL_LISTENERS:?KAFKA_SASL_LISTENERS is required with KAFKA_ADMIN_PASSWORD}"
  for l in "${sasl_listeners[@]}"; do
    l="$(printf '%s' "$l" | tr '[:upper:]' '[:lower:]')"
    printf 'listener.name.%s.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="%s" password="%s" user_%s="%s";\n' \
      "$l" "$admin" "$KAFKA_ADMIN_PASSWORD" "$admin" "$KAFKA_ADMIN_PASSWORD" >> "$conf"
    printf 'listener.name.%s.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";\n' \
      "$l" "$admin" "$KAFKA_ADMIN_PASSWORD" >> "$conf"
  done
  echo "kafka-broker: SASL logins of $admin on ${KAFKA_SASL_LISTENERS}"
fi

# Kafka's PEM key store reads PKCS#8 ("PRIVATE KEY") only: a PKCS#1 RSA key is wrapped into it (DER: version 0,
# the rsaEncryption algorithm, the PKCS#1 key as an octet string), with bash and coreutils alone.
pkcs8_key() {
  local file="$1" der n
  if grep -q -- '-----BEGIN PRIVATE KEY-----' "$file"; then
    sed -n '/-----BEGIN PRIVATE KEY-----/,/-----END PRIVATE KEY-----/p' "$file"
    return
  fi
  if ! grep -q -- '-----BEGIN RSA PRIVATE KEY-----' "$file" || grep -q '^Proc-Type:' "$file"; then
    echo "kafka-broker: $file holds no unencrypted RSA (PKCS#1) or PKCS#8 private key" >&2
    return 1
  fi
  der="$work/tls-key.der"
  sed -n '/-----BEGIN RSA PRIVATE KEY-----/,/-----END RSA PRIVATE KEY-----/{/-----/d;p}' "$file" | base64 -d > "$der"
  n=$(wc -c < "$der")
  if (( n < 256 || n > 65000 )); then echo "kafka-broker: unexpected RSA key size in $file" >&2; rm -f "$der"; return 1; fi
  byte() { printf "\\x$(printf %02x "$1")"; }
  {
    printf '\x30\x82'; byte $(( (n + 22) >> 8 )); byte $(( (n + 22) & 255 ))
    printf '\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00\x04\x82'
    byte $(( n >> 8 )); byte $(( n & 255 ))
    cat "$der"
  } | { echo '-----BEGIN PRIVATE KEY-----'; base64 -w 64; echo '-----END PRIVATE KEY-----'; }
  rm -f "$der"
}

if [ -n "${KAFKA_TLS_DIR:-}" ]; then
  for f in tls.crt tls.key; do
    [ -r "$KAFKA_TLS_DIR/$f" ] || { echo "kafka-broker: KAFKA_TLS_DIR has no readable $f" >&2; exit 1; }
  done
  keystore="$work/server-keystore.pem"
  (umask 077; { pkcs8_key "$KAFKA_TLS_DIR/tls.key"; cat "$KAFKA_TLS_DIR/tls.crt"; } > "$keystore")
  {
    echo "ssl.keystore.type=PEM"
    echo "ssl.keystore.location=$keystore"
    if [ -r "$KAFKA_TLS_DIR/ca.crt" ]; then
      echo "ssl.truststore.type=PEM"
      echo "ssl.truststore.location=$KAFKA_TLS_DIR/ca.crt"
    fi
  } >> "$conf"
  echo "kafka-broker: TLS with the certificate in $KAFKA_TLS_DIR"
fi

# Logs to the console only (the root filesystem may be read-only); the distribution's own config is not needed.
if [ -z "${KAFKA_LOG4J_OPTS:-}" ]; then
  cat > "$work/log4j2.properties" <<'LOG4J'
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
LOG4J
  export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=file:$work/log4j2.properties"
fi
# kafka-run-class.sh writes its GC log here.
export LOG_DIR="${LOG_DIR:-$work/logs}"

log_dir="$(sed -n 's/^log\.dirs=//p' "$conf" | cut -d, -f1)"
if [ -n "$log_dir" ] && [ -f "$log_dir/meta.properties" ]; then
  echo "kafka-broker: $log_dir is formatted"
else
  "$KAFKA_HOME/bin/kafka-storage.sh" format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$conf"
fi
exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$conf"
