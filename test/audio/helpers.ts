// Shared setup for the audio end-to-end tests: the demo emulator over loopback and a Sessions
// client pointed at its gRPC and WebSocket ports.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Sessions, type SessionsOptions } from '../../src/client/sessions.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

export const DEMO_APP = path.resolve(import.meta.dirname, '../../specs/demo/app.yaml');
const AUDIO_DIR = path.resolve(import.meta.dirname, '../../specs/demo/audio');

export const wav = (name: 'balance' | 'human' | 'bye'): Promise<Buffer> =>
  readFile(path.join(AUDIO_DIR, `${name}.wav`));

export function client(emu: RunningEmulator, extra: Partial<SessionsOptions> = {}): Sessions {
  return new Sessions({
    appName: emu.appName,
    endpoint: emu.address,
    insecure: true,
    websocketEndpoint: emu.wsUrl,
    audio: { pacing: 'fast' },
    ...extra,
  });
}
