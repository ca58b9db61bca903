// Reviewing verdicts in the page (issue 29 point 5, README "Reviewing verdicts"): each judge verdict and
// each simulation goal gets agree / disagree controls and a note; the labels are exported as a YAML
// file of schemas/labels.schema.json (disagreements first), the input of `cxas-eval judge calibrate`.
// Everything stays in the page: no server, no network, no storage; the file is a Blob download.
// Like client.ts: a script string without backticks or dollar-brace, content set through textContent.

import type { RunResult } from '../../model/result.js';

/** Whether the run has anything to review: a judge verdict (passed or failed) or a graded goal. */
function reviewable(result: RunResult): boolean {
  const verdict = (a: { matcher: string; status: string }) =>
    a.matcher === 'judge' && (a.status === 'passed' || a.status === 'failed');
  return result.conversations.some(
    (c) =>
      c.assertions.some(verdict) ||
      c.turns.some((t) => t.assertions.some(verdict)) ||
      (c.simulation?.goals ?? []).some((g) => g.status === 'met' || g.status === 'not-met'),
  );
}

/** The panel above the conversations (the counts and the export), only when there is something to review. */
export function reviewPanel(result: RunResult): string {
  if (!reviewable(result)) return '';
  return (
    '<div class="panel" id="review"><h2>Review</h2>' +
    '<span id="review-count"></span> ' +
    '<label><input type="checkbox" id="review-inline"> write transcripts out (portable; otherwise labels name ' +
    'this run, found by <code>judge calibrate</code> in the run history)</label> ' +
    '<button id="review-export" type="button" disabled>Export labels (YAML)</button></div>'
  );
}

export const REVIEW_STYLE = `
#review { margin: 0 0 16px; font-size: 13px; } #review label { color: #57606a; margin: 0 8px; }
.rv { display: inline-flex; gap: 4px; align-items: center; margin-left: 8px; }
.rv button { font: inherit; font-size: 11px; padding: 0 6px; border: 1px solid #d0d7de; border-radius: 10px;
  background: #fff; cursor: pointer; color: #57606a; }
.rv button[aria-pressed="true"].agree { background: #dafbe1; color: #1a7f37; border-color: #1a7f37; }
.rv button[aria-pressed="true"].disagree { background: #ffebe9; color: #cf222e; border-color: #cf222e; }
.rv input { font: inherit; font-size: 11px; padding: 0 6px; border: 1px solid #d0d7de; border-radius: 6px; }
`;

/**
 * Defines REVIEW for the page script (client.ts), which hands it each judge verdict's and each goal's
 * line as it builds a conversation's details. Labels live in a map keyed by conversation id and
 * item, so they survive collapsing, filtering and re-rendering.
 */
export const HTML_REVIEW_SCRIPT = `
var REVIEW = (function () {
  'use strict';
  var labels = Object.create(null), order = [];
  var runId = '';
  var countEl = document.getElementById('review-count');
  var exportBtn = document.getElementById('review-export');
  var inlineBox = document.getElementById('review-inline');
  var NONE = 'No verdict reviewed yet: use agree / disagree on judge verdicts and goals.';
  // Without the panel the run has no verdict to review: lines stay as they are.
  if (!countEl) {
    var keep = function (line) { return line; };
    return { start: function () {}, verdict: keep, goal: keep };
  }

  function make(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function judgeHolds(a) { return (a.status === 'passed') !== a.negated; }

  function controls(line, item) {
    var box = make('span', 'rv');
    var agree = make('button', 'agree', 'agree');
    var disagree = make('button', 'disagree', 'disagree');
    var note = make('input');
    note.type = 'text';
    note.placeholder = 'note';
    note.setAttribute('aria-label', 'note');
    [agree, disagree].forEach(function (b) { b.type = 'button'; });
    function show() {
      var l = labels[item.key];
      agree.setAttribute('aria-pressed', String(!!l && l.agree));
      disagree.setAttribute('aria-pressed', String(!!l && !l.agree));
      note.value = l ? l.note : note.value;
    }
    function pick(agreeing) {
      var l = labels[item.key];
      if (l && l.agree === agreeing) {
        delete labels[item.key];
        order.splice(order.indexOf(item.key), 1);
      }
      else {
        if (!l) order.push(item.key);
        labels[item.key] = { item: item, agree: agreeing, note: note.value };
      }
      show();
      summary();
    }
    agree.addEventListener('click', function (e) { e.stopPropagation(); pick(true); });
    disagree.addEventListener('click', function (e) { e.stopPropagation(); pick(false); });
    note.addEventListener('input', function () { var l = labels[item.key]; if (l) l.note = note.value; });
    box.appendChild(agree); box.appendChild(disagree); box.appendChild(note);
    show();
    line.appendChild(box);
    return line;
  }

  function current() {
    return order.map(function (k) { return labels[k]; });
  }
  function summary() {
    var all = current();
    var against = all.filter(function (l) { return !l.agree; }).length;
    countEl.textContent = all.length ? all.length + ' reviewed (' + against + ' disagreement' +
      (against === 1 ? '' : 's') + '): export them before closing the page.' : NONE;
    exportBtn.disabled = all.length === 0;
  }

  // One inline turn of schemas/labels.schema.json from the page's transcript entries.
  function inlineTurn(t) {
    var out = {}, user = [], agent = [], calls = [], responses = [];
    (t.inputs || []).forEach(function (i) { if (i.kind === 'text') user.push(i.text); });
    t.transcript.forEach(function (e) {
      if (e.kind === 'user') user.push(e.input && e.input !== 'text' ? '[' + e.input + '] ' + e.text : e.text);
      else if (e.kind === 'agent') agent.push(e.text);
      else if (e.kind === 'toolCall') calls.push({ name: e.call.name, args: e.call.args || {} });
      else if (e.kind === 'toolResponse') {
        var r = e.response.response;
        responses.push({ name: e.response.name,
          response: r && typeof r === 'object' && !Array.isArray(r) ? r : { value: r === undefined ? null : r } });
      }
    });
    if (user.length) out.user = user.join('\\n');
    if (agent.length || !user.length) out.agent = agent.join('\\n');
    if (calls.length) out.toolCalls = calls;
    if (responses.length) out.toolResponses = responses;
    return out;
  }
  function transcriptOf(item, inline) {
    var at = item.turn;
    if (!inline) {
      var ref = { run: runId, conversation: item.conversation.id };
      return at === undefined ? ref : Object.assign(ref, { turn: at + 1 });
    }
    // Written out, a turn-level verdict's transcript ends at its turn, where the judge grades it.
    var turns = item.conversation.turns.filter(function (t) { return at === undefined || t.index <= at; });
    return Object.assign({ turns: turns.map(inlineTurn) }, at === undefined ? {} : { turn: turns.length });
  }

  // YAML is a superset of JSON: every value is written as JSON, so nothing needs YAML quoting rules.
  function yaml(inline) {
    var all = current();
    var ordered = all.filter(function (l) { return !l.agree; }).concat(all.filter(function (l) { return l.agree; }));
    var lines = ['# cxas-eval judge labels', '# Reviewed in the HTML report of run ' + runId + ': ' + all.length +
      ' label(s), disagreements first. Check them with: cxas-eval judge calibrate <this file>', 'labels:'];
    ordered.forEach(function (l) {
      var it = l.item;
      var human = l.agree === it.judgeSays ? 'pass' : 'fail';
      lines.push('  - criterion: ' + JSON.stringify(it.criterion));
      lines.push('    # ' + it.what + ': the judge said ' + (it.judgeSays ? 'pass' : 'fail') + ', the reviewer ' +
        (l.agree ? 'agrees' : 'disagrees'));
      lines.push('    transcript: ' + JSON.stringify(transcriptOf(it, inline)));
      lines.push('    verdict: ' + human);
      if (l.note.trim()) lines.push('    note: ' + JSON.stringify(l.note.trim()));
      lines.push('    source: review');
    });
    return lines.join('\\n') + '\\n';
  }

  exportBtn.addEventListener('click', function () {
    var blob = new Blob([yaml(inlineBox.checked)], { type: 'application/yaml' });
    var link = make('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'labels-' + runId.slice(0, 8) + '.yaml';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
  });

  return {
    start: function (id) { runId = id; summary(); },
    yaml: yaml,
    /** A judge expectation's line: controls when the judge gave a verdict on a known criterion. */
    verdict: function (line, c, a, key, turn) {
      if (a.matcher !== 'judge' || !a.criterion || (a.status !== 'passed' && a.status !== 'failed')) return line;
      return controls(line, { key: c.id + '|' + key, conversation: c, turn: turn, criterion: a.criterion,
        judgeSays: judgeHolds(a), what: 'judge expectation' + (turn !== undefined ? ' at turn ' + (turn + 1) : '') });
    },
    /** A simulation goal's line: controls when the judge graded it. */
    goal: function (line, c, g, i) {
      if (g.status !== 'met' && g.status !== 'not-met') return line;
      return controls(line, { key: c.id + '|goal.' + i, conversation: c, criterion: g.successCriteria,
        judgeSays: g.status === 'met', what: 'simulation goal ' + (i + 1) });
    }
  };
})();
`;
