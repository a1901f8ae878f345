#!/usr/bin/env bash
# Lints the Dockerfile, makes sure the base image exists (build-base.sh, cached), and builds $IMAGE
# (default localhost/huaweicloud-exporter:dev) with podman: chroot isolation, nothing pulled, docker format
# (the OCI format has no HEALTHCHECK). Layers are cached, so a re-run without changes takes seconds.
set -euo pipefail
# shellcheck source=scripts/container/lib.sh
source "$(dirname "$0")/lib.sh"

require_root
ensure_container_tools

log "dockerfilelint Dockerfile"
# Fetched by npx rather than kept in package.json: only this script needs it. It exits with the issue count.
(cd "$REPO_ROOT" && timeout 300 npx --yes dockerfilelint Dockerfile) || die "dockerfilelint found issues (above)"

bash "$REPO_ROOT/scripts/container/build-base.sh"

# npm in the build trusts what npm here trusts (a TLS-inspecting proxy's CA, say): the file is mounted for
# the build's RUN steps only and never copied into a layer.
ca_args=()
ca_file=${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null || true)}
if [ -n "$ca_file" ] && [ -f "$ca_file" ]; then
  ca_args=(--volume "$ca_file:/run/build-ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/run/build-ca.crt)
fi

version=$(node -p "require('$REPO_ROOT/package.json').version")
revision=$(git -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
log "podman build -> $IMAGE (version $version, revision ${revision:0:12})"
timeout 1800 podman build "${BUILD_FLAGS[@]}" --format docker "${ca_args[@]}" \
  --build-arg "VERSION=$version" \
  --build-arg "REVISION=$revision" \
  --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --tag "$IMAGE" --file "$REPO_ROOT/Dockerfile" "$REPO_ROOT" || die "podman build failed"
log "image ready: $IMAGE ($(podman image inspect --format '{{.Size}}' "$IMAGE") bytes)"
