{{/* Chart name. */}}
{{- define "openlva.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name. */}}
{{- define "openlva.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The five services: values key -> application name (quarkus.application.name, the image name), HTTP port
(quarkus.http.port) and the env prefix of its @ConfigMapping (openlva.<short-name>.*). deploy-tests checks these against each service's generated target/kubernetes/kubernetes.yml.
*/}}
{{- define "openlva.services" -}}
ingest: {app: ingest-service, port: 8081, env: OPENLVA_INGEST}
sampler: {app: sampler-service, port: 8082, env: OPENLVA_SAMPLER}
inference: {app: inference-service, port: 8083, env: OPENLVA_INFERENCE}
recorder: {app: recorder-service, port: 8084, env: OPENLVA_RECORDER}
hubBridge: {app: hub-bridge, port: 8080, env: OPENLVA_HUB}
{{- end }}

{{- define "openlva.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: openlva
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "hub-bridge"). */}}
{{- define "openlva.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "openlva.componentLabels" -}}
{{ include "openlva.labels" .root }}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "openlva.serviceImage" -}}
{{- $img := .root.Values.image -}}
{{- printf "%s/%s/%s:%s" $img.registry $img.repository .app (default .root.Chart.AppVersion $img.tag) }}
{{- end }}

{{/* Bootstrap servers the services and the topics Job use. */}}
{{- define "openlva.kafka.bootstrap" -}}
{{- if .Values.kafka.bundled.enabled }}
{{- printf "%s-kafka:9092" (include "openlva.fullname" .) }}
{{- else }}
{{- required "kafka.external.bootstrapServers is required when kafka.bundled.enabled=false" .Values.kafka.external.bootstrapServers }}
{{- end }}
{{- end }}

{{- define "openlva.kafka.external" -}}
{{- if not .Values.kafka.bundled.enabled }}true{{ end }}
{{- end }}

{{- define "openlva.kafka.saslSecretName" -}}
{{- default (printf "%s-kafka-client" (include "openlva.fullname" .)) .Values.kafka.external.sasl.existingSecret }}
{{- end }}

{{- define "openlva.apiTokenSecretName" -}}
{{- default (printf "%s-api-token" (include "openlva.fullname" .)) .Values.hubBridge.apiToken.existingSecret }}
{{- end }}

{{- define "openlva.iotHubSecretName" -}}
{{- default (printf "%s-iothub" (include "openlva.fullname" .)) .Values.hubBridge.iotHub.existingSecret }}
{{- end }}

{{- define "openlva.cameraSecretName" -}}
{{- default (printf "%s-camera-secrets" (include "openlva.fullname" .)) .Values.cameraSecrets.existingSecret }}
{{- end }}

{{/* The inference replica count the topics must serve: the autoscaler's maximum, else the fixed count. */}}
{{- define "openlva.inference.maxReplicas" -}}
{{- if ne .Values.inference.autoscaling.mode "none" }}{{ .Values.inference.autoscaling.maxReplicas }}{{ else }}{{ .Values.inference.replicas }}{{ end }}
{{- end }}

{{/* Kafka client env shared by every service: connection, topic prefix, security (secrets by reference). */}}
{{- define "openlva.kafka.env" -}}
{{- $cm := printf "%s-kafka" (include "openlva.fullname" .) }}
- name: KAFKA_BOOTSTRAP_SERVERS
  valueFrom:
    configMapKeyRef: {name: {{ $cm }}, key: KAFKA_BOOTSTRAP_SERVERS}
- name: OPENLVA_TOPIC_PREFIX
  valueFrom:
    configMapKeyRef: {name: {{ $cm }}, key: OPENLVA_TOPIC_PREFIX}
{{- if include "openlva.kafka.external" . }}
{{- $ext := .Values.kafka.external }}
- name: KAFKA_SECURITY_PROTOCOL
  valueFrom:
    configMapKeyRef: {name: {{ $cm }}, key: KAFKA_SECURITY_PROTOCOL}
{{- if $ext.sasl.mechanism }}
- name: KAFKA_SASL_MECHANISM
  valueFrom:
    configMapKeyRef: {name: {{ $cm }}, key: KAFKA_SASL_MECHANISM}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ include "openlva.kafka.saslSecretName" . }}, key: sasl.jaas.config}
{{- end }}
{{- if $ext.tls.caSecret }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/openlva/kafka-tls/{{ $ext.tls.caKey }}
{{- end }}
{{- range $k, $v := $ext.config }}
- name: {{ printf "KAFKA_%s" (regexReplaceAll "[^A-Za-z0-9]" $k "_" | upper) }}
  valueFrom:
    configMapKeyRef: {name: {{ $cm }}, key: {{ printf "KAFKA_%s" (regexReplaceAll "[^A-Za-z0-9]" $k "_" | upper) }}}
{{- end }}
{{- end }}
{{- end }}

{{/* openlva.* property names from values (<svc>.config) as env vars, Quarkus' env naming. */}}
{{- define "openlva.configEnv" -}}
{{- range $k, $v := . }}
- name: {{ regexReplaceAll "[^A-Za-z0-9]" $k "_" | upper }}
  value: {{ toString $v | quote }}
{{- end }}
{{- end }}

{{- define "openlva.kafka.tlsVolume" -}}
{{- if and (include "openlva.kafka.external" .) .Values.kafka.external.tls.caSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .Values.kafka.external.tls.caSecret }}
{{- end }}
{{- end }}

{{- define "openlva.kafka.tlsMount" -}}
{{- if and (include "openlva.kafka.external" .) .Values.kafka.external.tls.caSecret }}
- name: kafka-tls
  mountPath: /etc/openlva/kafka-tls
  readOnly: true
{{- end }}
{{- end }}
