// The package's clients (Sessions, PlatformClient) hold `endpoint` to the rule `--endpoint` has
// (src/model/endpoint.ts) when they are made: a URL or an out-of-range port was once accepted and
// failed only per call, as an UNAVAILABLE naming a `dns:http://…` target or a name-resolution wait.
import { describe, expect, it } from 'vitest';
import { CesInputError, PlatformClient, Sessions } from '../../src/index.js';

const APP = 'projects/p/locations/us/apps/a';
const FORMS = 'HOST:PORT with a port from 1 to 65535 ([IPv6]:PORT, dns:HOST:PORT and unix:PATH too)';

/** What the constructor threw, or undefined (a client that was made is closed). */
function refusal(make: () => { close(): void }): unknown {
  try {
    make().close();
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('a bad endpoint is refused when the client is made', () => {
  it('Sessions: a URL (with the target it means), a bad port, no host, an empty or non-string one', () => {
    const cases: Array<[unknown, string]> = [
      ['http://x', `endpoint must be ${FORMS}, got "http://x" (without the scheme: "x")`],
      [
        'https://127.0.0.1:8080/',
        `endpoint must be ${FORMS}, got "https://127.0.0.1:8080/" (without the scheme: "127.0.0.1:8080")`,
      ],
      ['http://a/b', `endpoint must be ${FORMS}, got "http://a/b"`],
      ['127.0.0.1:99999', `endpoint must be ${FORMS}, got "127.0.0.1:99999"`],
      [':80', `endpoint must be ${FORMS}, got ":80"`],
      ['', `endpoint must be ${FORMS}, got ""`],
      [8080, `endpoint must be ${FORMS}, got 8080`],
    ];
    for (const [endpoint, message] of cases) {
      const err = refusal(() => new Sessions({ appName: APP, endpoint: endpoint as string, insecure: true }));
      expect(err, String(endpoint)).toEqual(new CesInputError(message));
      expect(err).toBeInstanceOf(CesInputError);
    }
  });

  it('Sessions: a websocketEndpoint that is not a ws:// or wss:// URL without a path', () => {
    const err = refusal(() => new Sessions({ appName: APP, endpoint: 'localhost:1', websocketEndpoint: 'http://h:1' }));
    expect(err).toEqual(
      new CesInputError('websocketEndpoint must be a ws://HOST:PORT or wss://HOST URL (no path), got "http://h:1"'),
    );
  });

  it('PlatformClient: the same rule', () => {
    expect(refusal(() => new PlatformClient({ app: APP, endpoint: 'http://x', insecure: true }))).toEqual(
      new CesInputError(`endpoint must be ${FORMS}, got "http://x" (without the scheme: "x")`),
    );
  });

  it('every form the rule accepts still makes a client', () => {
    const good = [
      'ces.googleapis.com:443',
      'ces.googleapis.com',
      '[::1]:50051',
      'dns:///localhost:8443',
      'unix:/tmp/s',
    ];
    for (const endpoint of good) {
      expect(
        refusal(() => new Sessions({ appName: APP, endpoint, insecure: true })),
        endpoint,
      ).toBeUndefined();
      expect(
        refusal(() => new PlatformClient({ app: APP, endpoint, insecure: true })),
        endpoint,
      ).toBeUndefined();
    }
    const ws = { appName: APP, endpoint: 'localhost:1', insecure: true, websocketEndpoint: 'ws://127.0.0.1:8081/' };
    expect(refusal(() => new Sessions(ws))).toBeUndefined();
  });
});
