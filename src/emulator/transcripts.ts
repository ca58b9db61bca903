// The app's transcripts table: the emulator's deterministic stand-in for speech recognition.
// An utterance is "recognised" when its transcriptKey (src/audio/fingerprint.ts) is listed;
// `transcriptsFile` (JSON {key: text}, relative to the app file) is merged under the inline map.
import { inputLimits, readBoundedText } from '../validation/index.js';
import * as path from 'node:path';
import type { AppDefinition } from './app.js';

const KEY = /^[0-9a-f]{64}$/;

/**
 * The app with `transcripts` = file entries overridden by inline ones. Problems name the file, not
 * the key: the loader puts them at the app's `transcriptsFile` (`file:line:col transcriptsFile: ...`).
 */
export async function withTranscriptsFile(
  app: AppDefinition,
  baseDir: string,
): Promise<{ app: AppDefinition; problems: string[] }> {
  if (app.transcriptsFile === undefined) return { app, problems: [] };
  const file = path.resolve(baseDir, app.transcriptsFile);
  // Only a regular file within the fixture limit; a parse error never quotes the content (it may be anything).
  const read = readBoundedText(file, inputLimits().fixtureBytes);
  if ('problem' in read) {
    const at = read.problem.at ? ` (line ${read.problem.at.line}, col ${read.problem.at.col})` : '';
    return { app, problems: [`cannot read ${file}: ${read.problem.reason}${at}`] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text) as unknown;
  } catch {
    return { app, problems: [`${file} is not valid JSON (its content is not shown)`] };
  }
  const problems = tableProblems(parsed, file);
  if (problems.length) return { app, problems };
  return { app: { ...app, transcripts: { ...(parsed as Record<string, string>), ...app.transcripts } }, problems: [] };
}

function tableProblems(table: unknown, file: string): string[] {
  if (table === null || typeof table !== 'object' || Array.isArray(table))
    return [`${file} must hold a JSON object {key: text}`];
  return Object.entries(table).flatMap(([key, text]) => {
    if (!KEY.test(key)) return [`${file}: "${key}" is not a transcript key (64 lower-case hex digits)`];
    if (typeof text !== 'string') return [`${file}: the text of "${key}" must be a string`];
    return [];
  });
}

/** The recognised text of an utterance key, or undefined (routes as `unrecognized`). */
export function recognize(app: AppDefinition, key: string): string | undefined {
  const text = app.transcripts?.[key];
  return text === undefined || text === '' ? undefined : text;
}
