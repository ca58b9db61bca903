// Credentials for CES calls (the precedence of docs/scrapi-compatibility.md §1): an explicit AuthClient, then a
// service-account key file, then a raw token (option or CXAS_OAUTH_TOKEN), then ADC. The
// token is asked for on every call; google-auth-library caches it and refreshes it before
// expiry, which the reference client never did. Tokens never reach a message: see redact().
import * as grpc from '@grpc/grpc-js';
import type { AuthClient, GoogleAuthOptions } from 'google-auth-library';
// The secret of an emulator started with `--token` (which reads the same variable): what a client
// sends on an insecure channel.
import { CXAS_EMULATOR_TOKEN } from '../model/emulator-access.js';

const CES_SCOPES = ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/ces'];
/** The environment variable a raw token is read from when no credentials are given. */
export const CXAS_OAUTH_TOKEN = 'CXAS_OAUTH_TOKEN';
const TOKEN_ENV = CXAS_OAUTH_TOKEN;
export type CredentialsOption = { keyFile?: string; token?: string } | AuthClient;

export interface AuthProvider {
  /** Where the credentials come from, for error messages (never the secret itself). */
  readonly source: string;
  getToken(): Promise<string>;
  /** Removes every token this provider handed out, and any bearer value, from `text`. */
  redact(text: string): string;
}

interface TokenSource {
  getAccessToken(): Promise<{ token?: string | null } | string | null | undefined>;
}

export function resolveAuth(
  credentials: CredentialsOption | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AuthProvider {
  if (credentials && isAuthClient(credentials)) return tokenProvider('an explicit AuthClient', credentials);
  const opts = (credentials ?? {}) as { keyFile?: string; token?: string };
  if (opts.keyFile) {
    return tokenProvider(
      `the service-account key file ${opts.keyFile}`,
      googleAuth({ keyFile: opts.keyFile, scopes: CES_SCOPES }),
    );
  }
  if (opts.token) return rawTokenProvider('the credentials.token option', opts.token);
  const envToken = env[TOKEN_ENV];
  if (envToken) return rawTokenProvider(`the ${TOKEN_ENV} environment variable`, envToken);
  return tokenProvider('Application Default Credentials (ADC)', googleAuth({ scopes: CES_SCOPES }));
}

/**
 * google-auth-library (and gaxios, gcp-metadata, ...) loads on the first token request: runs
 * against the emulator or with a raw token never pay for it at start-up.
 */
function googleAuth(options: GoogleAuthOptions): TokenSource {
  let client: Promise<TokenSource> | undefined;
  return {
    async getAccessToken() {
      client ??= import('google-auth-library').then(({ GoogleAuth }) => new GoogleAuth(options));
      return (await client).getAccessToken();
    },
  };
}

function isAuthClient(c: CredentialsOption): c is AuthClient {
  return typeof (c as Partial<AuthClient>).getAccessToken === 'function';
}

function tokenProvider(source: string, client: TokenSource): AuthProvider {
  const seen = new Set<string>();
  const redact = makeRedactor(seen);
  return {
    source,
    redact,
    async getToken() {
      let token: string | null | undefined;
      try {
        const res = await client.getAccessToken();
        token = typeof res === 'string' || res == null ? res : res.token;
      } catch (err) {
        throw authFailure(source, redact((err as Error).message ?? String(err)));
      }
      if (!token) throw authFailure(source, 'no access token was returned');
      seen.add(token);
      return token;
    },
  };
}

/** A raw bearer token: it cannot be refreshed, so an expired one fails as UNAUTHENTICATED. */
function rawTokenProvider(source: string, token: string): AuthProvider {
  const redact = makeRedactor(new Set([token]));
  return { source, redact, getToken: async () => token };
}

function makeRedactor(tokens: Set<string>): (text: string) => string {
  return (text) => {
    let out = text;
    for (const t of tokens) if (t) out = out.split(t).join('[redacted]');
    return out.replace(/(bearer\s+)[^\s"',;]+/gi, '$1[redacted]');
  };
}

/** grpc-js passes a numeric `code` from a metadata plugin through as the call's status. */
function authFailure(source: string, detail: string): Error & { code: number } {
  return Object.assign(new Error(`could not get an access token from ${source}: ${detail}`), {
    code: grpc.status.UNAUTHENTICATED,
  });
}

/** Per-call `authorization: Bearer <token>` metadata. */
export function authCallCredentials(auth: AuthProvider): grpc.CallCredentials {
  return grpc.credentials.createFromMetadataGenerator((_params, callback) => {
    auth.getToken().then(
      (token) => {
        const md = new grpc.Metadata();
        md.set('authorization', `Bearer ${token}`);
        callback(null, md);
      },
      (err: Error) => callback(err),
    );
  });
}

/** TLS + per-call token, or a plaintext channel for the emulator (its token, if any: `withBearer`). */
export function channelCredentials(insecure: boolean, auth: AuthProvider | undefined): grpc.ChannelCredentials {
  if (insecure || !auth) return grpc.credentials.createInsecure();
  return grpc.credentials.combineChannelCredentials(grpc.credentials.createSsl(), authCallCredentials(auth));
}

/** A bearer secret sent as it is, over plaintext: an emulator's `--token`. */
export type EmulatorAuth = AuthProvider & { readonly token: string };

/**
 * What a client sends on an insecure (plaintext) channel: the secret of an emulator started with
 * `--token` — the `credentials.token` option, else CXAS_EMULATOR_TOKEN — or nothing. Google
 * credentials (a key file, an AuthClient, ADC, CXAS_OAUTH_TOKEN) are never sent in plaintext.
 */
export function emulatorAuth(
  credentials: CredentialsOption | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): EmulatorAuth | undefined {
  const option = credentials && !isAuthClient(credentials) ? credentials.token : undefined;
  if (option) return { ...rawTokenProvider('the credentials.token option', option), token: option };
  const envToken = env[CXAS_EMULATOR_TOKEN];
  if (envToken)
    return {
      ...rawTokenProvider(`the ${CXAS_EMULATOR_TOKEN} environment variable`, envToken),
      token: envToken,
    };
  return undefined;
}

/**
 * `md` with `authorization: Bearer <token>`: on an insecure channel the token goes in each call's
 * metadata, since grpc-js refuses call credentials on a channel without TLS.
 */
export function withBearer(md: grpc.Metadata, auth: EmulatorAuth | undefined): grpc.Metadata {
  if (auth) md.set('authorization', `Bearer ${auth.token}`);
  return md;
}
