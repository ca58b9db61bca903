import { describe, expect, it } from 'vitest';
import { describeInput, type TurnInput } from '../../src/model/turn.js';

// One line per input kind: the client's transcript and `compare`'s side-by-side transcript share it.
describe('describeInput', () => {
  const cases: Array<[TurnInput, string]> = [
    [{ kind: 'text', text: 'hello' }, 'hello'],
    [{ kind: 'event', event: 'WELCOME' }, '[event WELCOME]'],
    [{ kind: 'dtmf', digits: '1234#' }, '[dtmf 1234#]'],
    [{ kind: 'variables', variables: { city: 'Paris' } }, '[variables {"city":"Paris"}]'],
    [
      {
        kind: 'toolResponses',
        responses: [
          { id: '1', name: 'book', response: {} },
          { id: '2', name: 'pay', response: {} },
        ],
      },
      '[tool responses book, pay]',
    ],
    [{ kind: 'image', mimeType: 'image/png', bytes: 12 }, '[image image/png, 12 bytes]'],
    [{ kind: 'blob', mimeType: 'application/pdf', bytes: 3 }, '[blob application/pdf, 3 bytes]'],
    [{ kind: 'audio', bytes: 3200, say: 'a table for two' }, 'a table for two'],
    [{ kind: 'audio', bytes: 3200 }, '[audio 3200 bytes]'],
  ];
  it.each(cases)('%j reads as %s', (input, line) => {
    expect(describeInput(input)).toBe(line);
  });
});
