// Who may reach a served emulator. Loopback needs nothing; any other interface is the network, so it
// needs a token (clients send `Authorization: Bearer <token>`) or an explicit --no-auth, and says so.
import { CXAS_EMULATOR_TOKEN, isLoopbackHost } from '../model/emulator-access.js';
import { CliError } from './exit-codes.js';

export interface ExposureFlags {
  host?: string;
  token?: string;
  auth?: boolean;
}

/** The auth option for startEmulator, after warning about (or refusing) an open non-loopback bind. */
export function emulatorAuth(
  flags: ExposureFlags,
  env: NodeJS.ProcessEnv,
  stderr: NodeJS.WritableStream,
): { token: string } | undefined {
  const token = flags.token ?? env[CXAS_EMULATOR_TOKEN];
  const host = flags.host ?? '127.0.0.1';
  if (token && flags.auth === false) throw new CliError('--token and --no-auth contradict each other; pass one');
  if (isLoopbackHost(host)) return token ? { token } : undefined;
  if (!token && flags.auth !== false) {
    throw new CliError(
      `--host ${host} exposes the emulator beyond this machine: ` +
        `pass --token <secret> (or set ${CXAS_EMULATOR_TOKEN}), or --no-auth to serve it open`,
    );
  }
  stderr.write(
    `cxas-eval: warning: the emulator listens on ${host}, reachable from the network` +
      `${token ? '; clients must send Authorization: Bearer <token>' : ' WITHOUT authentication (--no-auth)'}\n`,
  );
  return token ? { token } : undefined;
}
