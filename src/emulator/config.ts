// SessionConfig checks: the session name, the app it belongs to, the entry agent.
import type { JsonObject } from '../model/json.js';
import { isJsonObject } from '../model/json.js';
import type { AppDefinition } from './app.js';
import { invalidArgument, notFound } from './errors.js';
import { checkAudioConfig, type AudioConfig } from '../audio/index.js';

// docs/protocol.md §3: session ids are 5-63 characters, starting with a letter or digit.
const SESSION_NAME = /^(projects\/[^/]+\/locations\/([^/]+)\/apps\/[^/]+)\/sessions\/([A-Za-z0-9][A-Za-z0-9_-]{4,62})$/;

interface SessionRef {
  name: string;
  appName: string;
  location: string;
  sessionId: string;
}

export interface CheckedConfig extends SessionRef {
  useToolFakes: boolean;
  entryAgent?: string;
  historicalContexts?: JsonObject[];
  /** Audio sessions (bidi only): how user audio is encoded, and how agent audio must be. */
  inputAudio?: AudioConfig;
  outputAudio?: AudioConfig;
  /**
   * Conversation.Source of a session this config creates: set by the emulator itself (an evaluation
   * run's replay is EVAL), never read from a request; LIVE when unset.
   */
  source?: 'EVAL';
}

// Every request names its session; a conversation's turns repeat the name, so parses are kept.
const parsedNames = new Map<string, SessionRef>();
const MAX_PARSED_NAMES = 10_000;

function parseSessionName(name: unknown, app: AppDefinition, where = 'config.session'): SessionRef {
  if (typeof name !== 'string' || name === '') throw invalidArgument(`${where} is required`);
  const known = parsedNames.get(name);
  if (known && known.appName === app.app) return known;
  const ref = parseNewSessionName(name, app, where);
  if (parsedNames.size >= MAX_PARSED_NAMES) parsedNames.clear();
  parsedNames.set(name, ref);
  return ref;
}

function parseNewSessionName(name: string, app: AppDefinition, where: string): SessionRef {
  const m = SESSION_NAME.exec(name);
  if (!m) {
    throw invalidArgument(
      `${where} "${name}" is not a valid session name: ` +
        'expected projects/{project}/locations/{location}/apps/{app}/sessions/{id}, ' +
        'the id being 5-63 letters, digits, "-" or "_"',
    );
  }
  if (m[1] !== app.app) throw notFound(`app "${m[1]}" not found: this emulator serves "${app.app}"`);
  return { name, appName: m[1]!, location: m[2]!, sessionId: m[3]! };
}

/** Short agent name from `.../agents/x` or `x`; NOT_FOUND when the app has no such agent. */
function resolveAgent(app: AppDefinition, ref: string, where: string): string {
  const short = ref.slice(ref.lastIndexOf('/') + 1);
  if (ref.includes('/') && ref !== `${app.app}/agents/${short}`)
    throw notFound(`${where}: agent "${ref}" does not belong to app "${app.app}"`);
  if (!app.agents[short])
    throw notFound(
      `${where}: agent "${short}" not found in app "${app.app}" (agents: ${Object.keys(app.agents).join(', ')})`,
    );
  return short;
}

/**
 * A deployment the app file declares (`deployments:`), each serving the same agents; NOT_FOUND for
 * one of another app or one it does not declare: the emulator has one version of the app, and does
 * not pretend a deployment it was not told about exists.
 */
function checkDeployment(app: AppDefinition, name: string): void {
  const prefix = `${app.app}/deployments/`;
  if (!name.startsWith(prefix))
    throw notFound(`config.deployment: deployment "${name}" does not belong to app "${app.app}"`);
  const id = name.slice(prefix.length);
  const declared = app.deployments ?? [];
  if (!declared.includes(id)) {
    const served = declared.length ? `deployments: ${declared.join(', ')}` : 'no deployments';
    throw notFound(
      `config.deployment: deployment "${id}" not found in app "${app.app}" ` +
        `(the app file declares ${served}; list it under deployments: to serve it with the same agents)`,
    );
  }
}

export function checkConfig(config: unknown, app: AppDefinition): CheckedConfig {
  if (!isJsonObject(config)) throw invalidArgument('config is required');
  const ref = parseSessionName(config['session'], app);
  const checked: CheckedConfig = { ...ref, useToolFakes: config['useToolFakes'] === true };
  if (typeof config['entryAgent'] === 'string' && config['entryAgent'] !== '') {
    checked.entryAgent = resolveAgent(app, config['entryAgent'], 'config.entryAgent');
  }
  if (typeof config['deployment'] === 'string' && config['deployment'] !== '')
    checkDeployment(app, config['deployment']);
  if (Array.isArray(config['historicalContexts']))
    checked.historicalContexts = config['historicalContexts'] as JsonObject[];
  if (config['inputAudioConfig'] !== undefined)
    checked.inputAudio = audioConfig(config['inputAudioConfig'], 'config.inputAudioConfig');
  if (config['outputAudioConfig'] !== undefined)
    checked.outputAudio = audioConfig(config['outputAudioConfig'], 'config.outputAudioConfig');
  return checked;
}

function audioConfig(value: unknown, where: string): AudioConfig {
  const v = (isJsonObject(value) ? value : {}) as Partial<AudioConfig>;
  try {
    return checkAudioConfig({
      audioEncoding: v.audioEncoding as AudioConfig['audioEncoding'],
      sampleRateHertz: v.sampleRateHertz as number,
    });
  } catch (err) {
    throw invalidArgument(`${where}: ${(err as Error).message}`);
  }
}
