{{- define "sfu.name" -}}{{ .Release.Name }}-sfu{{- end -}}
{{- define "sfu.redisAddress" -}}
{{- if .Values.redis.enabled -}}{{ .Release.Name }}-redis:6379{{- else -}}{{ required "redis.address is required when redis.enabled is false" .Values.redis.address }}{{- end -}}
{{- end -}}
{{- define "sfu.secretName" -}}
{{- if .Values.cluster.existingSecret -}}{{ .Values.cluster.existingSecret }}{{- else -}}{{ .Release.Name }}-sfu-secrets{{- end -}}
{{- end -}}
