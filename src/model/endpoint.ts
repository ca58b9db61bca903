// The one rule for a gRPC endpoint (`--endpoint`, config `endpoint`): HOST, HOST:PORT or [IPv6]:PORT,
// optionally as a dns: target (dns:HOST:PORT, dns:///HOST:PORT), or unix:PATH, which are the targets
// the client's gRPC channel resolves. A port is 1 to 65535: an out-of-range or empty host or port
// would otherwise fail only per call, after retries or name-resolution waits. The config schema's
// `endpoint.pattern` is this text (test/model/endpoint.test.ts holds them equal).
const HOST = String.raw`([\w-][\w.-]*|\[[\da-fA-F:.]+\])`;
const PORT = String.raw`(6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})`;

export const ENDPOINT_PATTERN = `^(dns:(//[^/]*/)?)?${HOST}(:${PORT})?$|^unix:.+$`;

const ENDPOINT = new RegExp(ENDPOINT_PATTERN, 'u');

export function isEndpoint(value: string): boolean {
  return ENDPOINT.test(value);
}

/** What an endpoint must look like, for messages. */
export const ENDPOINT_FORMS = 'HOST:PORT with a port from 1 to 65535 ([IPv6]:PORT, dns:HOST:PORT and unix:PATH too)';
