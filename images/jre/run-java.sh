#!/bin/sh
# Starts the application jar ($JAVA_APP_JAR) with $JAVA_OPTS (defaults below) and $JAVA_OPTS_APPEND (the chart
# and compose set it); arguments go to the application. exec: the JVM replaces this shell, so the runtime's
# SIGTERM reaches it.
set -eu
: "${JAVA_OPTS:=-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Djava.security.egd=file:/dev/urandom}"
# shellcheck disable=SC2086 # options are word lists
exec java $JAVA_OPTS ${JAVA_OPTS_APPEND:-} -jar "$JAVA_APP_JAR" "$@"
