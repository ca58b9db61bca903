// `platform pull`: the app's evaluations → native spec files. An evaluation pushed by cxas-eval goes
// back to its spec path (from its description) under the output directory, so pushing from there
// round-trips; others go to `platform/<evaluation id>.yaml`, which a push would create anew (its id
// comes from the path). Scenarios become `simulation:` conversations.
// A description is anyone's text: a spec path that is absolute or leads out of the output directory
// is not pulled (what pull writes stays inside it).
import * as path from 'node:path';
import type { JsonObject } from '../../model/json.js';
import { shortName } from '../../model/inventory.js';
import type { PlatformClient } from '../grpc.js';
import { listAll } from '../list.js';
import { selectedOf } from '../run/results.js';
import { fromGolden } from './from-evaluation.js';
import { fromScenario } from './from-scenario.js';

interface PulledFile {
  path: string;
  app: string;
  conversations: JsonObject[];
  /**
   * `spec`: evaluations pushed by cxas-eval, at their spec path (pushing the file from the output
   * directory updates them); `platform`: one made otherwise, at `platform/<id>.yaml` (pushing the
   * file creates a new evaluation: its id comes from the file's path and the conversation's name).
   */
  origin: 'spec' | 'platform';
  /** What pull could not carry in these conversations (also in the report's notes). */
  notes: string[];
}
export interface PullReport {
  files: PulledFile[];
  notes: string[];
  skipped: string[];
}

export async function pullEvaluations(client: PlatformClient, opts: { tags?: string[] } = {}): Promise<PullReport> {
  const evaluations = (await listAll(client, 'ListEvaluations', 'evaluations')).filter(
    (e) => !opts.tags?.length || ((e['tags'] as string[] | undefined) ?? []).some((t) => opts.tags!.includes(t)),
  );
  const expectations = evaluations.some(
    (e) => ((e['golden'] ?? e['scenario']) as JsonObject | undefined)?.['evaluationExpectations'],
  )
    ? await listAll(client, 'ListEvaluationExpectations', 'evaluationExpectations')
    : [];
  const prompts = new Map(
    expectations.map((x) => [
      String(x['name']),
      String((x['llmCriteria'] as JsonObject | undefined)?.['prompt'] ?? ''),
    ]),
  );
  const byPath = new Map<string, PulledFile>();
  const report: PullReport = { files: [], notes: [], skipped: [] };
  for (const e of evaluations) {
    if (!e['golden'] && !e['scenario']) {
      report.skipped.push(`${String(e['displayName'])} (${String(e['name'])}): neither a golden nor a scenario`);
      continue;
    }
    const sel = selectedOf(e);
    const at = sel.file === sel.name ? `platform/${shortName(String(e['name']))}.yaml` : sel.file;
    const unsafe = unsafePath(at);
    if (unsafe) {
      report.skipped.push(`${sel.displayName} (${String(e['name'])}): its spec path ${at} ${unsafe}`);
      continue;
    }
    const pulled = e['golden']
      ? fromGolden(e, sel.displayName, prompts, sel.settings)
      : fromScenario(e, sel.displayName, prompts);
    report.notes.push(...pulled.notes.map((n) => `${at} › ${sel.displayName}: ${n}`));
    const origin = sel.file === sel.name ? 'platform' : 'spec';
    const file = byPath.get(at) ?? { path: at, app: client.app, conversations: [], origin, notes: [] };
    file.conversations.push(pulled.conversation);
    file.notes.push(...pulled.notes.map((n) => `${sel.displayName}: ${n}`));
    byPath.set(at, file);
  }
  report.files = [...byPath.values()];
  return report;
}

/**
 * Why a spec path cannot be written under the output directory, or undefined when it can. Read as
 * POSIX and Windows alike (`\\` as a separator), so no platform's reading leads out.
 */
function unsafePath(file: string): string | undefined {
  const posix = file.replace(/\\/g, '/');
  if (path.posix.isAbsolute(posix) || path.win32.isAbsolute(file) || /^[a-z]:/i.test(file))
    return 'is absolute (pushed from outside the project root?): pull writes only inside its output directory';
  const normal = path.posix.normalize(posix);
  if (normal === '..' || normal.startsWith('../')) return 'leads out of the output directory';
  if (normal === '.' || normal.endsWith('/')) return 'names no file';
  return undefined;
}
