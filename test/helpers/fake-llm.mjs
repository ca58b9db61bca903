// A fake LLM server for offline tests and benchmarks: node:http on 127.0.0.1:0, speaking the Gemini API
// (/v1beta/models/M:generateContent), Vertex AI (/v1beta1/projects/P/locations/L/publishers/google/models/M:
// generateContent) and OpenAI chat completions (/v1/chat/completions). Replies are scripted per prompt
// (rules matched against the request, each answering its replies in order, the last one repeating), every
// request is recorded (system, messages with roles, schema), and each fault the judge must survive can be
// scripted. Multi-turn callers (a simulated user) match on `r.messages` or take a rule's replies in order.
// Plain JS so bench/ can use it.
import { createServer } from 'node:http';

const TOKENS = { input: 100, output: 20 };

/** @param {{ delayMs?: number }} [options] */
export async function startFakeLlm(options = {}) {
  /** @type {Array<{ match: (r: any) => boolean, replies: any[], used: number }>} */
  const rules = [];
  /** @type {any[]} */
  const requests = [];
  const sockets = new Set();
  let active = 0;
  let maxActive = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      void handle(req, res, body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req, res, body) {
    const recorded = parseRequest(req, body);
    requests.push(recorded);
    if (!recorded.shape) return send(res, 404, { error: { message: `fake-llm: unknown path ${req.url}` } });
    const authProblem = checkAuth(recorded);
    if (authProblem) return send(res, 401, { error: { code: 401, message: authProblem, status: 'UNAUTHENTICATED' } });
    const rule = rules.find((r) => r.match(recorded));
    if (!rule)
      return send(res, 400, {
        error: { message: `fake-llm: no script matches prompt ${JSON.stringify(recorded.prompt.slice(-200))}` },
      });
    const picked = rule.replies[Math.min(rule.used, rule.replies.length - 1)];
    // A function answers from the request it got (a fake judge that reads the transcript).
    const reply = typeof picked === 'function' ? picked(recorded) : picked;
    rule.used += 1;
    active += 1;
    maxActive = Math.max(maxActive, active);
    try {
      await sleep(reply.delayMs ?? options.delayMs ?? 0);
      if (reply.hang) return; // never answers: the client's timeout must fire
      answer(res, recorded.shape, reply);
    } finally {
      active -= 1;
    }
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    /** OpenAI clients take the base with /v1. */
    openaiUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxConcurrent() {
      return maxActive;
    },
    /** Answers requests whose prompt matches `pattern` (RegExp, substring or predicate) with `replies` in order. */
    on(pattern, ...replies) {
      if (replies.length === 0) throw new Error('fake-llm: on() needs at least one reply');
      rules.push({ match: matcherOf(pattern), replies, used: 0 });
      return this;
    },
    reset() {
      rules.length = 0;
      requests.length = 0;
      maxActive = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

function matcherOf(pattern) {
  if (typeof pattern === 'function') return pattern;
  if (pattern instanceof RegExp) return (r) => pattern.test(r.prompt);
  return (r) => r.prompt.includes(pattern);
}

function parseRequest(req, body) {
  const url = req.url ?? '';
  let json = {};
  try {
    json = JSON.parse(body);
  } catch {
    /* recorded as is */
  }
  const gemini = /^\/v1beta\/models\/([^/:]+):generateContent/.exec(url);
  const vertex =
    /^\/v1beta1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):generateContent/.exec(url);
  const openai = /^(?:\/v1)?\/chat\/completions/.exec(url);
  const base = { path: url, headers: req.headers, body: json };
  if (gemini) return { ...base, shape: 'gemini', model: gemini[1], ...geminiPrompt(json) };
  if (vertex)
    return {
      ...base,
      shape: 'vertex',
      project: vertex[1],
      location: vertex[2],
      model: vertex[3],
      ...geminiPrompt(json),
    };
  if (openai) return { ...base, shape: 'openai', model: json.model, ...openaiPrompt(json) };
  return { ...base, shape: undefined, prompt: '', system: '', messages: [] };
}

function geminiPrompt(json) {
  const text = (c) => (c?.parts ?? []).map((p) => p.text ?? '').join('');
  const messages = (json.contents ?? []).map((c) => ({ role: c.role === 'model' ? 'model' : 'user', text: text(c) }));
  const system = text(json.systemInstruction ?? json.system_instruction);
  const schema = json.generationConfig?.responseJsonSchema;
  const temperature = json.generationConfig?.temperature;
  const seed = json.generationConfig?.seed;
  return { system, messages, prompt: messages.map((m) => m.text).join('\n'), schema, temperature, seed };
}

function openaiPrompt(json) {
  const all = json.messages ?? [];
  const system = all
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n');
  const messages = all
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', text: m.content }));
  const schema = json.response_format?.json_schema?.schema;
  return {
    system,
    messages,
    prompt: messages.map((m) => m.text).join('\n'),
    schema,
    temperature: json.temperature,
    seed: json.seed,
  };
}

function checkAuth(r) {
  if (r.shape === 'gemini' && !r.headers['x-goog-api-key']) return 'fake-llm: missing x-goog-api-key';
  if (r.shape !== 'gemini' && !/^Bearer \S+/.test(String(r.headers.authorization ?? '')))
    return 'fake-llm: missing bearer token';
  return undefined;
}

/**
 * Reply kinds: `{json}` (a structured reply), `{text}` (raw text, e.g. bad JSON), `{status, retryDelayMs?,
 * retryVia?: 'retryInfo' | 'header'}` (an HTTP error), `{hang: true}`, `{finishReason}` (e.g. SAFETY, with
 * optional json/text), `{noCandidates: true}`, `{noFinishReason: true, json}`; any with `delayMs`, `usage: {input,
 * output}`. A reply may also be a function of the recorded request returning one of these.
 */
function answer(res, shape, reply) {
  if (reply.status) return sendError(res, shape, reply);
  const text = reply.text ?? (reply.json !== undefined ? JSON.stringify(reply.json) : '');
  const usage = { ...TOKENS, ...reply.usage };
  if (shape === 'openai') return send(res, 200, openaiBody(reply, text, usage));
  const candidates = reply.noCandidates
    ? []
    : [
        {
          content: { role: 'model', parts: [{ text }] },
          ...(reply.noFinishReason ? {} : { finishReason: reply.finishReason ?? 'STOP' }),
          index: 0,
        },
      ];
  return send(res, 200, {
    candidates,
    modelVersion: 'fake-gemini-001',
    usageMetadata: {
      promptTokenCount: usage.input,
      candidatesTokenCount: usage.output,
      totalTokenCount: usage.input + usage.output,
    },
  });
}

function openaiBody(reply, text, usage) {
  const finish = { SAFETY: 'content_filter', MAX_TOKENS: 'length' }[reply.finishReason] ?? reply.finishReason ?? 'stop';
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: 'fake-openai-001',
    choices: reply.noCandidates
      ? []
      : [
          {
            index: 0,
            message: { role: 'assistant', content: text },
            ...(reply.noFinishReason ? {} : { finish_reason: finish }),
          },
        ],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

function sendError(res, shape, reply) {
  const seconds = (reply.retryDelayMs ?? 0) / 1000;
  const headers =
    reply.retryDelayMs !== undefined && (reply.retryVia === 'header' || shape === 'openai')
      ? { 'retry-after': String(seconds) }
      : {};
  const details =
    reply.retryDelayMs !== undefined && reply.retryVia !== 'header'
      ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` }]
      : [];
  send(
    res,
    reply.status,
    { error: { code: reply.status, message: reply.message ?? `fake-llm: HTTP ${reply.status}`, details } },
    headers,
  );
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A "noisy judge": a reply function for `fake.on(pattern, noisyJudge(...))` that judges every request with
 * `truth(request)` (the correct verdict: true = pass) and flips a known fraction of the verdicts it gives.
 * Exactly `flipRate` of any run of requests is flipped (the i-th request, counted from 0, flips when
 * floor((i + 1)·f + φ) > floor(i·f + φ)), the phase φ in [0, 1) drawn from `seed`; so over n requests the
 * flips number n·f rounded one way or the other, whatever order concurrent requests arrive in. The reasoning
 * states the verdict it gives, as the reasoning-first prompt asks. `flipped` counts the flips so far.
 * @param {{ flipRate: number, seed?: number, truth: (r: any) => boolean }} options
 */
export function noisyJudge({ flipRate, seed = 1, truth }) {
  const phase = mulberry32(seed)();
  let i = 0;
  const reply = (request) => {
    const flip = Math.floor((i + 1) * flipRate + phase) > Math.floor(i * flipRate + phase);
    i += 1;
    if (flip) reply.flipped += 1;
    const pass = truth(request) !== flip;
    const reason = pass
      ? 'The transcript shows what the criterion asks for. So the criterion holds.'
      : 'The transcript does not show what the criterion asks for. So the criterion does not hold.';
    return { json: { reason, verdict: pass ? 'pass' : 'fail', evidenceTurns: [1] } };
  };
  reply.flipped = 0;
  return reply;
}

/** The judge's request document: {criterion, scope, transcript} (src/judge/prompt.ts). */
export function judgeDocument(request) {
  return JSON.parse(request.messages[0]?.text ?? '{}');
}

/** A small seeded generator (mulberry32): the same seed, the same numbers. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
