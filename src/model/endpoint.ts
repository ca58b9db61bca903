// The one rule for a gRPC endpoint (`--endpoint`, config `endpoint`, the Sessions and platform
// clients' `endpoint`): HOST, HOST:PORT or [IPv6]:PORT, optionally as a dns:, ipv4: or ipv6: target
// (dns:HOST:PORT, dns:///HOST:PORT, ipv4:1.2.3.4:443), or unix:PATH and unix-abstract:NAME, which are
// the targets the client's gRPC channel resolves. A port is 1 to 65535: an out-of-range or empty host
// or port would otherwise fail only per call, after retries or name-resolution waits. The config
// schema's `endpoint.pattern` is this text (test/model/endpoint.test.ts holds them equal). The
// WebSocket bridge's URL (`--ws-endpoint`, `websocketEndpoint`) has its rule here too.
import { quoted, shown } from './location.js';

const HOST = String.raw`([\w-][\w.-]*|\[[\da-fA-F:.]+\])`;
const PORT = String.raw`(6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})`;

export const ENDPOINT_PATTERN = `^(dns:(//[^/]*/)?|ipv4:|ipv6:)?${HOST}(:${PORT})?$|^unix(-abstract)?:.+$`;

const ENDPOINT = new RegExp(ENDPOINT_PATTERN, 'u');

export function isEndpoint(value: string): boolean {
  return ENDPOINT.test(value);
}

/** What an endpoint must look like, for messages. */
const ENDPOINT_FORMS = 'HOST:PORT with a port from 1 to 65535 ([IPv6]:PORT, dns:HOST:PORT and unix:PATH too)';

/**
 * What is wrong with `value` as an endpoint, one line naming where it was given (`--endpoint`,
 * `endpoint`), or undefined when it is one. A URL (`http://host:8080`) gets the target it
 * means as a hint: a gRPC target has no scheme, and grpc-js would fail on it only per call.
 */
export function endpointProblem(value: unknown, name: string): string | undefined {
  if (typeof value === 'string' && isEndpoint(value)) return undefined;
  const meant = typeof value === 'string' ? withoutScheme(value) : undefined;
  const hint = meant !== undefined && isEndpoint(meant) ? ` (without the scheme: ${quoted(meant)})` : '';
  return `${name} must be ${ENDPOINT_FORMS}, got ${shown(value)}${hint}`;
}

/** `https://host:443/` → `host:443`; undefined when `value` is not a URL. */
function withoutScheme(value: string): string | undefined {
  const url = /^[a-z][a-z\d+.-]*:\/\/([^/]+)\/?$/i.exec(value);
  return url?.[1];
}

/** As the config schema's `websocketEndpoint`: the client adds the BidiRunSession path itself. */
const isWebsocketUrl = (value: string): boolean => /^wss?:\/\/[^/\s]+\/?$/.test(value);

/** What a WebSocket bridge's URL must look like, for messages. */
const WEBSOCKET_FORMS = 'a ws://HOST:PORT or wss://HOST URL (no path)';

/** What is wrong with `value` as a WebSocket bridge's URL (`--ws-endpoint`, `websocketEndpoint`), or undefined. */
export function websocketEndpointProblem(value: unknown, name: string): string | undefined {
  if (typeof value === 'string' && isWebsocketUrl(value)) return undefined;
  return `${name} must be ${WEBSOCKET_FORMS}, got ${shown(value)}`;
}
