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
(quarkus.http.port), the env prefix of its @ConfigMapping (openlva.<short-name>.*) and the setting that names its
Kafka consumer group (as an env var). deploy-tests checks these against each service's generated
target/kubernetes/kubernetes.yml and application.properties.
*/}}
{{- define "openlva.services" -}}
ingest: {app: ingest-service, port: 8081, env: OPENLVA_INGEST, groupEnv: OPENLVA_INGEST_OWNERSHIP_GROUP_ID, group: ingest}
sampler: {app: sampler-service, port: 8082, env: OPENLVA_SAMPLER, groupEnv: OPENLVA_SAMPLER_CONSUMER_GROUP, group: sampler}
inference: {app: inference-service, port: 8083, grpcPort: 5001, env: OPENLVA_INFERENCE, groupEnv: OPENLVA_INFERENCE_CONSUMER_GROUP_ID, group: inference}
recorder: {app: recorder-service, port: 8084, env: OPENLVA_RECORDER, groupEnv: OPENLVA_RECORDER_PACKETS_GROUP, group: recorder}
hubBridge: {app: hub-bridge, port: 8080, env: OPENLVA_HUB, groupEnv: OPENLVA_HUB_IOTHUB_CONSUMER_GROUP, group: hub-bridge}
{{- end }}

{{/* A consumer group id of this release: (dict "root" $ "group" "inference"). */}}
{{- define "openlva.consumerGroup" -}}
{{- printf "%s%s" (default (printf "%s-" (include "openlva.fullname" .root)) .root.Values.consumerGroupPrefix) .group }}
{{- end }}

{{/*
An image reference: (dict "root" $ "image" <values of the image>). <registry>/<repository>:<tag>, or
<registry>/<repository>@<digest> when a digest is given (podman and CRI-O refuse a tag and a digest together).
Empty registry and tag fall back to image.registry and image.tag, then the chart's appVersion.
*/}}
{{- define "openlva.image" -}}
{{- $registry := default .root.Values.image.registry .image.registry }}
{{- $name := ternary (printf "%s/%s" $registry .image.repository) .image.repository (ne $registry "") }}
{{- if .image.digest }}
{{- printf "%s@%s" $name .image.digest }}
{{- else }}
{{- printf "%s:%s" $name (default .root.Values.image.tag .image.tag | default .root.Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
Placement of a pod: (dict "root" $ "component" <values of the component>). The component's nodeSelector merged over
the global one (which keeps kubernetes.io/arch: amd64), both lists of tolerations, the component's affinity or else
the global one.
*/}}
{{- define "openlva.placement" -}}
{{- $c := .component | default dict -}}
nodeSelector:
  {{- toYaml (merge (dict) ($c.nodeSelector | default dict) .root.Values.nodeSelector) | nindent 2 }}
{{- with concat (.root.Values.tolerations | default list) ($c.tolerations | default list) }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ($c.affinity | default .root.Values.affinity) }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Fails the render when the cluster does not serve an API the values ask for: (dict "root" $ "api" "keda.sh/v1alpha1"
"for" "inference.autoscaling.mode=keda" "needs" "KEDA 2.x"). The cluster's own list (.Capabilities.APIVersions), or
the apiVersions value for renders without access to a cluster.
*/}}
{{- define "openlva.requireApi" -}}
{{- if not (or (.root.Capabilities.APIVersions.Has .api) (has .api .root.Values.apiVersions)) }}
{{- fail (printf "%s needs %s, but the cluster serves no %s: install it first (or, rendering without a cluster, pass --api-versions %s or set apiVersions)" .for .needs .api .api) }}
{{- end }}
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

{{/* Bootstrap servers the services and the topics Job use. */}}
{{- define "openlva.kafka.bootstrap" -}}
{{- if .Values.kafka.bundled.enabled }}
{{- printf "%s-kafka:9092" (include "openlva.fullname" .) }}
{{- else }}
{{- required "kafka.external.bootstrapServers is required when kafka.bundled.enabled=false" .Values.kafka.external.bootstrapServers }}
{{- end }}
{{- end }}

{{/* The bundled broker's fully qualified name: it resolves from any namespace (the KEDA operator's too). */}}
{{- define "openlva.kafka.fqdn" -}}
{{- printf "%s-kafka.%s.svc.%s" (include "openlva.fullname" .) .Release.Namespace .Values.clusterDomain }}
{{- end }}

{{/* Bootstrap servers for clients outside the release's namespace (KEDA's scaler). */}}
{{- define "openlva.kafka.bootstrapFqdn" -}}
{{- if .Values.kafka.bundled.enabled }}
{{- printf "%s:9092" (include "openlva.kafka.fqdn" .) }}
{{- else }}
{{- include "openlva.kafka.bootstrap" . }}
{{- end }}
{{- end }}

{{- define "openlva.kafka.external" -}}
{{- if not .Values.kafka.bundled.enabled }}true{{ end }}
{{- end }}

{{/* True when the bundled broker asks for logins and enforces ACLs. */}}
{{- define "openlva.kafka.auth" -}}
{{- if and .Values.kafka.bundled.enabled .Values.kafka.bundled.auth.enabled }}true{{ end }}
{{- end }}

{{/* True when the bundled broker serves its clients over TLS (SASL_SSL): only with auth, whose logins it carries. */}}
{{- define "openlva.kafka.tls" -}}
{{- if and (include "openlva.kafka.auth" .) .Values.kafka.bundled.tls.enabled }}true{{ end }}
{{- end }}

{{- define "openlva.kafkaTlsSecretName" -}}
{{- default (printf "%s-kafka-tls" (include "openlva.fullname" .)) .Values.kafka.bundled.tls.existingSecret }}
{{- end }}

{{/*
The names the bundled broker's certificate must carry, as a dict of lists "dns" and "ips": the Service in each form
a client may use (the bootstrap name, the advertised fully qualified one) and the external listener's host.
*/}}
{{- define "openlva.kafka.tlsNames" -}}
{{- $svc := printf "%s-kafka" (include "openlva.fullname" .) }}
{{- $dns := list $svc (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) (include "openlva.kafka.fqdn" .) }}
{{- $ips := list }}
{{- $ext := .Values.kafka.bundled.externalListener }}
{{- if and $ext.enabled $ext.advertisedHost }}
{{- if regexMatch "^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$|:" $ext.advertisedHost }}
{{- $ips = append $ips $ext.advertisedHost }}
{{- else }}
{{- $dns = append $dns $ext.advertisedHost }}
{{- end }}
{{- end }}
{{- toYaml (dict "dns" $dns "ips" $ips) }}
{{- end }}

{{- define "openlva.kafkaUsersSecretName" -}}
{{- default (printf "%s-kafka-users" (include "openlva.fullname" .)) .Values.kafka.bundled.auth.existingSecret }}
{{- end }}

{{- define "openlva.parameterKeysSecretName" -}}
{{- default (printf "%s-parameter-keys" (include "openlva.fullname" .)) .Values.parameterEncryption.existingSecret }}
{{- end }}

{{/*
A client's login on the bundled broker with auth: (dict "root" $ "user" "sampler-service"). The service's
runtime turns KAFKA_SASL_USERNAME/PASSWORD into its SCRAM login (admin logs in with PLAIN); the protocol and the
CA to trust come with openlva.kafka.env.
*/}}
{{- define "openlva.kafka.login" -}}
{{- if include "openlva.kafka.auth" .root }}
- name: KAFKA_SASL_MECHANISM
  value: {{ ternary "PLAIN" "SCRAM-SHA-512" (eq .user "admin") }}
- name: KAFKA_SASL_USERNAME
  value: {{ .user | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "openlva.kafkaUsersSecretName" .root }}, key: {{ .user }}}
{{- end }}
{{- end }}

{{/*
The ACLs of each service principal on the bundled broker, as files/ensure-topics.sh reads them: the chart's copy of
service-runtime's KafkaAccess (deploy-tests compares the two), with this release's consumer groups. Only hub-bridge
writes the graph topics.
*/}}
{{- define "openlva.kafka.acls" -}}
{{- $p := .Values.topicPrefix }}
{{- $access := dict
  "hub-bridge" (dict "group" "hub-bridge" "read" (list "graph.topologies" "graph.instances" "graph.status" "events") "write" (list "graph.topologies" "graph.instances" "graph.status" "events" "hub.dead-letter"))
  "ingest-service" (dict "group" "ingest" "read" (list "graph.topologies" "graph.instances" "ingest.ownership") "write" (list "graph.status" "media.packets" "events" "ingest.ownership"))
  "sampler-service" (dict "group" "sampler" "read" (list "graph.topologies" "graph.instances" "media.packets") "write" (list "graph.status" "media.frames" "events"))
  "inference-service" (dict "group" "inference" "read" (list "graph.topologies" "graph.instances" "media.frames") "write" (list "graph.status" "events"))
  "recorder-service" (dict "group" "recorder" "read" (list "graph.topologies" "graph.instances" "media.packets" "events") "write" (list "graph.status" "events")) }}
{{- range $user := list "hub-bridge" "ingest-service" "sampler-service" "inference-service" "recorder-service" }}
{{- $a := index $access $user }}
User:{{ $user }} literal Read{{ range $a.read }} topic:{{ $p }}{{ . }}{{ end }}
User:{{ $user }} literal Write{{ range $a.write }} topic:{{ $p }}{{ . }}{{ end }}
User:{{ $user }} prefixed Describe,DescribeConfigs,Create topic:{{ $p }}
User:{{ $user }} prefixed Read group:{{ include "openlva.consumerGroup" (dict "root" $ "group" $a.group) }}{{ if eq $user "hub-bridge" }} group:hub-bridge-status-{{ end }}
{{- end }}
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
{{- else if include "openlva.kafka.auth" . }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ ternary "SASL_SSL" "SASL_PLAINTEXT" (eq (include "openlva.kafka.tls" .) "true") }}
{{- if include "openlva.kafka.tls" . }}
# The bundled broker's CA (the chart's Secret, its ca.crt only): the broker's name is checked against its certificate.
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/openlva/kafka-tls/ca.crt
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
{{- else if include "openlva.kafka.tls" . }}
- name: kafka-tls
  secret:
    secretName: {{ include "openlva.kafkaTlsSecretName" . }}
    items:
      - {key: ca.crt, path: ca.crt}
{{- end }}
{{- end }}

{{- define "openlva.kafka.tlsMount" -}}
{{- if or (and (include "openlva.kafka.external" .) .Values.kafka.external.tls.caSecret) (include "openlva.kafka.tls" .) }}
- name: kafka-tls
  mountPath: /etc/openlva/kafka-tls
  readOnly: true
{{- end }}
{{- end }}
