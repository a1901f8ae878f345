#!/usr/bin/env bash
# End-to-end container test, as root, from a clean clone: installs what it needs (apt-get), builds the base
# image (cached by tag) and the image, runs it in demo mode the way a careful operator would (read-only root
# filesystem, no capabilities, runc, lower ulimits), scrapes /metrics and /-/healthy, runs the image's
# HEALTHCHECK, stops it with SIGTERM and checks it exits promptly and cleanly, then removes the container.
# Every wait is bounded. The last line says PASS or FAIL; the exit code is 0 only on PASS.
#
# Env: STOP_WITHIN (seconds allowed for a SIGTERM stop, default 10), START_WITHIN (default 60).
set -euo pipefail
# shellcheck source=scripts/container/lib.sh
source "$(dirname "$0")/lib.sh"

STOP_WITHIN=${STOP_WITHIN:-10}
START_WITHIN=${START_WITHIN:-60}
PORT=9786
container=huaweicloud-exporter-test-$$
started=$SECONDS
result=FAIL

finish() {
  local status=$?
  if [ "$result" != PASS ] && podman container exists "$container" 2>/dev/null; then
    log "container log (last 30 lines):"
    podman logs --tail 30 "$container" >&2 2>&1 || true
  fi
  podman rm --force --time 0 "$container" >/dev/null 2>&1 || true
  # Each build leaves the previous image untagged (its created label changed); the layer cache stays.
  podman image prune --force --filter label=org.opencontainers.image.title=huaweicloud-exporter >/dev/null 2>&1 || true
  echo "container test: $result ($((SECONDS - started)) s)"
  [ "$result" = PASS ] && exit 0
  exit $((status == 0 ? 1 : status))
}
trap finish EXIT

require_root
ensure_container_tools
ensure_packages curl
bash "$REPO_ROOT/scripts/container/build-image.sh"

log "run $IMAGE --demo (read-only, no capabilities, runc)"
# podman 4.3 logs systemd errors for the HEALTHCHECK timer where there is no systemd; the check is run below.
timeout 60 podman run --detach --name "$container" "${PODMAN_RUN_FLAGS[@]}" \
  --read-only --cap-drop=ALL --security-opt=no-new-privileges \
  --publish "127.0.0.1::$PORT" \
  "$IMAGE" --demo "--web.listen-address=0.0.0.0:$PORT" >/dev/null 2>"/tmp/$container.run.log" || {
  cat "/tmp/$container.run.log" >&2
  die "podman run failed"
}
rm -f "/tmp/$container.run.log"
host_port=$(podman port "$container" "$PORT/tcp" | head -n 1)
host_port=${host_port##*:}
[ -n "$host_port" ] || die "podman port gave no published port for $PORT"
base_url=http://127.0.0.1:$host_port

http_status() { curl --silent --output /dev/null --max-time 10 --write-out '%{http_code}' "$base_url$1"; }
is_healthy() { [ "$(http_status /-/healthy)" = 200 ]; }

wait_until "$START_WITHIN" is_healthy || die "/-/healthy did not answer 200 within ${START_WITHIN}s"
log "/-/healthy: 200"

metrics=$(curl --silent --show-error --fail --max-time 30 "$base_url/metrics") || die "GET /metrics failed"
series=$(grep -c '^huaweicloud_' <<<"$metrics" || true)
[ "$series" -gt 0 ] || die "/metrics has no huaweicloud_ series"
grep -q '^huaweicloud_collector_success{.*} 1$' <<<"$metrics" ||
  die "/metrics: no collector reports success against the in-process simulator"
# The image is stamped with the revision it was built from (build-image.sh passes git's HEAD).
want_revision=$(git -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
grep -q "^huaweicloud_exporter_build_info{.*revision=\"$want_revision\"" <<<"$metrics" ||
  die "/metrics: huaweicloud_exporter_build_info does not carry revision $want_revision"
log "build_info revision: ${want_revision:0:12}"
log "/metrics: $series huaweicloud_ series, collectors succeed"

timeout 30 podman healthcheck run "$container" >/dev/null 2>&1 || die "the image's HEALTHCHECK reports unhealthy"
log "HEALTHCHECK: healthy"

uid=$(timeout 30 podman exec "$container" node -e 'process.stdout.write(String(process.getuid()))')
[ "$uid" != 0 ] || die "the exporter runs as root"
log "runs as uid $uid"

log "SIGTERM"
stop_started=$SECONDS
timeout 10 podman kill --signal TERM "$container" >/dev/null || die "podman kill --signal TERM failed"
exit_code=$(timeout "$STOP_WITHIN" podman wait "$container") ||
  die "still running ${STOP_WITHIN}s after SIGTERM (PID 1 must handle it)"
# 143 would mean the default action killed it; the exporter shuts down on its own and exits 0.
[ "$exit_code" = 0 ] || die "exit code $exit_code after SIGTERM (expected 0: a graceful shutdown)"
log "stopped in $((SECONDS - stop_started)) s, exit code 0"

result=PASS
