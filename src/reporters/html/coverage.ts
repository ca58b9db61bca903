// The report's Coverage panel: per category its figure, then the items never exercised, the ones the
// run exercised that the app does not list, then the covered ones, each linking to the first
// conversation that exercised it (a `#q=<id>` link: the page's search shows that conversation).
import type { CoverageCategory, CoverageItem, RunCoverage } from '../../model/coverage.js';
import { categoriesOf, isCoverageUnavailable } from '../../model/coverage.js';
import type { RunResult } from '../../model/result.js';
import { escapeHtml } from './escape.js';

function itemLabel(i: CoverageItem): string {
  const extra = [
    i.displayName,
    i.origin === 'client' ? 'client tool' : undefined,
    i.by?.length ? `called by ${i.by.join(', ')}` : undefined,
  ].filter((x): x is string => Boolean(x));
  const note = extra.length ? ` <span class="cov-note">${escapeHtml(extra.join(' · '))}</span>` : '';
  return `<span class="cov-name">${escapeHtml(i.name)}</span>${note}`;
}

function firstLink(i: CoverageItem, names: Map<string, string>): string {
  if (!i.first) return '';
  const href = `#q=${encodeURIComponent(i.first)}`;
  const title = names.get(i.first) ?? i.first;
  return `<a href="${escapeHtml(href)}">${escapeHtml(title)}</a>${i.hits > 1 ? ` (+${i.hits - 1} more)` : ''}`;
}

function rows(cat: CoverageCategory, names: Map<string, string>): string {
  const row = (cls: string, state: string, i: CoverageItem): string =>
    `<tr class="${cls}"><td>${state}</td><td>${itemLabel(i)}</td><td>${firstLink(i, names)}</td></tr>`;
  return [
    ...cat.items.filter((i) => !i.covered).map((i) => row('cov-miss', 'not exercised', i)),
    ...cat.unlisted.map((i) => row('cov-extra', 'not in the app', i)),
    ...cat.items.filter((i) => i.covered).map((i) => row('cov-hit', 'exercised', i)),
  ].join('');
}

function categoryTable(name: string, cat: CoverageCategory, names: Map<string, string>): string {
  const share = cat.total ? ` (${((cat.covered / cat.total) * 100).toFixed(0)}%)` : '';
  return (
    `<h3>${escapeHtml(name)} ${cat.covered}/${cat.total}${share}</h3>` +
    (cat.items.length || cat.unlisted.length
      ? `<table class="golden cov" data-category="${escapeHtml(name)}"><tr><th>State</th><th>Item</th>` +
        `<th>First conversation</th></tr>${rows(cat, names)}</table>`
      : '<div class="meta">none in the app</div>')
  );
}

function coveragePanel(coverage: RunCoverage, result: RunResult): string {
  const names = new Map(
    result.conversations.map((c) => [c.id, `${c.name}${c.repeat > 1 ? ` [#${c.runIndex + 1}]` : ''}`]),
  );
  // Toolsets only when the app (or the run) has some; routes only for an emulator app.
  const shown = categoriesOf(coverage).filter(([n, cat]) => n !== 'toolsets' || cat.total + cat.unlisted.length);
  const guardrails = coverage.inventory.guardrails.length
    ? `<div class="meta">${coverage.inventory.guardrails.length} guardrail(s) in the app: ` +
      'the session output does not say when one applies, so they have no figure.</div>'
    : '';
  return (
    `<div class="panel" id="coverage"><h2>Coverage of ${escapeHtml(coverage.app)}</h2>` +
    shown.map(([n, cat]) => categoryTable(n, cat, names)).join('') +
    `${guardrails}</div>`
  );
}

/** Empty when the run has no coverage block; the reason when it could not be computed. */
export function coverageSection(result: RunResult): string {
  const block = result.coverage;
  if (!block) return '';
  if (isCoverageUnavailable(block))
    return (
      '<div class="panel" id="coverage"><h2>Coverage</h2>' +
      `<div class="err">not computed: ${escapeHtml(block.unavailable)}</div></div>`
    );
  return coveragePanel(block, result);
}
