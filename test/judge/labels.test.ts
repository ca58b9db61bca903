// Judge label files (schemas/labels.schema.json): the format of HELPERS/README "Calibrating the judge",
// loaded with every mistake at file:line:col like spec files.
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/validation/index.js';
import { inlineTranscript, LABELS_SCHEMA, loadLabels, renderTranscript } from '../../src/judge/index.js';
import { writeTree } from '../loader/helpers.js';
import * as path from 'node:path';

const GOOD = `# cxas-eval judge labels
labels:
  - criterion: "The agent confirms the booking city"
    transcript:
      run: reports/results.json
      conversation: "book a table"
      turn: 3
    verdict: pass
    note: "optional free text"
    source: review
  - expectation: {spec: specs/demo/booking.yaml, conversation: "book a table", index: 2}
    transcript:
      turns:
        - user: hi
          agent: hello
          toolCalls: [{name: lookup, args: {id: 7}}]
          toolResponses: [{name: lookup, response: {city: Paris}}]
    verdict: fail
`;

describe('loadLabels', () => {
  it('reads stored and inline transcripts, criteria and expectation references', async () => {
    const cwd = writeTree({ 'labels.yaml': GOOD });
    const file = path.join(cwd, 'labels.yaml');
    const { labels, errors } = await loadLabels([file]);
    expect(errors).toEqual([]);
    expect(labels).toEqual([
      {
        file,
        loc: { file, line: 3, col: 5 },
        criterion: 'The agent confirms the booking city',
        transcript: { kind: 'stored', run: 'reports/results.json', conversation: 'book a table', turn: 3 },
        verdict: 'pass',
        note: 'optional free text',
        source: 'review',
      },
      {
        file,
        loc: { file, line: 11, col: 5 },
        expectation: { spec: 'specs/demo/booking.yaml', conversation: 'book a table', index: 2 },
        transcript: {
          kind: 'inline',
          turns: [
            {
              user: 'hi',
              agent: 'hello',
              toolCalls: [{ name: 'lookup', args: { id: 7 } }],
              toolResponses: [{ name: 'lookup', response: { city: 'Paris' } }],
            },
          ],
        },
        verdict: 'fail',
      },
    ]);
    const inline = labels[1]!.transcript;
    if (inline.kind !== 'inline') throw new Error('expected an inline transcript');
    expect(JSON.parse(renderTranscript(inlineTranscript(inline.turns)))).toEqual([
      {
        turn: 1,
        events: [
          { role: 'user', text: 'hi' },
          { role: 'tool', toolCall: { name: 'lookup', args: { id: 7 } } },
          { role: 'tool', toolResponse: { name: 'lookup', response: { city: 'Paris' } } },
          { role: 'agent', text: 'hello' },
        ],
      },
    ]);
  });

  it('names every mistake at file:line:col, in every file', async () => {
    const cwd = writeTree({
      'a.yaml':
        'labels:\n' +
        '  - criterion: c\n' +
        '    transcript: {run: r.json}\n' +
        '    verdict: maybe\n' +
        '  - criterion: c\n' +
        '    expectation: {spec: s.yaml, conversation: x, index: 1}\n' +
        '    transcript: {turns: [{user: hi}], turn: 2}\n' +
        '    verdict: pass\n' +
        '    notes: typo\n',
      'b.yaml': 'labels:\n  - transcript: {turns: [{user: hi}], turn: 2}\n    verdict: pass\n',
      'c.yaml': 'labels:\n  - criterion: c\n    transcript: {turns: [{user: hi}], turn: 2}\n    verdict: pass\n',
    });
    const files = ['a.yaml', 'b.yaml', 'c.yaml', 'missing.yaml'].map((f) => path.join(cwd, f));
    const { labels, errors } = await loadLabels(files);
    expect(labels).toEqual([]);
    const rel = errors.map((e) => e.message.replace(cwd + path.sep, ''));
    expect(rel).toEqual([
      'a.yaml:3:17 labels[0].transcript: missing required key "conversation"',
      'a.yaml:4:14 labels[0].verdict: expected one of "pass", "fail"; got a string',
      'a.yaml:6:5 labels[1]: takes only one of criterion or expectation: found criterion and expectation',
      'a.yaml:9:5 labels[1]: unknown key "notes" (did you mean "note"?)',
      'b.yaml:2:5 labels[0]: needs one of criterion or expectation',
      "c.yaml:3:45 labels[0].transcript.turn: turn 2 is past the transcript's last turn (1)",
      'missing.yaml:1:1: file not found',
    ]);
  });

  it('is the shipped schema, strict under ajv', () => {
    expect(() => compileSchema(LABELS_SCHEMA)).not.toThrow();
  });
});
