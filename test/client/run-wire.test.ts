// run(): the exact RunSessionRequest on the wire for every parameter.
import { describe, expect, it } from 'vitest';
import { APP, plain, useRecordingServer, type TestServer, type Decoded } from './server.js';
import type { Sessions } from '../../src/client/sessions.js';

let server: TestServer;
let sessions: Sessions;
const SID = 'session-12345';
const SESSION = `${APP}/sessions/${SID}`;

useRecordingServer((s) => {
  server = s;
  sessions = s.sessions();
});

const runRequests = () => server.requests.filter((r) => r.method === 'runSession').map((r) => r.request);

describe('run() on the wire', () => {
  it('sends one text with the session name and the routing header', async () => {
    const res = await sessions.run({ sessionId: SID, text: 'hello' });
    const [rec] = server.requests;
    expect(rec!.request.config).toEqual({ session: SESSION });
    expect(rec!.request.inputs).toEqual([{ text: 'hello', inputType: 'text' }]);
    expect(rec!.metadata.get('x-goog-request-params')).toEqual([`config.session=${SESSION}`]);
    expect(res.outputs.map((o) => o.text)).toEqual(['echo: hello', undefined]);
    expect(res.calls).toHaveLength(1);
    expect(res.calls[0]!.inputs).toEqual([{ kind: 'text', text: 'hello' }]);
    expect(res.calls[0]!.outputCount).toBe(2);
  });

  it('sends one request per text string, one-shot inputs only with the first, in the documented order', async () => {
    await sessions.run({
      sessionId: SID,
      text: ['first', 'second'],
      variables: { tier: 'gold' },
      event: 'WELCOME',
      eventVars: { caller_id: '+1415' },
      dtmf: '12#',
      blob: Buffer.from('pdf!'),
      blobMimeType: 'application/pdf',
      image: { data: Buffer.from([1, 2]), mimeType: 'image/png' },
      toolResponses: [{ id: 'c1', tool: 'open_ticket', response: { output: { ticket: 'T-1' } } }],
    });
    const [first, second] = runRequests();
    expect(first.inputs.map((i: Decoded) => i.inputType)).toEqual([
      'variables',
      'variables',
      'dtmf',
      'event',
      'blob',
      'image',
      'toolResponses',
      'text',
    ]);
    expect(plain(first.inputs[0].variables)).toEqual({ tier: 'gold' });
    expect(plain(first.inputs[1].variables)).toEqual({ caller_id: '+1415' });
    expect(first.inputs[2].dtmf).toBe('12#');
    expect(first.inputs[3].event).toEqual({ event: 'WELCOME' });
    expect(first.inputs[4].blob).toEqual({ mimeType: 'application/pdf', data: Buffer.from('pdf!') });
    expect(first.inputs[5].image).toEqual({ mimeType: 'image/png', data: Buffer.from([1, 2]) });
    const tr = first.inputs[6].toolResponses.toolResponses[0];
    expect(tr.id).toBe('c1');
    expect(tr.tool).toBe(`${APP}/tools/open_ticket`);
    expect(plain(tr.response)).toEqual({ output: { ticket: 'T-1' } });
    expect(first.inputs[7].text).toBe('first');
    expect(second.inputs).toEqual([{ text: 'second', inputType: 'text' }]);
    expect(second.config).toEqual(first.config);
  });

  it('sends an event alone when there is no text', async () => {
    const res = await sessions.run({ sessionId: SID, event: 'WELCOME' });
    expect(runRequests()).toHaveLength(1);
    expect(runRequests()[0].inputs).toEqual([{ event: { event: 'WELCOME' }, inputType: 'event' }]);
    expect(res.calls[0]!.inputs).toEqual([{ kind: 'event', event: 'WELCOME' }]);
  });

  it('puts deployment, tool fakes, time zone and entry agent in every config', async () => {
    await sessions.run({
      sessionId: SID,
      text: ['a', 'b'],
      deploymentId: 'prod',
      useToolFakes: true,
      timeZone: 'Europe/Paris',
      entryAgent: 'billing_agent',
    });
    for (const req of runRequests()) {
      expect(req.config).toEqual({
        session: SESSION,
        deployment: `${APP}/deployments/prod`,
        useToolFakes: true,
        timeZone: 'Europe/Paris',
        entryAgent: `${APP}/agents/billing_agent`,
      });
    }
    expect(runRequests()).toHaveLength(2);
  });

  it('accepts full resource names for deployment, entry agent, tool and session', async () => {
    await sessions.run({
      sessionId: SESSION,
      deploymentId: `${APP}/deployments/d1`,
      entryAgent: `${APP}/agents/x`,
      toolResponses: [{ id: 'c', tool: `${APP}/tools/t`, response: {} }],
    });
    const [req] = runRequests();
    expect(req.config).toEqual({
      session: SESSION,
      deployment: `${APP}/deployments/d1`,
      entryAgent: `${APP}/agents/x`,
    });
    expect(req.inputs[0].toolResponses.toolResponses[0].tool).toBe(`${APP}/tools/t`);
  });

  it('uses the constructor deployment by default and sends a base64 blob as bytes', async () => {
    const withDeployment = server.sessions({ deploymentId: 'canary' });
    await withDeployment.run({ sessionId: SID, blob: Buffer.from('hi').toString('base64') });
    const [req] = runRequests();
    expect(req.config.deployment).toBe(`${APP}/deployments/canary`);
    expect(req.inputs[0].blob).toEqual({ mimeType: 'application/octet-stream', data: Buffer.from('hi') });
  });

  it('sends raw audio with its input config and the output audio config', async () => {
    await sessions.run({
      sessionId: SID,
      audio: Buffer.from([9, 8, 7]),
      inputAudioConfig: { audioEncoding: 'MULAW', sampleRateHertz: 8000, noiseSuppressionLevel: 'high' },
      outputAudioConfig: { audioEncoding: 'LINEAR16', sampleRateHertz: 24000 },
    });
    const [req] = runRequests();
    expect(req.config.inputAudioConfig).toEqual({
      audioEncoding: 'MULAW',
      sampleRateHertz: 8000,
      noiseSuppressionLevel: 'high',
    });
    expect(req.config.outputAudioConfig).toEqual({ audioEncoding: 'LINEAR16', sampleRateHertz: 24000 });
    expect(req.inputs).toEqual([{ audio: Buffer.from([9, 8, 7]), inputType: 'audio' }]);
  });

  it('encodes nested Struct values in variables', async () => {
    const variables = { n: 3, vip: true, tags: ['a', 'b'], nested: { x: null, y: 'z' } };
    await sessions.run({ sessionId: SID, variables });
    expect(plain(runRequests()[0].inputs[0].variables)).toEqual(variables);
  });

  it('sendEvent sends the event and its variables as a separate input', async () => {
    await sessions.sendEvent(SID, 'WELCOME', { caller_id: '+1' });
    const [req] = runRequests();
    expect(req.inputs.map((i: Decoded) => i.inputType)).toEqual(['variables', 'event']);
    expect(plain(req.inputs[0].variables)).toEqual({ caller_id: '+1' });
    expect(req.inputs[1].event).toEqual({ event: 'WELCOME' });
  });
});
