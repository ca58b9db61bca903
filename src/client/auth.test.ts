import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { OAuth2Client } from 'google-auth-library';
import { authCallCredentials, resolveAuth } from './auth.js';
import { fromGrpcError } from './errors.js';

const TOKEN = 'ya29.secret-token-value';
const metadataOf = (creds: grpc.CallCredentials) =>
  creds.generateMetadata({
    service_url: 'https://ces.googleapis.com/google.cloud.ces.v1.SessionService',
    method_name: 'RunSession',
  });

describe('auth', () => {
  it('CXAS_OAUTH_TOKEN sends authorization: Bearer <token>', async () => {
    const auth = resolveAuth(undefined, { CXAS_OAUTH_TOKEN: TOKEN });
    expect(auth.source).toBe('the CXAS_OAUTH_TOKEN environment variable');
    const md = await metadataOf(authCallCredentials(auth));
    expect(md.get('authorization')).toEqual([`Bearer ${TOKEN}`]);
  });

  it('follows the precedence AuthClient > keyFile > token option > CXAS_OAUTH_TOKEN > ADC', () => {
    const env = { CXAS_OAUTH_TOKEN: TOKEN };
    const client = new OAuth2Client();
    expect(resolveAuth(client, env).source).toBe('an explicit AuthClient');
    expect(resolveAuth({ keyFile: '/keys/sa.json', token: 't' }, env).source).toBe(
      'the service-account key file /keys/sa.json',
    );
    expect(resolveAuth({ token: 't' }, env).source).toBe('the credentials.token option');
    expect(resolveAuth(undefined, {}).source).toBe('Application Default Credentials (ADC)');
  });

  it('asks an AuthClient for a token on every call (so it can refresh)', async () => {
    let calls = 0;
    const client = new OAuth2Client();
    client.getAccessToken = async () => ({ token: `t${++calls}` });
    const creds = authCallCredentials(resolveAuth(client, {}));
    expect((await metadataOf(creds)).get('authorization')).toEqual(['Bearer t1']);
    expect((await metadataOf(creds)).get('authorization')).toEqual(['Bearer t2']);
  });

  it('a missing key file fails as UNAUTHENTICATED naming the file', async () => {
    const auth = resolveAuth({ keyFile: '/no/such/key.json' }, {});
    const err = await auth.getToken().then(
      () => undefined,
      (e: unknown) => e as Error & { code: number },
    );
    expect(err!.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(err!.message).toMatch(
      /^could not get an access token from the service-account key file \/no\/such\/key\.json: /,
    );
  });

  it('never lets a token into an error message', async () => {
    const client = new OAuth2Client();
    client.getAccessToken = async () => {
      throw new Error(`refresh failed for Bearer ${TOKEN}`);
    };
    const failing = resolveAuth(client, {});
    const err = await failing.getToken().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err!.message).toBe(
      'could not get an access token from an explicit AuthClient: refresh failed for Bearer [redacted]',
    );

    const auth = resolveAuth({ token: TOKEN }, {});
    const serverError = Object.assign(new Error('x'), {
      code: grpc.status.UNAUTHENTICATED,
      details: `token ${TOKEN} expired`,
      metadata: new grpc.Metadata(),
    });
    const ces = fromGrpcError(serverError, {
      method: 'runSession',
      resource: 's',
      appName: 'a',
      credentialSource: auth.source,
      redact: auth.redact,
    });
    expect(ces.message).toBe(
      'runSession s: authentication failed with credentials from the credentials.token option: ' +
        'token [redacted] expired',
    );
    expect(JSON.stringify({ ...ces, message: ces.message, stack: ces.stack })).not.toContain(TOKEN);
  });
});
