import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appendToSpecText, conversationNames, newSpecText, type RecordedEntry } from './append.js';

const entry: RecordedEntry = {
  conversation: {
    name: 'recorded',
    match: 'strict',
    toolFakes: [{ tool: 'open_ticket', whenArgs: { priority: 'high' }, respond: { ticket_id: 'T-1' } }],
    turns: [{ user: 'hi', expect: [{ toolCall: { name: 'lookup', args: { id: 1 } } }, { text: 'Hello.' }] }],
  },
  comment: ['recorded by cxas-eval chat'],
};

const parsed = (text: string) => parse(text) as { conversations: Array<{ name: string }>; defaults?: unknown };

describe('appendToSpecText', () => {
  it('keeps the file byte for byte and appends to a block list that ends it', () => {
    const existing = '# my suite\nconversations:\n  - name: mine   # hand-written\n    turns: [{ user: x }]\n# end\n';
    const text = appendToSpecText(existing, [entry], 'schema.json');
    expect(text.startsWith(existing)).toBe(true);
    expect(parsed(text).conversations.map((c) => c.name)).toEqual(['mine', 'recorded']);
    expect(text).toContain('\n  # recorded by cxas-eval chat\n  - name: recorded\n    match: strict\n');
    expect(text).toContain(
      '      - {tool: open_ticket, whenArgs: {priority: high}, respond: {ticket_id: T-1}} # generated\n',
    );
    expect(text).toContain('          - toolCall: {name: lookup, args: {id: 1}} # generated\n');
    expect(text).toContain('          - text: Hello. # generated\n');
  });

  it('inserts through the Document API, comments kept, when keys follow the list or it is a flow list', () => {
    for (const existing of [
      'conversations:\n  - name: mine # keep me\n    turns: [{ user: x }]\ndefaults: { match: strict }\n',
      '# head\nconversations: [{ name: mine, turns: [{ user: x }] }]\n',
    ]) {
      const text = appendToSpecText(existing, [entry], 'schema.json');
      expect(parsed(text).conversations.map((c) => c.name)).toEqual(['mine', 'recorded']);
      expect(text).toMatch(/# keep me|# head/);
    }
  });

  it('does not grow a `|+` block scalar that ends the file: the list is rewritten through the Document API', () => {
    const existing =
      'conversations:\n  - name: mine\n    turns:\n      - user: |+\n          two lines\n          kept\n\n';
    const text = appendToSpecText(existing, [entry], 'schema.json');
    const doc = parse(text) as { conversations: Array<{ name: string; turns: Array<{ user?: string }> }> };
    expect(doc.conversations.map((c) => c.name)).toEqual(['mine', 'recorded']);
    expect(doc.conversations[0]!.turns[0]!.user).toBe('two lines\nkept\n\n');
  });

  it('adds a list to a file of comments only, and refuses what it cannot add to', () => {
    const text = appendToSpecText('# only a comment\n', [entry], 'schema.json');
    expect(text.startsWith('# only a comment\nconversations:\n')).toBe(true);
    expect(parsed(text).conversations[0]!.name).toBe('recorded');
    expect(() => appendToSpecText('conversations: [', [entry], 's')).toThrow(/not valid YAML/);
    expect(() => appendToSpecText('- a\n', [entry], 's')).toThrow(/not a YAML mapping/);
    expect(() => appendToSpecText('conversations: 3\n', [entry], 's')).toThrow(/not a list/);
  });

  it('writes a new file with the schema line, and lists the names a file holds', () => {
    const text = newSpecText([entry], '../schemas/spec.schema.json', ['from chat']);
    expect(text.startsWith('# yaml-language-server: $schema=../schemas/spec.schema.json\n# from chat\n')).toBe(true);
    expect(conversationNames(text)).toEqual(['recorded']);
  });
});
