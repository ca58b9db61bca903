import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reporters/html/render.js';
import { scriptSafeJson } from '../../src/reporters/html/data.js';
import { percentile } from '../../src/reporters/html/charts.js';
import { buildConversations, buildRunResult, conversation, XSS_TEXT } from './fixture.js';

function manyConversations(n: number) {
  const base = buildConversations()[0]!;
  return buildRunResult(Array.from({ length: n }, (_, i) => ({ ...base, id: `c${i}`, name: `conversation ${i}` })));
}

describe('html report (static checks; the browser test covers behaviour)', () => {
  const html = renderHtml(buildRunResult());

  it('rates an interrupted run over its finished conversations only', () => {
    const conversations = buildConversations().map((c, i) => (i >= 4 ? { ...c, status: 'interrupted' as const } : c));
    const interrupted = renderHtml(buildRunResult(conversations, { interrupted: true }));
    // 4 ran to the end: 1 passed, 1 failed, 1 error, 1 skipped.
    expect(interrupted).toContain('<div class="card "><b>33.3%</b><span>pass rate of 3 finished</span></div>');
  });

  it("leaves an interrupted run's simulator faults out of its rate, as the summary's rate does", () => {
    const fault = { code: 'SIMULATOR_FAULT', message: 'the simulated user broke its brief' };
    const conversations = buildConversations().map((c, i) =>
      i === 1
        ? { ...c, status: 'error' as const, error: fault }
        : i >= 4
          ? { ...c, status: 'interrupted' as const }
          : c,
    );
    const interrupted = renderHtml(buildRunResult(conversations, { interrupted: true }));
    // 1 passed, 1 simulator fault, 1 error, 1 skipped: rated over the passed and the error.
    expect(interrupted).toContain('<div class="card "><b>50.0%</b><span>pass rate of 2 finished</span></div>');
  });

  it('is one self-contained file: no external script, style, image or link', () => {
    expect(html).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/,
    );
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('offers the review panel only when the run has a judge verdict or a graded goal to review', () => {
    expect(html).not.toContain('id="review"');
    const conversations = buildConversations();
    conversations[0]!.assertions.push({
      matcher: 'judge',
      negated: false,
      status: 'failed',
      message: 'expected "the agent is polite"; judge says the criterion does not hold',
      expected: { prompt: 'the agent is polite' },
    });
    const judged = renderHtml(buildRunResult(conversations));
    expect(judged).toContain('<button id="review-export" type="button" disabled>Export labels (YAML)</button>');
    expect(judged).toContain('"criterion":"the agent is polite"');
  });

  it('embeds data that cannot close its script element, and round-trips through JSON.parse', () => {
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    const tricky = { s: '</script><!-- \u2028\u2029 & >' };
    const safe = scriptSafeJson(tricky);
    expect(safe).toBe('{"s":"\\u003c/script\\u003e\\u003c!-- \\u2028\\u2029 \\u0026 \\u003e"}');
    expect(JSON.parse(safe)).toEqual(tricky);
    const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!;
    const parsed = JSON.parse(data) as {
      conversations: Array<{ turns: Array<{ transcript: Array<{ text?: string }> }> }>;
    };
    expect(parsed.conversations[7]!.turns[1]!.transcript.at(-1)!.text).toBe(XSS_TEXT);
  });

  it('escapes names in the static parts (charts, repeat table)', () => {
    const evil = conversation({ name: '<b>x</b>', file: 'specs/<i>.yaml', repeat: 2, status: 'failed' });
    const page = renderHtml(buildRunResult([evil, { ...evil, id: 'y', runIndex: 1 }]));
    expect(page).not.toContain('<i>');
    expect(page).toContain('specs/&lt;i&gt;.yaml');
  });

  it('draws both charts with the data they summarise', () => {
    expect(html).toMatch(/<svg class="chart" id="chart-pass"[^>]*>.*specs\/billing\.yaml.*50%/s);
    expect(html).toMatch(/<svg class="chart" id="chart-latency"[^>]*>.*p50 150ms.*p90 900ms.*p99 900ms/s);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it('grows linearly with the number of conversations', () => {
    const small = renderHtml(manyConversations(100)).length;
    const large = renderHtml(manyConversations(1000)).length;
    expect(large / small).toBeGreaterThan(8);
    expect(large / small).toBeLessThan(10.5);
  });
});
