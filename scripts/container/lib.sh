# Shared by the scripts/container/*.sh scripts (sourced, not run): names, logging, bounded waits, and the
# podman/buildah settings this kind of machine needs (no Docker engine, no registry to pull from).
# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this file

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGE=${IMAGE:-localhost/huaweicloud-exporter:dev}
# The base image is made locally (build-base.sh) and tagged with the exact name the Dockerfile's FROM uses,
# so the same Dockerfile pulls the official image elsewhere and uses the stand-in here (--pull=never).
# The Dockerfile is the one place that names it; its tag gives the Node major (node:26-bookworm-slim -> 26).
BASE_IMAGE=$(awk '$1 == "FROM" { print $2; exit }' "$REPO_ROOT/Dockerfile")
[[ "$BASE_IMAGE" =~ :([0-9]+)-bookworm ]] || {
  echo "Dockerfile: the first FROM ($BASE_IMAGE) is not node:<major>-bookworm-*" >&2
  exit 1
}
NODE_MAJOR=${BASH_REMATCH[1]}

# runc rather than the default crun, and ulimits below the host's: containers fail to start here otherwise.
PODMAN_RUN_FLAGS=(--runtime runc --ulimit nofile=20000:20000 --ulimit nproc=1024:1024)
# RUN steps fail without chroot isolation here; nothing is pulled, the base exists locally.
BUILD_FLAGS=(--isolation=chroot --pull=never)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "run as root: podman/buildah here are rootful and apt-get installs what is missing"
}

# apt-get install, only the Debian packages that are not installed yet.
ensure_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing with apt-get: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >/dev/null || die "apt-get update failed"
  timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
}

ensure_container_tools() {
  # podman's recommends are skipped (--no-install-recommends), so what it needs here is named: uidmap for
  # the storage's id maps, netavark (which drives iptables) for container networks and published ports.
  ensure_packages debootstrap podman buildah runc uidmap netavark iptables
}

# Polls `command...` every second until it succeeds or `seconds` pass; returns 1 on timeout.
wait_until() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 1
  done
}
