// Reviewing verdicts in the page (issue 29 point 5, README "Reviewing verdicts"): each judge verdict and
// each graded simulation goal gets agree / disagree controls and a note; the labels are exported as a
// labels file (labels-file.ts). Everything stays in the page: no server, no network, no storage; the
// file is a Blob download. Labels live in a map keyed by conversation id and item, so they survive
// collapsing, filtering and re-rendering.
import { byId, el } from './dom.js';
import { labelsFile, type ReviewItem, type ReviewLabel } from './labels-file.js';
import type { Review } from './review-api.js';

const NONE = 'No verdict reviewed yet: use agree / disagree on judge verdicts and goals.';

/** Without the review panel (html/review.ts writes it only when the run has a verdict to review): lines stay. */
const NO_REVIEW: Review = { start() {}, verdict: (line) => line, goal: (line) => line };

export function createReview(): Review {
  const countEl = document.getElementById('review-count');
  return countEl ? panelReview(countEl) : NO_REVIEW;
}

function panelReview(countEl: HTMLElement): Review {
  const labels = new Map<string, ReviewLabel>();
  let runId = '';
  const exportBtn = byId('review-export', HTMLButtonElement);
  const inlineBox = byId('review-inline', HTMLInputElement);

  function summary(): void {
    const all = [...labels.values()];
    const against = all.filter((l) => !l.agree).length;
    countEl.textContent = all.length
      ? `${all.length} reviewed (${against} disagreement${against === 1 ? '' : 's'}): ` +
        'export them before closing the page.'
      : NONE;
    exportBtn.disabled = all.length === 0;
  }

  function controls(line: HTMLElement, item: ReviewItem): HTMLElement {
    const box = el('span', 'rv');
    const agree = el('button', 'agree', 'agree');
    const disagree = el('button', 'disagree', 'disagree');
    const note = el('input');
    note.type = 'text';
    note.placeholder = 'note';
    note.setAttribute('aria-label', 'note');
    agree.type = 'button';
    disagree.type = 'button';
    const show = (): void => {
      const l = labels.get(item.key);
      agree.setAttribute('aria-pressed', String(!!l && l.agree));
      disagree.setAttribute('aria-pressed', String(!!l && !l.agree));
      note.value = l ? l.note : note.value;
    };
    // A second click on the pressed button takes the label back.
    const pick = (agreeing: boolean): void => {
      const l = labels.get(item.key);
      if (l && l.agree === agreeing) labels.delete(item.key);
      else labels.set(item.key, { item, agree: agreeing, note: note.value });
      show();
      summary();
    };
    agree.addEventListener('click', (e) => {
      e.stopPropagation();
      pick(true);
    });
    disagree.addEventListener('click', (e) => {
      e.stopPropagation();
      pick(false);
    });
    note.addEventListener('input', () => {
      const l = labels.get(item.key);
      if (l) l.note = note.value;
    });
    box.append(agree, disagree, note);
    show();
    line.appendChild(box);
    return line;
  }

  exportBtn.addEventListener('click', () => {
    const text = labelsFile([...labels.values()], runId, inlineBox.checked);
    const link = el('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    link.download = `labels-${runId.slice(0, 8)}.yaml`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  });

  return {
    start(id) {
      runId = id;
      summary();
    },
    // Controls when the judge gave a verdict on a known criterion.
    verdict(line, c, a, key, turn) {
      if (a.matcher !== 'judge' || !a.criterion || (a.status !== 'passed' && a.status !== 'failed')) return line;
      const what = `judge expectation${turn !== undefined ? ` at turn ${turn + 1}` : ''}`;
      // The judge says the criterion holds when it passed, or failed under `not:`.
      const judgeSays = (a.status === 'passed') !== a.negated;
      const item = { key: `${c.id}|${key}`, conversation: c, turn, criterion: a.criterion, judgeSays, what };
      return controls(line, item);
    },
    // Controls when the judge graded the goal.
    goal(line, c, g, i) {
      if (g.status !== 'met' && g.status !== 'not-met') return line;
      const what = `simulation goal ${i + 1}`;
      const item = { key: `${c.id}|goal.${i}`, conversation: c, criterion: g.successCriteria, what };
      return controls(line, { ...item, judgeSays: g.status === 'met' });
    },
  };
}
