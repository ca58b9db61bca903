// Values the schema accepts but the wire cannot carry are load errors at the value itself, not an
// error of every run of the conversation at its first turn (or once the agent calls a faked tool).
import { describe, expect, it } from 'vitest';
import { messagesOf } from './helpers.js';

const conversation = (settings: string, turn = '{ user: hi }') =>
  `conversations:\n  - name: c\n${settings}    turns: [${turn}]\n`;

describe('values the wire cannot carry', () => {
  it('a deploymentId or entryAgent that is neither a bare id nor a full name of its kind', async () => {
    const messages = await messagesOf({
      'a.yaml': conversation('    deploymentId: prod/v2\n    entryAgent: agents/root_agent\n'),
    });
    expect(messages).toEqual([
      'a.yaml:3:19 conversations[0].deploymentId: deploymentId "prod/v2" is malformed: ' +
        'expected a bare id or projects/{p}/locations/{l}/apps/{a}/deployments/{id}',
      'a.yaml:4:17 conversations[0].entryAgent: entryAgent "agents/root_agent" is malformed: ' +
        'expected a bare id or projects/{p}/locations/{l}/apps/{a}/agents/{id}',
    ]);
  });

  it("a deploymentId of another app than the file's own app:", async () => {
    const messages = await messagesOf({
      'a.yaml':
        'app: projects/p/locations/us/apps/a\n' +
        conversation('    deploymentId: projects/other/locations/us/apps/zzz/deployments/nope\n'),
    });
    expect(messages).toEqual([
      'a.yaml:4:19 conversations[0].deploymentId: deploymentId ' +
        '"projects/other/locations/us/apps/zzz/deployments/nope" belongs to another app: ' +
        'the app is projects/p/locations/us/apps/a',
    ]);
  });

  it('bare ids and full names of the right kind load', async () => {
    const app = 'projects/p/locations/us/apps/a';
    const messages = await messagesOf({
      'a.yaml': conversation(
        `    deploymentId: ${app}/deployments/d1\n    entryAgent: root_agent\n    timeZone: UTC\n`,
      ),
    });
    expect(messages).toEqual([]);
  });

  it('a time zone the runtime does not know, at the defaults that set it', async () => {
    const messages = await messagesOf({
      'a.yaml': 'defaults:\n  timeZone: America/Nwe_York\n' + conversation(''),
    });
    expect(messages).toEqual([
      'a.yaml:2:13 defaults.timeZone: timeZone "America/Nwe_York" is not an IANA time zone ' +
        '(such as America/New_York or UTC)',
    ]);
  });

  it('.inf and .nan in variables, tool fake replies, history and a turn tool response', async () => {
    const messages = await messagesOf({
      'a.yaml': conversation(
        [
          '    variables: { limit: .inf }',
          '    history: [{ role: root_agent, chunks: [{ updatedVariables: { x: -.inf } }] }]',
          '    toolFakes:',
          '      - tool: open_ticket',
          '        respond: { ticket_id: .nan }',
          '      - tool: pay',
          '        sequence: [{ respond: { ok: true } }, { error: { code: .inf } }]',
          '',
        ].join('\n'),
        '{ toolResponses: [{ tool: pay, response: { n: [1, .nan] } }] }',
      ),
    });
    const at = (m: string) => m.slice(0, m.indexOf(': '));
    expect(messages.map(at)).toEqual([
      'a.yaml:3:25 conversations[0].variables.limit',
      'a.yaml:4:69 conversations[0].history[0].chunks[0].updatedVariables.x',
      'a.yaml:7:31 conversations[0].toolFakes[0].respond.ticket_id',
      'a.yaml:9:64 conversations[0].toolFakes[1].sequence[1].error.code',
      'a.yaml:10:63 conversations[0].turns[0].toolResponses[0].response.n[1]',
    ]);
    expect(messages[0]).toMatch(/: \.inf cannot be sent: numbers on the wire are finite/);
    expect(messages[2]).toMatch(/: \.nan cannot be sent/);
  });
});
