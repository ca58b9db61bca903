// renderHtml: one self-contained page. Static parts are escaped here; the conversations travel as
// script-safe JSON and the page script renders them lazily with textContent.
import { createHash } from 'node:crypto';
import type { RunResult } from '../../model/result.js';
import { embedRun, scriptSafeJson } from './data.js';
import { escapeHtml } from './escape.js';
import { latencyChart, latencyStats, passRateChart } from './charts.js';
import { HTML_STYLE } from './style.js';
import { HTML_PAGE_SCRIPT } from './page-script.js';
import { REVIEW_STYLE, reviewPanel } from './review.js';
import { llmSummaryLines } from '../llm-summary.js';
import { notesPanel } from './notes.js';
import { countedSubject, finishedRuns, toleratedText } from '../counts.js';
import { coverageSection } from './coverage.js';
import { comparisonPanel } from './comparison.js';

const STATUSES = ['passed', 'failed', 'error', 'skipped', 'interrupted'] as const;

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function cards(result: RunResult): string {
  const s = result.summary;
  const card = (cls: string, value: string | number, label: string): string =>
    `<div class="card ${cls}"><b>${escapeHtml(String(value))}</b><span>${escapeHtml(label)}</span></div>`;
  const lat = latencyStats(result);
  const latencies = `${Math.round(lat.p50)} / ${Math.round(lat.p90)} / ${Math.round(lat.p99)}`;
  return (
    `<div class="cards" id="summary">${card('', s.total, countedSubject(result).replace(/^\d+ /, ''))}` +
    `${card('passed', s.passed, 'passed')}${card('failed', s.failed, 'failed')}${card('error', s.error, 'error')}` +
    `${s.simulatorFault ? card('error', s.simulatorFault, 'simulator faults') : ''}` +
    `${s.tolerated ? card('skipped', s.tolerated, toleratedText(result).replace(/^\d+ /, '')) : ''}` +
    `${card('skipped', s.skipped, 'skipped')}` +
    `${s.interrupted ? card('skipped', s.interrupted, 'interrupted') : ''}${passRateCard(result, card)}` +
    `${card('', latencies, 'turn latency p50 / p90 / p99 (ms)')}</div>`
  );
}

/** The rate counts finished runs only (summary.ts `passRateOf`); with none counted it is `–`, not 0%. */
function passRateCard(result: RunResult, card: (cls: string, value: string, label: string) => string): string {
  const s = result.summary;
  const rate = s.passRate === null ? '–' : pct(s.passRate);
  return card('', rate, result.interrupted ? `pass rate of ${finishedRuns(result)} finished` : 'pass rate');
}

function faultsLeftOut(r: RunResult['repeats'][number]): string {
  return r.simulatorFaults ? ` (${r.simulatorFaults} simulator faults left out)` : '';
}

function repeatsTable(result: RunResult): string {
  if (result.repeats.length === 0) return '';
  const rows = result.repeats
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.status)}</td><td>${escapeHtml(`${r.file} › ${r.name}`)}</td>` +
        `<td>${r.passed}/${r.runs}${faultsLeftOut(r)}</td>` +
        `<td>${r.passRate === null ? '–' : pct(r.passRate)}</td><td>${r.passHatK?.toFixed(2) ?? '–'}</td>` +
        `<td>${r.requiredPassRate !== undefined ? pct(r.requiredPassRate) : '100.0%'}</td></tr>`,
    )
    .join('');
  return (
    '<div class="panel" id="repeats"><h2>Repeated conversations</h2>' +
    '<table class="golden"><tr><th>Status</th><th>Conversation</th>' +
    `<th>Passed</th><th>Pass rate</th><th>pass^k</th><th>Required</th></tr>${rows}</table></div>`
  );
}

function controls(): string {
  const statusOptions = STATUSES.map((s) => `<option value="${s}">${s}</option>`).join('');
  return (
    '<div class="controls">' +
    '<input id="search" type="search" placeholder="Search names, transcripts, messages…" aria-label="Search">' +
    `<select id="filter-status" aria-label="Status"><option value="">all statuses</option>${statusOptions}</select>` +
    `<select id="filter-tag" aria-label="Tag"><option value="">all tags</option></select>` +
    `<select id="filter-file" aria-label="File"><option value="">all files</option></select>` +
    '<button id="expand-all" type="button">Expand all</button>' +
    '<button id="collapse-all" type="button">Collapse all</button>' +
    '<span id="count"></span></div>'
  );
}

function meta(result: RunResult): string {
  const target = result.target.emulator ? 'emulator' : (result.target.app ?? result.target.endpoint ?? '');
  const parts = [
    `status ${result.status}`,
    `run ${result.runId}`,
    `started ${result.startedAt}`,
    `${(result.durationMs / 1000).toFixed(1)}s`,
    target,
    `${result.tool.name} ${result.tool.version}`,
  ];
  return `<div class="meta">${parts.filter(Boolean).map(escapeHtml).join(' · ')}</div>`;
}

function llmSummary(result: RunResult): string {
  const lines = llmSummaryLines(result);
  return lines.length
    ? `<div class="meta" id="llm-summary">${lines.map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</div>`
    : '';
}

function runErrors(result: RunResult): string {
  return result.errors.map((e) => `<div class="err">! ${escapeHtml(`${e.code}: ${e.message}`)}</div>`).join('');
}

/** Only this page's own script may run: a second wall behind the escaping. */
function contentSecurityPolicy(script: string): string {
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  return (
    `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; ` +
    "img-src data:; media-src 'self' file: blob:"
  );
}

export function renderHtml(result: RunResult): string {
  const csp = contentSecurityPolicy(HTML_PAGE_SCRIPT);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>cxas-eval report · ${escapeHtml(result.status)}</title>
<style>${HTML_STYLE}${REVIEW_STYLE}</style></head>
<body>
<h1>cxas-eval report</h1>
${meta(result)}
${cards(result)}
${runErrors(result)}
${llmSummary(result)}
${notesPanel(result)}
${comparisonPanel(result)}
<div class="charts"><div class="panel"><h2>Pass rate by spec file</h2>${passRateChart(result)}</div>
<div class="panel"><h2>Turn latency</h2>${latencyChart(result)}</div></div>
${repeatsTable(result)}
${coverageSection(result)}
<h2>Conversations</h2>
${reviewPanel(result)}
${controls()}
<div id="rows"></div>
<button id="more" type="button" hidden>Show more</button>
<script type="application/json" id="report-data">${scriptSafeJson(embedRun(result))}</script>
<script>${HTML_PAGE_SCRIPT}</script>
</body></html>
`;
}
