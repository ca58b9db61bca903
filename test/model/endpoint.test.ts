// The endpoint rule (src/model/endpoint.ts) is the config schema's: the flag and the file agree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENDPOINT_PATTERN, isEndpoint } from '../../src/model/endpoint.js';
import { ROOT } from '../helpers/cli.js';

describe('endpoint', () => {
  it('is the config schema pattern', () => {
    const schema = JSON.parse(readFileSync(`${ROOT}/schemas/config.schema.json`, 'utf8')) as {
      properties: { endpoint: { pattern: string } };
    };
    expect(schema.properties.endpoint.pattern).toBe(ENDPOINT_PATTERN);
  });

  it('accepts the targets the gRPC channel resolves, with a port from 1 to 65535', () => {
    const accepted = [
      'ces.googleapis.com:443',
      'ces.googleapis.com',
      '127.0.0.1:1',
      'localhost:65535',
      'my_host.internal:8080',
      '[::1]:50051',
      '[::1]',
      'dns:ces.googleapis.com:443',
      'dns:///localhost:8443',
      'dns://8.8.8.8/example.com:443',
      'unix:/tmp/ces.sock',
      // grpc-js' other target forms, which the library's clients took before the endpoint check.
      'ipv4:127.0.0.1:50051',
      'ipv6:[::1]:50051',
      'unix-abstract:ces',
    ];
    expect(accepted.filter((e) => !isEndpoint(e))).toEqual([]);
    const refused = ['', ':80', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:99999', 'host:abc', 'host:', 'a b:1'];
    expect(refused.filter((e) => isEndpoint(e))).toEqual([]);
    expect(
      ['http://host:80', 'unix:', 'dns:', '.host:1', 'unix-abstract:', 'ipv4:'].filter((e) => isEndpoint(e)),
    ).toEqual([]);
  });
});
