#!/usr/bin/env bash
# The Helm chart in CI: `helm lint --strict` and `helm template` for each value set (the defaults and
# ci/*-values.yaml of the chart), each rendering validated against the Kubernetes and prometheus-operator
# schemas (scripts/kubernetes/validate-manifests.mjs) and checked for the objects that value set must make.
#
# How helm gets here: it is in neither Debian's archive nor the npm registry, and on this project's machine
# kind the Go module proxy does not answer (nor would Debian's Go 1.19 build a current helm). So this uses a
# helm already on PATH; without one it prints SKIPPED and exits 0, or fails when REQUIRE_HELM=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
chart=deploy/helm/huaweicloud-exporter

if ! command -v helm >/dev/null; then
  echo "SKIPPED: no helm on PATH (not installable from the registries here): the chart was NOT linted or rendered"
  [ "${REQUIRE_HELM:-0}" != 1 ]
  exit
fi
helm version --short

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# expect FILE KIND… : the rendering holds each kind; KIND! : it holds none of that kind.
expect() {
  local file=$1; shift
  for kind in "$@"; do
    if [[ $kind == *! ]]; then
      ! grep -q "^kind: ${kind%!}\$" "$file" || { echo "$file: unexpected ${kind%!}"; return 1; }
    else
      grep -q "^kind: $kind\$" "$file" || { echo "$file: no $kind"; return 1; }
    fi
  done
}

for values in default "$chart"/ci/*-values.yaml; do
  name=$(basename "$values" .yaml)
  args=()
  [ "$values" = default ] || args=(--values "$values")
  echo "--- $name"
  timeout 120 helm lint --strict "$chart" "${args[@]}"
  timeout 120 helm template hwc "$chart" --namespace monitoring "${args[@]}" >"$out/$name.yaml"
  timeout 120 node scripts/kubernetes/validate-manifests.mjs "$out/$name.yaml"
  case $name in
    default) expect "$out/$name.yaml" Deployment Service ConfigMap ServiceMonitor! PrometheusRule! StatefulSet! ;;
    servicemonitor-values) expect "$out/$name.yaml" Deployment ServiceMonitor PrometheusRule ConfigMap ;;
    scale-out-values)
      expect "$out/$name.yaml" StatefulSet Secret ServiceMonitor Deployment!
      grep -q -- '- --probe-only' "$out/$name.yaml" || { echo "$name: no --probe-only"; exit 1; }
      grep -q 'job_name: huaweicloud-probe-shard-2' "$out/$name.yaml" || { echo "$name: no shard 2"; exit 1; }
      grep -q '^      replicas: 3$' "$out/$name.yaml" || { echo "$name: config has no client.replicas 3"; exit 1; }
      ;;
    *) echo "$name: no expectations written for this value set"; exit 1 ;;
  esac
done
echo "chart: lint, template and schema validation passed for default and $(ls "$chart"/ci | wc -l) value sets"
