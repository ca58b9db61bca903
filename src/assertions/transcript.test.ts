import { describe, expect, it } from 'vitest';
import { check, conversationCtx, turn, turnCtx } from '../../test/assertions/fixtures.js';

const heard = turn({ text: 'Sure.', recognizedTranscript: 'tell me my account balance' });

describe('transcript matcher', () => {
  it.each([
    [
      'contains',
      'balance',
      false,
      'passed',
      'expected transcript to contain "balance"; got: "tell me my account balance"',
    ],
    [
      'equals fails',
      { equals: 'tell me my balance' },
      false,
      'failed',
      'expected transcript to equal "tell me my balance"; got: "tell me my account balance"',
    ],
    [
      'similar',
      { similar: 'Tell me my account balance.', threshold: 0.9 },
      false,
      'passed',
      'expected transcript to be similar to "Tell me my account balance." (similarity 0.98, threshold 0.90); ' +
        'got: "tell me my account balance"',
    ],
    [
      'negated',
      'balance',
      true,
      'failed',
      'expected transcript not to contain "balance"; got: "tell me my account balance"',
    ],
  ] as const)('%s', async (_name, options, negated, status, message) => {
    const result = await check('transcript', options, turnCtx(heard), negated);
    expect(result.status).toBe(status);
    expect(result.message).toBe(message);
  });

  it('does not look at the agent text', async () => {
    const result = await check('transcript', 'Sure', turnCtx(heard));
    expect(result.status).toBe('failed');
  });

  it('is an error when nothing was recognised in the turn', async () => {
    const result = await check('transcript', 'balance', turnCtx(turn({ text: 'balance' })), true);
    expect(result).toMatchObject({
      status: 'error',
      message:
        'transcript: the server recognised no user speech (a transcript exists only for audio input) in this turn',
    });
  });

  it('names the transcript key the emulator computed for speech it did not recognise', async () => {
    const key = 'ab'.repeat(32);
    const unheard = turn({ transcript: [{ kind: 'user', text: `[unrecognized speech: transcript key ${key}]` }] });
    const result = await check('transcript', 'balance', turnCtx(unheard));
    expect(result).toMatchObject({
      status: 'error',
      message:
        'transcript: the server recognised no user speech (a transcript exists only for audio input) in this turn; ' +
        `the emulator computed transcript key ${key}, which its app's transcripts table does not list`,
    });
  });

  it('joins the recognised turns at conversation level', async () => {
    const result = await check(
      'transcript',
      { equals: 'hi tell me my account balance' },
      conversationCtx([turn({ recognizedTranscript: 'hi' }), turn(), heard]),
    );
    expect(result.status).toBe('passed');
  });

  it('is an error at conversation level when no turn was recognised', async () => {
    const result = await check('transcript', 'x', conversationCtx([turn()]));
    expect(result).toMatchObject({
      status: 'error',
      message:
        'transcript: the server recognised no user speech (a transcript exists only for audio input) in any turn',
    });
  });
});
