// The HTML report's page script: the entry that scripts/bundle-page.mjs bundles into the one script
// of report.html (render.ts). It renders the conversations embedded as JSON (html/data.ts, whose types
// it reads) 100 rows at a time, builds a row's details on first expand, and keeps the filters and the
// search in the URL hash. Content goes in through textContent only (dom.ts).
import type { EmbeddedConversation, EmbeddedRun } from '../data.js';
import { details } from './details.js';
import { byId, el, ms } from './dom.js';
import { createReview } from './review.js';

const BATCH = 100;
const SYMBOL: Record<EmbeddedConversation['status'], string> = {
  passed: '\u2713',
  failed: '\u2717',
  error: '!',
  skipped: '-',
  interrupted: '~',
};
// Failures are opened for the reader, up to a bound that keeps a huge failing run fast to open.
const AUTO_OPEN = 50;

const data = JSON.parse(byId('report-data', HTMLScriptElement).textContent ?? '') as EmbeddedRun;
const all = data.conversations;
// Agree / disagree controls on judge verdicts and goals.
const review = createReview();
review.start(data.runId);
let shown = all;
let rendered = 0;
let haystacks: Array<string | undefined> | null = null;
const rows = byId('rows', HTMLDivElement);
const more = byId('more', HTMLButtonElement);
const count = byId('count', HTMLSpanElement);
const search = byId('search', HTMLInputElement);
const fStatus = byId('filter-status', HTMLSelectElement);
const fTag = byId('filter-tag', HTMLSelectElement);
const fFile = byId('filter-file', HTMLSelectElement);
let autoOpened = 0;
/** Set by Expand all / Collapse all: rows rendered later follow it. */
let openAll: boolean | null = null;
/** Each rendered row's open/close, building its details on first open. */
const openers = new WeakMap<Element, (open: boolean) => void>();

function options(select: HTMLSelectElement, values: string[]): void {
  for (const v of values) {
    const o = el('option', '', v);
    o.value = v;
    select.appendChild(o);
  }
}
function distinct(get: (c: EmbeddedConversation) => string | string[]): string[] {
  const set = new Set<string>();
  for (const c of all) for (const v of ([] as string[]).concat(get(c))) set.add(v);
  return [...set].sort();
}
options(
  fTag,
  distinct((c) => c.tags),
);
options(
  fFile,
  distinct((c) => c.file),
);

// Filters and search live in the URL hash (#status=failed&tag=p0&file=..&q=..): links share a view.
const HASH_KEYS: Record<string, HTMLInputElement | HTMLSelectElement> = {
  status: fStatus,
  tag: fTag,
  file: fFile,
  q: search,
};
function readHash(): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  for (const [k, input] of Object.entries(HASH_KEYS)) input.value = params.get(k) || '';
}
function writeHash(): void {
  const params = new URLSearchParams();
  for (const [k, input] of Object.entries(HASH_KEYS)) {
    const v = input.value.trim();
    if (v) params.set(k, v);
  }
  const next = params.toString();
  if (next !== location.hash.replace(/^#/, '')) {
    history.replaceState(null, '', next ? `#${next}` : location.pathname + location.search);
  }
}

// Search text is built on first use only: most readers of a big report never search.
function collect(v: unknown, out: string[]): string[] {
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number') out.push(String(v));
  else if (Array.isArray(v)) v.forEach((x) => collect(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => collect(x, out));
  return out;
}
function haystack(i: number): string {
  haystacks ??= new Array<string | undefined>(all.length);
  return (haystacks[i] ??= collect(all[i], []).join('\n').toLowerCase());
}

function applyFilters(): void {
  const st = fStatus.value;
  const tag = fTag.value;
  const file = fFile.value;
  const q = search.value.trim().toLowerCase();
  shown = all.filter(
    (c, i) =>
      (!st || c.status === st) &&
      (!tag || c.tags.indexOf(tag) >= 0) &&
      (!file || c.file === file) &&
      (!q || haystack(i).indexOf(q) >= 0),
  );
  rows.textContent = '';
  rendered = 0;
  writeHash();
  renderMore();
}

function renderMore(): void {
  const end = Math.min(shown.length, rendered + BATCH);
  const frag = document.createDocumentFragment();
  for (; rendered < end; rendered++) frag.appendChild(row(shown[rendered]!));
  rows.appendChild(frag);
  count.textContent =
    `${shown.length} of ${all.length} conversations` + (rendered < shown.length ? ` (showing ${rendered})` : '');
  more.hidden = rendered >= shown.length;
}

function rowHead(c: EmbeddedConversation): HTMLButtonElement {
  const head = el('button', 'head');
  head.type = 'button';
  head.setAttribute('aria-expanded', 'false');
  head.appendChild(el('span', 'sym', SYMBOL[c.status]));
  head.appendChild(el('span', 'file', `${c.file} \u203a`));
  head.appendChild(el('span', 'name', c.name + (c.repeat > 1 ? ` [#${c.runIndex + 1}]` : '')));
  for (const t of c.tags) head.appendChild(el('span', 'tag', t));
  if (c.reason) head.appendChild(el('span', 'reason', c.reason));
  head.appendChild(el('span', 'dur', ms(c.durationMs)));
  return head;
}

function row(c: EmbeddedConversation): HTMLElement {
  const box = el('div', `conv s-${c.status}`);
  box.setAttribute('data-status', c.status);
  const head = rowHead(c);
  let detail: HTMLElement | null = null;
  const setOpen = (open: boolean): void => {
    if (open && !detail) {
      detail = details(c, review);
      box.appendChild(detail);
    }
    if (detail) detail.hidden = !open;
    head.setAttribute('aria-expanded', String(open));
  };
  openers.set(box, setOpen);
  head.addEventListener('click', () => setOpen(!detail || detail.hidden));
  box.appendChild(head);
  // Every row that did not pass or skip opens with its reason (a run cut short too).
  const problem = c.status === 'failed' || c.status === 'error' || c.status === 'interrupted';
  if (openAll === true || (openAll === null && problem && autoOpened < AUTO_OPEN)) {
    if (openAll === null) autoOpened++;
    setOpen(true);
  }
  return box;
}

function setAllOpen(open: boolean): void {
  openAll = open;
  for (const box of Array.from(rows.children)) openers.get(box)?.(open);
}

let timer: number | undefined;
search.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(applyFilters, 120);
});
for (const s of [fStatus, fTag, fFile]) s.addEventListener('change', applyFilters);
more.addEventListener('click', renderMore);
byId('expand-all', HTMLButtonElement).addEventListener('click', () => setAllOpen(true));
byId('collapse-all', HTMLButtonElement).addEventListener('click', () => setAllOpen(false));
window.addEventListener('hashchange', () => {
  readHash();
  applyFilters();
});
readHash();
if ('IntersectionObserver' in window) {
  new IntersectionObserver((entries) => {
    if (entries[0]?.isIntersecting && !more.hidden) renderMore();
  }).observe(more);
}
applyFilters();
