{{/* The release's name for its objects, at most 63 characters (a DNS label). */}}
{{- define "huaweicloud-exporter.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries. app.kubernetes.io/name is also the job label the rules expect. */}}
{{- define "huaweicloud-exporter.labels" -}}
{{ include "huaweicloud-exporter.selectorLabels" . }}
app.kubernetes.io/part-of: huaweicloud-exporter
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "huaweicloud-exporter.selectorLabels" -}}
app.kubernetes.io/name: huaweicloud-exporter
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "huaweicloud-exporter.configMapName" -}}
{{- .Values.existingConfigMap | default (printf "%s-config" (include "huaweicloud-exporter.fullname" .)) -}}
{{- end -}}

{{/* http or https, for the probes and the scale-out jobs. */}}
{{- define "huaweicloud-exporter.scheme" -}}
{{- if eq (upper .Values.webConfig.scheme) "HTTPS" -}}https{{- else -}}http{{- end -}}
{{- end -}}
