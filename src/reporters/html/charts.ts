// Inline SVG charts built on the server: no script, no external asset, escaped labels.
import type { ConversationResult, RunResult, Verdict } from '../../model/result.js';
import { escapeHtml } from './escape.js';

const COLORS: Record<Verdict, string> = {
  passed: '#2da44e',
  failed: '#cf222e',
  error: '#8250df',
  skipped: '#8c959f',
  interrupted: '#bf8700',
};
const ORDER: Verdict[] = ['passed', 'failed', 'error', 'skipped', 'interrupted'];
const MAX_FILES = 25;

type Counts = Record<Verdict, number>;

function countByFile(conversations: readonly ConversationResult[]): Array<[string, Counts]> {
  const byFile = new Map<string, Counts>();
  for (const c of conversations) {
    const counts = byFile.get(c.file) ?? { passed: 0, failed: 0, error: 0, skipped: 0, interrupted: 0 };
    counts[c.status] += 1;
    byFile.set(c.file, counts);
  }
  const problems = (c: Counts): number => c.failed + c.error;
  return [...byFile.entries()].sort((a, b) => problems(b[1]) - problems(a[1]) || a[0].localeCompare(b[0]));
}

/** The worst files first; the rest folded into one bar so the chart stays readable at any suite size. */
function topFiles(rows: Array<[string, Counts]>): Array<[string, Counts]> {
  if (rows.length <= MAX_FILES) return rows;
  const rest: Counts = { passed: 0, failed: 0, error: 0, skipped: 0, interrupted: 0 };
  for (const [, c] of rows.slice(MAX_FILES - 1)) for (const v of ORDER) rest[v] += c[v];
  return [...rows.slice(0, MAX_FILES - 1), [`${rows.length - MAX_FILES + 1} more files`, rest]];
}

export function passRateChart(result: RunResult): string {
  const rows = topFiles(countByFile(result.conversations));
  const labelW = 200,
    barW = 280,
    rowH = 22,
    width = labelW + barW + 70,
    height = Math.max(1, rows.length) * rowH + 8;
  const bars = rows
    .map(([file, counts], i) => {
      const total = ORDER.reduce((s, v) => s + counts[v], 0);
      let x = labelW;
      const y = 4 + i * rowH;
      const segments = ORDER.filter((v) => counts[v] > 0)
        .map((v) => {
          const w = (counts[v] / total) * barW;
          const rect =
            `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${COLORS[v]}">` +
            `<title>${escapeHtml(`${file}: ${counts[v]} ${v}`)}</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      const ran = total - counts.skipped;
      const rate = ran > 0 ? `${Math.round((counts.passed / ran) * 100)}%` : '–';
      const label = file.length > 32 ? `…${file.slice(-31)}` : file;
      return (
        `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(label)}</text>${segments}` +
        `<text x="${labelW + barW + 6}" y="${y + 12}">${rate}</text>`
      );
    })
    .join('');
  return (
    '<svg class="chart" id="chart-pass" role="img" aria-label="Pass rate per spec file" ' +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars}</svg>`
  );
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

function turnLatencies(result: RunResult): number[] {
  return result.conversations
    .flatMap((c) => c.turns.flatMap((t) => (t.result ? [t.result.latency.totalMs] : [])))
    .sort((a, b) => a - b);
}

export function latencyChart(result: RunResult): string {
  const values = turnLatencies(result);
  const width = 560,
    height = 206,
    left = 40,
    bottom = 176,
    plotW = width - left - 10,
    bins = 30;
  if (values.length === 0)
    return (
      `<svg class="chart" id="chart-latency" width="${width}" height="40" viewBox="0 0 ${width} 40">` +
      '<text x="10" y="24">No turn latencies recorded.</text></svg>'
    );
  const marks = { p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99) };
  const max = Math.max(1, values[values.length - 1]!);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / max) * bins))]! += 1;
  const peak = Math.max(...counts);
  const binW = plotW / bins;
  const bars = counts
    .map((n, i) => {
      const h = (n / peak) * (bottom - 20);
      return (
        `<rect x="${(left + i * binW).toFixed(1)}" y="${(bottom - h).toFixed(1)}" ` +
        `width="${(binW - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#0969da"><title>${n} turns</title></rect>`
      );
    })
    .join('');
  const lines = Object.entries(marks)
    .map(([name, v], i) => {
      const px = left + (v / max) * plotW;
      const x = px.toFixed(1);
      // Labels near the right edge go to the left of their line so they stay inside the chart.
      const anchor = px > left + plotW * 0.7 ? 'dx="-3" text-anchor="end"' : 'dx="3"';
      return (
        `<line x1="${x}" x2="${x}" y1="${4 + i * 12}" y2="${bottom}" stroke="#bf3989" stroke-dasharray="4 3"/>` +
        `<text x="${x}" y="${12 + i * 12}" ${anchor} class="mark">${name} ${Math.round(v)}ms</text>`
      );
    })
    .join('');
  const axis =
    `<line x1="${left}" x2="${left + plotW}" y1="${bottom}" y2="${bottom}" stroke="#57606a"/>` +
    `<text x="${left}" y="${bottom + 16}">0</text>` +
    `<text x="${left + plotW}" y="${bottom + 16}" text-anchor="end">${Math.round(max)} ms</text>` +
    `<text x="${left + plotW / 2}" y="${bottom + 26}" text-anchor="middle">` +
    `turn latency (${values.length} turns)</text>`;
  return (
    '<svg class="chart" id="chart-latency" role="img" aria-label="Turn latency histogram" ' +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars}${lines}${axis}</svg>`
  );
}

export function latencyStats(result: RunResult): { p50: number; p90: number; p99: number; count: number } {
  const v = turnLatencies(result);
  return { p50: percentile(v, 50), p90: percentile(v, 90), p99: percentile(v, 99), count: v.length };
}
