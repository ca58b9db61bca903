// html-10k: render a 10,000-conversation RunResult (3 turns each) to HTML; report time, size and linearity.
// Run after `npm run build` (imports the built dist/, the bundled page script included).
import { renderHtml } from '../dist/reporters/html/render.js';
import { emptyTurnResult } from '../dist/model/turn.js';
import { finalizeRun } from '../dist/model/finalize.js';
import { computeCoverage } from '../dist/model/coverage.js';

function turn(i, c) {
  const user = `Question ${i} of conversation ${c}: what is my balance for account ${1000 + c}?`;
  const agent = `Your balance for account ${1000 + c} is $${(c % 500) + 0.5}. Anything else?`;
  const call = {
    id: `call-${c}-${i}`,
    name: 'lookup_account',
    args: { account_id: String(1000 + c) },
    origin: 'server',
  };
  const transcript = [
    { kind: 'user', text: user, input: 'text' },
    { kind: 'toolCall', role: 'root_agent', call },
    {
      kind: 'toolResponse',
      role: 'root_agent',
      response: { id: call.id, name: call.name, response: { status: 'ok', balance: c % 500 } },
    },
    { kind: 'agent', role: 'root_agent', text: agent },
  ];
  const inputs = [{ kind: 'text', text: user }];
  return {
    index: i,
    inputs,
    loc: { file: `specs/suite-${c % 40}.yaml`, line: 10 + i * 4, col: 9 },
    assertions: [{ matcher: 'toolCall', negated: false, status: 'passed', message: 'lookup_account called', turn: i }],
    result: {
      ...emptyTurnResult(i + 1),
      inputs,
      text: agent,
      textParts: [agent],
      toolCalls: [call],
      transcript,
      latency: { totalMs: 80 + ((c * 37 + i * 11) % 900) },
    },
  };
}

function conversation(c) {
  const status = c % 13 === 0 ? 'failed' : c % 101 === 0 ? 'error' : 'passed';
  const file = `specs/suite-${c % 40}.yaml`;
  return {
    id: `${file}#conv ${c}#0`,
    specId: `${file}#conv ${c}`,
    name: `conversation ${c}`,
    file,
    loc: { file, line: 3, col: 5 },
    tags: [`t${c % 5}`],
    runIndex: 0,
    repeat: 1,
    modality: 'text',
    status,
    startedAt: '2026-01-01T10:00:00.000Z',
    durationMs: 1500,
    attempts: [{ attempt: 1, sessionId: `s${c}`, status, durationMs: 1500 }],
    turns: [0, 1, 2].map((i) => turn(i, c)),
    assertions: [],
  };
}

function runResult(n) {
  return finalizeRun({
    runId: 'bench',
    toolVersion: 'bench',
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:10:00.000Z',
    target: { emulator: true, apiVersion: 'v1' },
    conversations: Array.from({ length: n }, (_, c) => conversation(c)),
  });
}

// The report carries a Coverage panel (an app of 3 agents and 40 tools), as a run's report does.
const APP = 'projects/bench/locations/us/apps/bench';
const inventory = {
  app: APP,
  source: 'agent-service',
  agents: ['root_agent', 'billing', 'support'].map((id) => ({ id, resource: `${APP}/agents/${id}`, transfersTo: [] })),
  tools: ['lookup_account', ...Array.from({ length: 39 }, (_, i) => `tool_${i}`)].map((id) => ({
    id,
    resource: `${APP}/tools/${id}`,
    origin: 'server',
  })),
  toolsets: [],
  variables: ['tier'],
  guardrails: [],
};
function withCoverage(result) {
  return { ...result, coverage: computeCoverage(inventory, result.conversations) };
}

const small = Buffer.byteLength(renderHtml(withCoverage(runResult(1000))));
const plain = runResult(10000);
const c0 = performance.now();
const big = withCoverage(plain);
const coverageMs = performance.now() - c0;
const t0 = performance.now();
const html = renderHtml(big);
const ms = performance.now() - t0;
const bytes = Buffer.byteLength(html);
console.log(
  `html-10k: ${Math.round(ms)} ms, ${(bytes / 1e6).toFixed(1)} MB (${Math.round(bytes / 10000)}B/conv), ` +
    `size ratio 10k/1k = ${(bytes / small).toFixed(2)}; coverage of the 10k computed in ${Math.round(coverageMs)} ms`,
);
