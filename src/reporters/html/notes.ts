// The report's notes panel: what the run found but did not check (conversation warnings such as a
// tool fake that answered no call, golden files nothing compared), as plainly as the console says it.
import type { RunResult } from '../../model/result.js';
import { escapeHtml } from './escape.js';
import { runWarnings, warningLine } from '../warnings.js';

function list(title: string, files: readonly string[], id: string): string {
  if (files.length === 0) return '';
  const items = files.map((f) => `<li>${escapeHtml(f)}</li>`).join('');
  return `<div id="${id}"><h3>${escapeHtml(`${title} (${files.length})`)}</h3><ul>${items}</ul></div>`;
}

export function notesPanel(result: RunResult): string {
  const g = result.goldens ?? { obsolete: [], removed: [], notCompared: [] };
  const body =
    list('Warnings: configured but took no part', runWarnings(result).map(warningLine), 'warnings') +
    list(
      'Obsolete goldens: no conversation maps to them (--update-goldens removes them)',
      g.obsolete,
      'goldens-obsolete',
    ) +
    list('Obsolete goldens removed by --update-goldens', g.removed, 'goldens-removed') +
    list('Goldens not compared: nothing asked to compare them', g.notCompared, 'goldens-not-compared');
  return body ? `<div class="panel" id="notes"><h2>Notes</h2>${body}</div>` : '';
}
