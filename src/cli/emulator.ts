// `cxas-eval emulator --app <file>`: serve an emulator app until SIGINT/SIGTERM.
import type { Command } from 'commander';
import type { RunningEmulator } from '../emulator/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { intOption } from './option-values.js';
import { emulatorAuth } from './emulator-exposure.js';
import { emulatorStartError } from './app-file-errors.js';
import { registerTranscriptKey } from './transcript-key.js';

interface EmulatorFlags {
  app?: string;
  port?: string;
  wsPort?: string;
  host?: string;
  seed?: string;
  token?: string;
  auth?: boolean;
  sessionTtl?: string;
  maxSessions?: string;
}

export function registerEmulator(program: Command): void {
  const emulator = program.command('emulator');
  registerTranscriptKey(emulator);
  emulator
    .description('serve a CES-compatible emulator (gRPC + WebSocket) playing an app YAML, until Ctrl-C')
    // Checked in the action, not by commander: a required option here would be required by
    // the `transcript-key` subcommand too.
    .option('--app <file>', 'emulator app YAML (see schemas/emulator-app.schema.json), e.g. specs/demo/app.yaml')
    .option('--port <n>', 'gRPC port (default: a free port)')
    .option('--ws-port <n>', 'WebSocket bridge port (default: a free port)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--seed <n>', 'seed of the latency/fault generator')
    .option('--token <secret>', 'require Authorization: Bearer <secret> (or CXAS_EMULATOR_TOKEN); needed off loopback')
    .option('--no-auth', 'serve a non-loopback --host without a token (anyone who can reach it can use it)')
    .option('--session-ttl <seconds>', 'forget a session idle this long (default 1800)')
    .option('--max-sessions <n>', 'keep at most n sessions, least recently used dropped first (default 10000)')
    .action(async (flags: EmulatorFlags) => {
      const app = flags.app;
      if (app === undefined) throw new CliError("required option '--app <file>' not specified", EXIT.usage);
      const port = intOption('--port', flags.port, 0, 65535);
      const wsPort = intOption('--ws-port', flags.wsPort, 0, 65535);
      const seed = intOption('--seed', flags.seed, -(2 ** 31), 2 ** 32 - 1);
      const ttl = intOption('--session-ttl', flags.sessionTtl, 1, 7 * 24 * 3600);
      const maxSessions = intOption('--max-sessions', flags.maxSessions, 1, 10_000_000);
      const auth = emulatorAuth(flags, process.env, process.stderr);
      const sessions = {
        ...(ttl !== undefined ? { idleTtlMs: ttl * 1000 } : {}),
        ...(maxSessions !== undefined ? { maxSessions } : {}),
      };
      let emulator: RunningEmulator | undefined;
      try {
        const { startEmulator } = await import('../emulator/index.js');
        emulator = await startEmulator({
          app,
          platform: true,
          ...(port !== undefined ? { port } : {}),
          ...(wsPort !== undefined ? { wsPort } : {}),
          ...(flags.host ? { host: flags.host } : {}),
          ...(seed !== undefined ? { seed } : {}),
          ...(auth ? { auth } : {}),
          sessions,
        });
      } catch (err) {
        throw emulatorStartError(err);
      }
      process.stdout.write(`emulator serving ${emulator.appName}\ngrpc ${emulator.address}\nws ${emulator.wsUrl}\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      await emulator.stop();
      process.stdout.write(`emulator stopped (${signal})\n`);
      process.exitCode = signal === 'SIGINT' ? EXIT.interrupted : EXIT.ok;
    });
}
