// Prometheus' http_sd format: a JSON array of {targets, labels}. Every group's target is this exporter (its
// --web.external-url, else the Host the scraper used) and its labels say which probe target to ask for:
// Prometheus turns __param_target into ?target=…, so hashmod relabelling on __param_target can spread the
// targets over replicas. The `target` label keeps the series of different targets apart; `instance` stays
// the exporter's address, as on the exporter's own metrics (the dashboards' instance variable).

import { collectorDescriptor } from '../collectors/index.js';
import type { ProbeTarget } from './target.js';
import { formatProbeTarget } from './target.js';

export const PROBE_PATH = '/probe';
export const SD_PATH = '/targets';

/** How the service-discovery request reached us. */
export interface RequestOrigin {
  /** The Host header, if any. */
  host: string | undefined;
  protocol: 'http' | 'https';
}

/** Where Prometheus should send its probes. */
export interface ProbeEndpoint {
  /** host:port, always with a port. */
  address: string;
  scheme: 'http' | 'https';
  probePath: string;
}

export interface HttpSdGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** An external URL or Host header that cannot serve as the exporter's address. */
export class ExporterAddressError extends Error {
  override readonly name = 'ExporterAddressError';
}

const HOST_HEADER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]{0,252})(?::(\d{1,5}))?$/;
const DEFAULT_PORT = { http: '80', https: '443' } as const;

/** Validates --web.external-url: an http(s) URL without credentials, query or fragment. */
export function parseExternalUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ExporterAddressError(`--web.external-url: not a URL: "${text}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new ExporterAddressError(`--web.external-url: must be an http(s) URL with a host, got "${text}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ExporterAddressError('--web.external-url: must not carry a user or password');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ExporterAddressError(`--web.external-url: must not have a query or fragment, got "${text}"`);
  }
  return url;
}

export function probeEndpoint(external: URL | undefined, origin: RequestOrigin): ProbeEndpoint {
  if (external !== undefined) {
    const scheme = external.protocol === 'https:' ? 'https' : 'http';
    const prefix = external.pathname.replace(/\/+$/, '');
    return {
      address: `${external.hostname}:${external.port || DEFAULT_PORT[scheme]}`,
      scheme,
      probePath: `${prefix}${PROBE_PATH}`,
    };
  }
  const host = origin.host ?? '';
  const match = HOST_HEADER.exec(host);
  if (match === null) {
    throw new ExporterAddressError(
      `cannot tell this exporter's address from the Host header ${JSON.stringify(host.slice(0, 100))}; start it with --web.external-url`,
    );
  }
  const address = match[1] === undefined ? `${host}:${DEFAULT_PORT[origin.protocol]}` : host;
  return { address, scheme: origin.protocol, probePath: PROBE_PATH };
}

function metaLabels(target: ProbeTarget): Record<string, string> {
  const labels: Record<string, string> = {
    ...(target.account === undefined ? {} : { __meta_huaweicloud_account: target.account }),
    __meta_huaweicloud_region: target.region,
    __meta_huaweicloud_collector: target.collector,
  };
  if (target.instanceId !== undefined) labels.__meta_huaweicloud_instance_id = target.instanceId;
  const { form } = collectorDescriptor(target.collector).probe;
  if (form.by === 'kind' && target.kind !== undefined)
    labels[`__meta_huaweicloud_${form.kind}`] = target.kind;
  return labels;
}

export function httpSdGroups(targets: readonly ProbeTarget[], endpoint: ProbeEndpoint): HttpSdGroup[] {
  return targets.map((target) => {
    const text = formatProbeTarget(target);
    return {
      targets: [endpoint.address],
      labels: {
        __param_target: text,
        __metrics_path__: endpoint.probePath,
        __scheme__: endpoint.scheme,
        target: text,
        ...metaLabels(target),
      },
    };
  });
}
