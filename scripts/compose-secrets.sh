#!/usr/bin/env bash
# The secrets docker-compose.yml reads, drawn once into a .env file next to it (compose reads that file by itself):
#   OPENLVA_API_TOKEN                     bearer token of the graph API and the console
#   OPENLVA_PARAMETER_KEYS                the key that seals instance parameter values on the graph topics
#                                         (<id>=<base64 of 32 bytes>; rotation: docs/deploy.md)
#   OPENLVA_KAFKA_ADMIN_PASSWORD          Kafka's super user "admin" (the broker, the kafka-topics service, your tools)
#   OPENLVA_KAFKA_<SERVICE>_PASSWORD      each service's own Kafka login (User:hub-bridge, User:ingest-service, ...)
#
#   scripts/compose-secrets.sh [FILE]     FILE defaults to .env in the repository root
#
# Idempotent: a variable the file already sets is kept as it is, only missing ones are appended; an existing file is
# never rewritten. Values are printed nowhere. The file is created readable by its owner only (mode 600).
set -euo pipefail

file="${1:-$(cd "$(dirname "$0")/.." && pwd)/.env}"

hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

declare -a names=(OPENLVA_API_TOKEN OPENLVA_PARAMETER_KEYS OPENLVA_KAFKA_ADMIN_PASSWORD)
for service in hub-bridge ingest-service sampler-service inference-service recorder-service; do
  names+=("OPENLVA_KAFKA_$(printf '%s' "$service" | tr '[:lower:]-' '[:upper:]_')_PASSWORD")
done

value() {
  case "$1" in
    OPENLVA_PARAMETER_KEYS) printf 'k%s=%s' "$(date -u +%Y%m%d)" "$(head -c 32 /dev/urandom | base64 | tr -d '\n')" ;;
    *) hex 20 ;;
  esac
}

umask 077
if [ ! -e "$file" ]; then
  printf '# Secrets of docker-compose.yml, drawn by scripts/compose-secrets.sh: keep this file private, never commit it.\n' > "$file"
elif [ -s "$file" ] && [ -n "$(tail -c 1 "$file")" ]; then
  printf '\n' >> "$file" # the last line had no newline of its own
fi

added=0
for name in "${names[@]}"; do
  if grep -Eq "^[[:space:]]*(export[[:space:]]+)?${name}=" "$file"; then
    continue
  fi
  printf '%s=%s\n' "$name" "$(value "$name")" >> "$file"
  added=$((added + 1))
done

if (( added == 0 )); then
  echo "compose-secrets: $file already holds every secret; left as it is"
else
  echo "compose-secrets: $added secret(s) added to $file; docker compose up reads them from there"
fi
