# huaweicloud-exporter container image. Build (docs/container.md):
#   podman build --format docker -t huaweicloud-exporter .        (or: docker build -t huaweicloud-exporter .)
# Run the demo (no cloud account needed):
#   podman run --rm -p 9786:9786 huaweicloud-exporter --demo --web.listen-address=:9786
# Run for real, read-only, AK/SK from the environment:
#   podman run --read-only -e HUAWEICLOUD_SDK_AK -e HUAWEICLOUD_SDK_SK \
#     -v ./config.yml:/etc/huaweicloud-exporter/config.yml:ro -p 9786:9786 huaweicloud-exporter

# Every stage starts from the current Node LTS on Debian bookworm (kept literal: the linter wants a tag it can
# see). Where no registry is reachable, scripts/container/build-base.sh makes a local image under this exact
# name, read from the first FROM, and the build uses it with --pull=never.

# Production dependencies only, without install scripts (none of them needs one).
FROM docker.io/library/node:26-bookworm-slim AS deps
# Where the build's network goes through a TLS-inspecting proxy, npm needs its CA: build-image.sh mounts the
# host's bundle and names it here. Build stages only: the final image never sees it.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Compile TypeScript with the full dependency set; only dist/ leaves this stage.
FROM docker.io/library/node:26-bookworm-slim AS build
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-info.mjs ./scripts/
COPY src ./src
RUN npm run build
# Stamp the revision and date the image is built from into dist/build-info.json (--version,
# huaweicloud_exporter_build_info): there is no .git in the context. Late, so only this step reruns per build.
ARG REVISION=unknown
ARG CREATED=unknown
RUN BUILD_REVISION="$REVISION" BUILD_DATE="$CREATED" node scripts/build-info.mjs

FROM docker.io/library/node:26-bookworm-slim
# A numeric, unprivileged user (Kubernetes' runAsNonRoot can only verify a numeric USER). The app's files
# stay root-owned, so the process cannot change its own code; it writes nothing, so the root filesystem can
# be read-only.
RUN groupadd --gid 10001 exporter \
 && useradd --uid 10001 --gid exporter --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin exporter \
 && mkdir -p /etc/huaweicloud-exporter

ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./

# Last, since they change every build: the layers above stay cached.
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="huaweicloud-exporter" \
      org.opencontainers.image.description="Prometheus exporter for Huawei Cloud SWR Enterprise signing, registries, HSS and API Gateway signature keys" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/node:26-bookworm-slim"

USER 10001:10001
EXPOSE 9786
# No curl in the image: node itself asks. Adjust the port if you change --web.listen-address. No
# --start-period (dockerfilelint rejects the flag): three misses 30 s apart already outlast start-up.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9786/-/healthy').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node is PID 1 on purpose (no npm, no shell in between): the exporter handles SIGTERM/SIGINT itself and
# shuts down gracefully; it starts no child processes, so there are no zombies to reap.
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["--config.file=/etc/huaweicloud-exporter/config.yml"]
