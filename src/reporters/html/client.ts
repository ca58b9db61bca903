// The page's script, as a string (no bundler; the report must stay one file). Every piece of agent or
// user content goes through textContent or an attribute set on a created element: never innerHTML.
// Written without backticks or dollar-brace so it can live in a template literal verbatim.
export const HTML_CLIENT_SCRIPT = `
(function () {
  'use strict';
  var BATCH = 100;
  var SYMBOL = { passed: '\\u2713', failed: '\\u2717', error: '!', skipped: '-', interrupted: '~' };
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var all = data.conversations;
  // Agree / disagree controls on judge verdicts and goals (review.ts, loaded just before this script).
  REVIEW.start(data.runId);
  var shown = all, rendered = 0, haystacks = null;
  var rows = document.getElementById('rows');
  var more = document.getElementById('more');
  var count = document.getElementById('count');
  var search = document.getElementById('search');
  var fStatus = document.getElementById('filter-status');
  var fTag = document.getElementById('filter-tag');
  var fFile = document.getElementById('filter-file');
  // Failures are opened for the reader, up to a bound that keeps a huge failing run fast to open.
  var AUTO_OPEN = 50, autoOpened = 0, openAll = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function json(v) { return JSON.stringify(v); }
  function ms(v) { return v < 1000 ? Math.round(v) + 'ms' : (v / 1000).toFixed(1) + 's'; }

  function options(select, values) {
    values.forEach(function (v) { var o = el('option', '', v); o.value = v; select.appendChild(o); });
  }
  function distinct(get) {
    var set = {};
    all.forEach(function (c) { [].concat(get(c)).forEach(function (v) { set[v] = true; }); });
    return Object.keys(set).sort();
  }
  options(fTag, distinct(function (c) { return c.tags; }));
  options(fFile, distinct(function (c) { return c.file; }));

  // Filters and search live in the URL hash (#status=failed&tag=p0&file=..&q=..): links share a view.
  var HASH_KEYS = { status: fStatus, tag: fTag, file: fFile, q: search };
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    Object.keys(HASH_KEYS).forEach(function (k) { HASH_KEYS[k].value = params.get(k) || ''; });
  }
  function writeHash() {
    var params = new URLSearchParams();
    Object.keys(HASH_KEYS).forEach(function (k) { var v = HASH_KEYS[k].value.trim(); if (v) params.set(k, v); });
    var next = params.toString();
    if (next !== location.hash.replace(/^#/, '')) {
      history.replaceState(null, '', next ? '#' + next : location.pathname + location.search);
    }
  }

  // Search text is built on first use only: most readers of a big report never search.
  function collect(v, out) {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number') out.push(String(v));
    else if (Array.isArray(v)) v.forEach(function (x) { collect(x, out); });
    else if (v && typeof v === 'object') Object.keys(v).forEach(function (k) { collect(v[k], out); });
    return out;
  }
  function haystack(i) {
    if (!haystacks) haystacks = new Array(all.length);
    if (haystacks[i] === undefined) haystacks[i] = collect(all[i], []).join('\\n').toLowerCase();
    return haystacks[i];
  }

  function applyFilters() {
    var st = fStatus.value, tag = fTag.value, file = fFile.value, q = search.value.trim().toLowerCase();
    shown = [];
    for (var i = 0; i < all.length; i++) {
      var c = all[i];
      if (st && c.status !== st) continue;
      if (tag && c.tags.indexOf(tag) < 0) continue;
      if (file && c.file !== file) continue;
      if (q && haystack(i).indexOf(q) < 0) continue;
      shown.push(c);
    }
    rows.textContent = '';
    rendered = 0;
    writeHash();
    renderMore();
  }

  function renderMore() {
    var end = Math.min(shown.length, rendered + BATCH);
    var frag = document.createDocumentFragment();
    for (; rendered < end; rendered++) frag.appendChild(row(shown[rendered]));
    rows.appendChild(frag);
    count.textContent = shown.length + ' of ' + all.length + ' conversations' +
      (rendered < shown.length ? ' (showing ' + rendered + ')' : '');
    more.hidden = rendered >= shown.length;
  }

  function row(c) {
    var box = el('div', 'conv s-' + c.status);
    box.setAttribute('data-status', c.status);
    var head = el('button', 'head');
    head.type = 'button';
    head.setAttribute('aria-expanded', 'false');
    head.appendChild(el('span', 'sym', SYMBOL[c.status]));
    head.appendChild(el('span', 'file', c.file + ' \\u203a'));
    head.appendChild(el('span', 'name', c.name + (c.repeat > 1 ? ' [#' + (c.runIndex + 1) + ']' : '')));
    c.tags.forEach(function (t) { head.appendChild(el('span', 'tag', t)); });
    if (c.reason) head.appendChild(el('span', 'reason', c.reason));
    head.appendChild(el('span', 'dur', ms(c.durationMs)));
    var detail = null;
    box.setOpen = function (open) {
      if (open && !detail) { detail = details(c); box.appendChild(detail); }
      if (detail) detail.hidden = !open;
      head.setAttribute('aria-expanded', String(open));
    };
    head.addEventListener('click', function () { box.setOpen(!detail || detail.hidden); });
    box.appendChild(head);
    var problem = c.status === 'failed' || c.status === 'error';
    if (openAll === true || (openAll === null && problem && autoOpened < AUTO_OPEN)) {
      if (openAll === null) autoOpened++;
      box.setOpen(true);
    }
    return box;
  }
  function setAllOpen(open) {
    openAll = open;
    [].forEach.call(rows.children, function (box) { box.setOpen(open); });
  }

  // Word-level difference: removed words marked in the expected text, added ones in the actual.
  function wordsInto(parent, words, side) {
    words.forEach(function (w) {
      if (w[0] === '=') parent.appendChild(document.createTextNode(w[1]));
      else if (w[0] === side) parent.appendChild(el(side === '-' ? 'del' : 'ins', '', w[1]));
    });
    return parent;
  }

  function assertionLine(a) {
    var mark = a.status === 'passed' ? '\\u2713 ' : a.status === 'skipped' ? '- ' : '\\u2717 ';
    var line = el('div', 'a a-' + a.status, mark + (a.negated ? 'not ' : '') + a.matcher + ': ' + a.message);
    if (a.loc) line.appendChild(el('span', 'loc', a.loc));
    if (a.words) {
      var w = el('div', 'words');
      w.appendChild(wordsInto(el('div', 'line exp', 'expected: '), a.words, '-'));
      w.appendChild(wordsInto(el('div', 'line act', 'actual:   '), a.words, '+'));
      line.appendChild(w);
    }
    return line;
  }
  function errorLine(e, where) {
    var line = el('div', 'err', '! ' + e.code + ': ' + e.message);
    if (where) line.appendChild(el('span', 'loc', where));
    return line;
  }

  var USER_LABEL = { event: 'USER EVENT', dtmf: 'USER DTMF' };
  function entryText(e) {
    switch (e.kind) {
      case 'user': return (USER_LABEL[e.input] || 'USER QUERY') + ': ' + e.text;
      case 'agent': return 'AGENT RESPONSE [' + e.role + ']: ' + e.text;
      case 'toolCall': return 'TOOL CALL ' + e.call.name + ' -- Args: ' + json(e.call.args);
      case 'toolResponse': return 'TOOL RESULT ' + e.response.name + ': ' + json(e.response.response);
      case 'transfer': return 'AGENT TRANSFER ' + (e.transfer.from || e.role) + ' -> ' + e.transfer.to;
      case 'payload': return 'CUSTOM PAYLOAD: ' + json(e.payload);
      case 'variables': return 'VARIABLES: ' + json(e.variables);
      case 'citations':
        return 'CITATIONS: ' + e.citations.map(function (x) { return x.uri || x.title || ''; }).join(', ');
      case 'endSession': return 'SESSION ENDED' + (e.metadata ? ': ' + json(e.metadata) : '');
      default: return String(e.kind).toUpperCase();
    }
  }
  function inputText(i) {
    if (i.kind === 'text') return 'USER QUERY: ' + i.text;
    if (i.kind === 'event') return 'USER EVENT: ' + i.event;
    if (i.kind === 'dtmf') return 'USER DTMF: ' + i.digits;
    if (i.kind === 'variables') return 'USER VARIABLES: ' + json(i.variables);
    return 'USER ' + String(i.kind).toUpperCase() + ': ' + (i.file || i.say || json(i));
  }
  var KNOWN = { user: 1, agent: 1, toolCall: 1, toolResponse: 1, transfer: 1, payload: 1, variables: 1 };

  // Audio paths are relative files written next to the report; anything with a scheme is refused.
  function audio(src, label) {
    if (!src || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.indexOf('//') === 0) return null;
    var wrap = el('div', 'line k-other', label + ' ');
    var a = document.createElement('audio');
    a.controls = true;
    a.preload = 'none';
    a.setAttribute('src', src);
    wrap.appendChild(a);
    return wrap;
  }

  function turnBlock(t, c) {
    var box = el('div', 'turn');
    box.appendChild(el('div', 'turn-head', 'Turn ' + (t.index + 1) + (t.label ? ' (' + t.label + ')' : '') +
      (t.latencyMs !== undefined ? ' \\u00b7 ' + ms(t.latencyMs) : '') + (t.loc ? ' \\u00b7 ' + t.loc : '')));
    (t.inputs || []).forEach(function (i) { box.appendChild(el('div', 'line k-user', inputText(i))); });
    t.transcript.forEach(function (e) {
      box.appendChild(el('div', 'line k-' + (KNOWN[e.kind] ? e.kind : 'other'), entryText(e)));
    });
    if (t.audio) {
      [audio(t.audio.user, 'user audio'), audio(t.audio.agent, 'agent audio')].forEach(function (n) {
        if (n) box.appendChild(n);
      });
    }
    if (t.error) box.appendChild(errorLine(t.error));
    t.assertions.forEach(function (a, i) {
      box.appendChild(REVIEW.verdict(assertionLine(a), c, a, 't' + t.index + '.' + i, t.index));
    });
    return box;
  }

  function goldenTable(g) {
    var wrap = el('div');
    wrap.appendChild(el('div', 'section', 'Golden ' + g.file + ' \\u00b7 ' + g.status));
    (g.changes || []).forEach(function (ch) { wrap.appendChild(el('div', 'line k-other', ch)); });
    if (!g.diffs.length) return wrap;
    var table = el('table', 'golden');
    var head = el('tr');
    ['Turn / field', 'Expected', 'Actual'].forEach(function (h) { head.appendChild(el('th', '', h)); });
    table.appendChild(head);
    g.diffs.forEach(function (d) {
      var tr = el('tr');
      tr.appendChild(el('td', '', 'turn ' + (d.turn + 1) + ' \\u00b7 ' + d.field));
      var exp = el('td', 'exp'); exp.appendChild(wordsInto(el('pre'), d.words, '-')); tr.appendChild(exp);
      var act = el('td', 'act'); act.appendChild(wordsInto(el('pre'), d.words, '+')); tr.appendChild(act);
      table.appendChild(tr);
    });
    wrap.appendChild(table);
    return wrap;
  }

  var GOAL_MARK = { met: '\\u2713 met', 'not-met': '\\u2717 not met', error: '! error', 'not-graded': '- not graded' };
  var GOAL_CLASS = { met: 'passed', 'not-met': 'failed', error: 'error', 'not-graded': 'skipped' };
  var CHECK_MARK = { ok: '\\u2713 kept to its brief', fault: '! simulator fault', error: '! simulator check error' };
  var CHECK_CLASS = { ok: 'passed', fault: 'error', error: 'error' };
  function simulationBlock(s, c) {
    var wrap = el('div', 'goals');
    var u = s.userUsage;
    wrap.appendChild(el('div', 'section', 'Simulation \\u00b7 stopped: ' + s.stopReason + ' \\u00b7 ' + s.turns +
      ' turn(s) \\u00b7 user model ' + s.userModel +
      ' (' + u.calls + ' call(s), ' + u.cacheHits + ' cached, ' + (u.inputTokens + u.outputTokens) + ' tokens)'));
    if (s.stopMessage) wrap.appendChild(el('div', 'line k-other', s.stopMessage));
    s.goals.forEach(function (g, i) {
      var extra = (g.evidenceTurns.length ? ' \\u00b7 evidence turns ' + g.evidenceTurns.join(', ') : '') +
        (g.votes ? ' \\u00b7 votes ' + g.votes : '');
      wrap.appendChild(REVIEW.goal(el('div', 'a a-' + GOAL_CLASS[g.status],
        GOAL_MARK[g.status] + ' \\u00b7 goal ' + (i + 1) + ': ' + g.goal + ' \\u2014 ' + g.reason + extra), c, g, i));
    });
    if (s.check) {
      var k = s.check;
      wrap.appendChild(el('div', 'a a-' + CHECK_CLASS[k.status], CHECK_MARK[k.status] + ' \\u00b7 simulated user: ' +
        k.reason + (k.evidenceTurns.length ? ' \\u00b7 evidence turns ' + k.evidenceTurns.join(', ') : '') +
        (k.votes ? ' \\u00b7 votes ' + k.votes : '')));
    }
    return wrap;
  }

  function details(c) {
    var d = el('div', 'detail');
    if (c.loc) d.appendChild(el('div', 'line k-other', c.loc));
    if (c.skipReason) d.appendChild(el('div', 'err', 'skipped: ' + c.skipReason));
    if (c.error) d.appendChild(errorLine(c.error, c.loc));
    if (c.attempts.length > 1) {
      d.appendChild(el('div', 'section', 'Attempts'));
      c.attempts.forEach(function (a) {
        d.appendChild(el('div', 'line k-other', '#' + a.attempt + ' ' + a.status + ' ' + ms(a.durationMs) +
          ' session ' + a.sessionId + (a.error ? ' \\u00b7 ' + a.error.code + ': ' + a.error.message : '') +
          (a.retryDelayMs !== undefined ? ' \\u00b7 retried after ' + ms(a.retryDelayMs) : '')));
      });
    }
    d.appendChild(el('div', 'section', 'Transcript'));
    c.turns.forEach(function (t) { d.appendChild(turnBlock(t, c)); });
    if (c.assertions.length) {
      d.appendChild(el('div', 'section', 'Conversation assertions'));
      c.assertions.forEach(function (a, i) { d.appendChild(REVIEW.verdict(assertionLine(a), c, a, 'c.' + i)); });
    }
    if (c.golden) d.appendChild(goldenTable(c.golden));
    if (c.simulation) d.appendChild(simulationBlock(c.simulation, c));
    return d;
  }

  var timer = null;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(applyFilters, 120); });
  [fStatus, fTag, fFile].forEach(function (s) { s.addEventListener('change', applyFilters); });
  more.addEventListener('click', renderMore);
  document.getElementById('expand-all').addEventListener('click', function () { setAllOpen(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { setAllOpen(false); });
  window.addEventListener('hashchange', function () { readHash(); applyFilters(); });
  readHash();
  if ('IntersectionObserver' in window) {
    new IntersectionObserver(function (entries) {
      if (entries[0].isIntersecting && !more.hidden) renderMore();
    }).observe(more);
  }
  applyFilters();
})();
`;
