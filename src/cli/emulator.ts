// `cxas-eval emulator --app <file>`: serve an emulator app until SIGINT/SIGTERM.
import type { Command } from 'commander';
import type { RunningEmulator } from '../emulator/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { intOption } from './option-values.js';

interface EmulatorFlags { app: string; port?: string; wsPort?: string; host?: string; seed?: string }

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('serve a CES-compatible emulator (gRPC + WebSocket) playing an app YAML, until Ctrl-C')
    .requiredOption('--app <file>', 'emulator app YAML (see schemas/emulator-app.schema.json), e.g. specs/demo/app.yaml')
    .option('--port <n>', 'gRPC port (default: a free port)')
    .option('--ws-port <n>', 'WebSocket bridge port (default: a free port)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--seed <n>', 'seed of the latency/fault generator')
    .action(async (flags: EmulatorFlags) => {
      const port = intOption('--port', flags.port, 0, 65535);
      const wsPort = intOption('--ws-port', flags.wsPort, 0, 65535);
      const seed = intOption('--seed', flags.seed, -(2 ** 31), 2 ** 32 - 1);
      let emulator: RunningEmulator | undefined;
      try {
        const { startEmulator } = await import('../emulator/index.js');
        emulator = await startEmulator({ app: flags.app, ...(port !== undefined ? { port } : {}), ...(wsPort !== undefined ? { wsPort } : {}), ...(flags.host ? { host: flags.host } : {}), ...(seed !== undefined ? { seed } : {}) });
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw new CliError((err as Error).message, code === 'EMULATOR_APP_INVALID' ? EXIT.usage : EXIT.failed);
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
