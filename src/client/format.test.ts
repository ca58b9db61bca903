import { describe, expect, it } from 'vitest';
import { formatTranscript } from './format.js';
import { normalizeTurn } from './normalize.js';
import { realisticTurn } from '../../test/client/fixtures/turn.js';

const transcript = normalizeTurn(realisticTurn, { inputs: [], latency: { totalMs: 0 } }).transcript;

const PLAIN = [
  'USER QUERY: my account is 123',
  'TOOL CALL: [root_agent] Lookup Account -- Args: {"account_id":"123"}',
  'TOOL RESULT: [root_agent] Lookup Account -- Result: {"output":{"balance":42.5}}',
  'VARIABLES: [root_agent] {"balance":42.5}',
  'AGENT TRANSFER: [root_agent] Transferred to Billing',
  'TOOL CALL: [billing_agent] open_ticket -- Args: {"priority":"high"}',
  'AGENT RESPONSE: [billing_agent] Your balance is $42.50. <script>alert(1)</script>',
  'CUSTOM PAYLOAD: [billing_agent] {"card":"balance"}',
  'VARIABLES: [billing_agent] {"balance":42.5,"tier":"gold"}',
  'CITATIONS: [agent] FAQ https://ex.com/faq',
  'END SESSION: [agent] session ended {"reason":"done"}',
];

describe('formatTranscript', () => {
  it('plain: one labelled line per entry', () => {
    expect(formatTranscript(transcript, 'plain').split('\n')).toEqual(PLAIN);
  });

  it('ansi: bold coloured labels as cxas-scrapi prints them', () => {
    const lines = formatTranscript(transcript, 'ansi').split('\n');
    const bold = (code: number, label: string) => `\x1b[1m\x1b[${code}m${label}\x1b[39m\x1b[22m`;
    expect(lines[0]).toBe(`${bold(32, 'USER QUERY:')} my account is 123`);
    expect(lines[1]).toBe(`${bold(31, 'TOOL CALL:')} [root_agent] Lookup Account -- Args: {"account_id":"123"}`);
    expect(lines[2]!.startsWith(bold(33, 'TOOL RESULT:'))).toBe(true);
    expect(lines[4]!.startsWith(bold(36, 'AGENT TRANSFER:'))).toBe(true);
    expect(lines[6]!.startsWith(bold(35, 'AGENT RESPONSE:'))).toBe(true);
    expect(lines[7]!.startsWith(bold(94, 'CUSTOM PAYLOAD:'))).toBe(true);
    expect(lines[3]!.startsWith(bold(34, 'VARIABLES:'))).toBe(true);
    // Stripping the escapes gives the plain rendering back.
    // eslint-disable-next-line no-control-regex
    expect(lines.map((l) => l.replace(/\x1b\[\d+m/g, ''))).toEqual(PLAIN);
  });

  it('html: coloured labels and everything escaped', () => {
    const html = formatTranscript(transcript, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain(
      '<div class="cxas-agent"><b style="color:purple">AGENT RESPONSE:</b> [billing_agent] ' +
        'Your balance is $42.50. &lt;script&gt;alert(1)&lt;/script&gt;</div>',
    );
    expect(html).toContain('<div class="cxas-user"><b style="color:darkgreen">USER QUERY:</b> my account is 123</div>');
    expect(html).toContain(
      '<b style="color:darkred">TOOL CALL:</b> [root_agent] Lookup Account -- ' +
        'Args: {&quot;account_id&quot;:&quot;123&quot;}',
    );
    expect(html).toContain('<b style="color:goldenrod">TOOL RESULT:</b>');
    expect(html).toContain('<b style="color:darkorange">AGENT TRANSFER:</b> [root_agent] Transferred to Billing');
    expect(html).toContain('<b style="color:brown">CUSTOM PAYLOAD:</b>');
    expect(html.startsWith('<div class="cxas-transcript">')).toBe(true);
  });
});
