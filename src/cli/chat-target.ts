// What `chat` talks to: CES (an app from --app, the config or CXAS_APP) or an in-process emulator
// (--emulator app.yaml, or the bundled demo app when no app is configured anywhere).
import * as path from 'node:path';
import { Sessions } from '../client/index.js';
import { loadConfig, projectRoots, type CxasConfig } from '../runner/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { emulatorStartError } from './app-file-errors.js';
import { DEMO_APP } from '../package-root.js';

export interface ChatTarget {
  sessions: Sessions;
  description: string;
  endpoint?: string;
  /** The config's `redact:` patterns: a recording of the session is masked with them (as an import is). */
  redact?: string[];
  /** The folders a spec's file paths may lead into (the config's project and `files.allowRoots`). */
  roots: string[];
  close(): Promise<void>;
}

interface TargetFlags {
  app?: string;
  endpoint?: string;
  insecure?: boolean;
  keyFile?: string;
  emulator?: string;
  config?: string;
}

export async function openChatTarget(flags: TargetFlags): Promise<ChatTarget> {
  const cwd = process.cwd();
  const loaded = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  const { config, errors } = loaded;
  if (errors.length) throw new CliError(errors.map((e) => e.message).join('\n'), EXIT.usage);
  const target = { ...(await openConfiguredTarget(flags, config)), roots: projectRoots(loaded, cwd) };
  return config.redact?.length ? { ...target, redact: config.redact } : target;
}

async function openConfiguredTarget(flags: TargetFlags, config: CxasConfig): Promise<Omit<ChatTarget, 'roots'>> {
  const app = flags.app ?? config.app ?? process.env['CXAS_APP'];
  const endpoint = flags.endpoint ?? config.endpoint;
  if (flags.emulator || (!app && !endpoint)) return openEmulator(flags.emulator ?? config.emulator ?? DEMO_APP);
  if (!app)
    throw new CliError(
      'an --endpoint was given but no app: pass --app, set `app:` in cxas-eval.config.yaml or CXAS_APP',
      EXIT.usage,
    );
  const sessions = cesSessions(
    app,
    endpoint,
    flags.insecure ?? config.insecure,
    flags.keyFile ?? config.credentials?.keyFile,
  );
  const shown = endpoint ?? 'ces.googleapis.com:443';
  return { sessions, description: `${app} at ${shown}`, endpoint: shown, close: async () => sessions.close() };
}

/** A Sessions client of a CES app (also `import conversations`); bad options are a usage error. */
export function cesSessions(app: string, endpoint?: string, insecure?: boolean, keyFile?: string): Sessions {
  try {
    return new Sessions({
      appName: app,
      insecure: insecure ?? false,
      ...(endpoint ? { endpoint } : {}),
      ...(keyFile ? { credentials: { keyFile } } : {}),
    });
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
}

async function openEmulator(appFile: string): Promise<Omit<ChatTarget, 'roots'>> {
  const { startEmulator } = await import('../emulator/index.js');
  let emulator;
  try {
    emulator = await startEmulator({ app: appFile });
  } catch (err) {
    throw emulatorStartError(err);
  }
  const sessions = new Sessions({
    appName: emulator.appName,
    endpoint: emulator.address,
    insecure: true,
    websocketEndpoint: emulator.wsUrl,
  });
  const which =
    appFile === DEMO_APP
      ? 'the demo app (bundled emulator)'
      : `emulator app ${path.relative(process.cwd(), appFile) || appFile}`;
  return {
    sessions,
    description: `${which} at ${emulator.address}`,
    endpoint: emulator.address,
    close: async () => {
      sessions.close();
      await emulator.stop();
    },
  };
}
