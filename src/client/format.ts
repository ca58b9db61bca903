// A transcript as text: the labels and colours of cxas-scrapi's parse_result
// (docs/scrapi-compatibility.md §1), plus variables, citations and endSession, which it never showed.
import { createColors } from 'picocolors';
import type { TranscriptEntry } from '../model/turn.js';

export type TranscriptFormat = 'ansi' | 'plain' | 'html';

interface Style {
  label: string;
  ansi: (s: string) => string;
  html: string;
}

// Always-on colours: the caller chose 'ansi', so NO_COLOR/TTY detection must not undo it.
const pc = createColors(true);
const bold = (paint: (s: string) => string) => (s: string) => pc.bold(paint(s));

const STYLES: Record<TranscriptEntry['kind'], Style> = {
  user: { label: 'USER QUERY:', ansi: bold(pc.green), html: 'darkgreen' },
  agent: { label: 'AGENT RESPONSE:', ansi: bold(pc.magenta), html: 'purple' },
  toolCall: { label: 'TOOL CALL:', ansi: bold(pc.red), html: 'darkred' },
  toolResponse: { label: 'TOOL RESULT:', ansi: bold(pc.yellow), html: 'goldenrod' },
  transfer: { label: 'AGENT TRANSFER:', ansi: bold(pc.cyan), html: 'darkorange' },
  payload: { label: 'CUSTOM PAYLOAD:', ansi: bold(pc.blueBright), html: 'brown' },
  variables: { label: 'VARIABLES:', ansi: bold(pc.blue), html: 'steelblue' },
  citations: { label: 'CITATIONS:', ansi: bold(pc.gray), html: 'gray' },
  endSession: { label: 'END SESSION:', ansi: bold(pc.redBright), html: 'crimson' },
  bargeIn: { label: 'BARGE-IN:', ansi: bold(pc.redBright), html: 'crimson' },
};

export function formatTranscript(entries: TranscriptEntry[], format: TranscriptFormat): string {
  const lines = entries.map((e) => formatEntry(e, format));
  return format === 'html' ? `<div class="cxas-transcript">\n${lines.join('\n')}\n</div>` : lines.join('\n');
}

function formatEntry(entry: TranscriptEntry, format: TranscriptFormat): string {
  const style = STYLES[entry.kind];
  const body = entryBody(entry);
  switch (format) {
    case 'ansi':
      return `${style.ansi(style.label)} ${body}`;
    case 'plain':
      return `${style.label} ${body}`;
    case 'html':
      return (
        `<div class="cxas-${entry.kind}"><b style="color:${style.html}">${escapeHtml(style.label)}</b> ` +
        `${escapeHtml(body)}</div>`
      );
  }
}

/** The text after the label; `[role]` as the reference prints it for everything but the user. */
function entryBody(entry: TranscriptEntry): string {
  if (entry.kind === 'user') return entry.text;
  const role = `[${entry.role}]`;
  switch (entry.kind) {
    case 'agent':
      return `${role} ${entry.text}`;
    case 'toolCall':
      return `${role} ${entry.call.displayName ?? entry.call.name} -- Args: ${JSON.stringify(entry.call.args)}`;
    case 'toolResponse':
      return (
        `${role} ${entry.response.displayName ?? entry.response.name} -- ` +
        `Result: ${JSON.stringify(entry.response.response)}`
      );
    case 'transfer':
      return `${role} Transferred to ${entry.transfer.displayName ?? entry.transfer.to}`;
    case 'payload':
      return `${role} ${JSON.stringify(entry.payload)}`;
    case 'variables':
      return `${role} ${JSON.stringify(entry.variables)}`;
    case 'citations':
      return `${role} ${entry.citations.map((c) => [c.title, c.uri].filter(Boolean).join(' ')).join('; ')}`;
    case 'endSession':
      return `${role} session ended${entry.metadata ? ` ${JSON.stringify(entry.metadata)}` : ''}`;
    case 'bargeIn':
      return `${role} the user interrupted`;
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
