// Strict JSON (RFC 8259) for files named .json. The YAML parser reads every JSON text, but also
// much that is not JSON (trailing commas, comments, bare words, single quotes), and JSON.parse
// names no line or column (Node 20 often none at all, and quotes the whole text in its message):
// so a .json text is first scanned here for the first place it stops being JSON; once it is JSON,
// the YAML layer reads it (the same value), keeping the positions and the values as written.
import { quoted } from '../model/location.js';
import { SpecError } from './errors.js';

/** The first place a text stops being JSON: an offset into it, and why. */
interface JsonSyntaxProblem {
  offset: number;
  reason: string;
}

type Frame = { kind: 'list' } | { kind: 'object'; names: Set<string> };
type Next = 'value' | 'member' | 'after';

const WHITESPACE = /[ \t\n\r]*/y;
/** A run of characters that could belong to a number, to be held to JSON's number grammar whole. */
const NUMBER_LIKE = /[-+.\w]+/y;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const WORD = /[\p{L}\p{N}_$]+/uy;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /[0-9a-fA-F]{4}/y;
/** How a shown word is cut: the problem is at its start, and a message is one short line. */
const SHOWN_CHARS = 24;

class Problem extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Walks a JSON text without recursion (a deeply nested file cannot overflow the stack). */
class Scanner {
  private i: number;
  private readonly stack: Frame[] = [];

  constructor(private readonly text: string) {
    // A byte-order mark may open a JSON text (RFC 8259 8.1); the YAML parser skips it too.
    this.i = text.startsWith('\ufeff') ? 1 : 0;
  }

  run(): void {
    // What comes next: a value, an object's member (name, colon, value), or what follows an item.
    let next: Next = 'value';
    for (;;) {
      if (next === 'value') next = this.value();
      else if (next === 'member') next = this.member();
      else {
        this.space();
        const top = this.stack.at(-1);
        if (!top) {
          if (this.i < this.text.length) throw new Problem(this.i, 'more text after the JSON value');
          return;
        }
        next = this.afterItem(top);
      }
    }
  }

  /** After a list item or an object member: a comma before the next one, or the end of the container. */
  private afterItem(top: Frame): Next {
    const close = top.kind === 'list' ? ']' : '}';
    const c = this.text[this.i];
    if (c === close) {
      this.i += 1;
      this.stack.pop();
      return 'after';
    }
    if (c !== ',') {
      if (c === undefined)
        throw new Problem(this.i, `the file ends inside ${top.kind === 'list' ? 'a list' : 'an object'}`);
      const after = top.kind === 'list' ? 'a list item' : 'an object member';
      throw new Problem(this.i, `expected , or ${close} after ${after}`);
    }
    const comma = this.i;
    this.i += 1;
    this.space();
    if (this.text[this.i] === close) throw new Problem(comma, `a comma before ${close}: JSON has no trailing commas`);
    return top.kind === 'list' ? 'value' : 'member';
  }

  /** A value; a list or an object is entered (pushed) and its first item is what comes next. */
  private value(): Next {
    this.space();
    const c = this.text[this.i];
    if (c === '[' || c === '{') {
      this.i += 1;
      this.space();
      if (this.text[this.i] === (c === '[' ? ']' : '}')) {
        this.i += 1;
        return 'after';
      }
      this.stack.push(c === '[' ? { kind: 'list' } : { kind: 'object', names: new Set() });
      return c === '[' ? 'value' : 'member';
    }
    if (c === '"') this.string();
    else if (c !== undefined && /[-+.\d]/.test(c)) this.number();
    else this.literal();
    return 'after';
  }

  /** `"name":` of a member of the object on top of the stack; its value is what comes next. */
  private member(): Next {
    const frame = this.stack.at(-1) as Frame & { kind: 'object' };
    this.space();
    const start = this.i;
    if (this.text[start] !== '"') throw new Problem(start, `expected a name in double quotes, found ${this.shown()}`);
    this.string();
    // Valid JSON string text by now: JSON.parse gives its value.
    const name = JSON.parse(this.text.slice(start, this.i)) as string;
    if (frame.names.has(name)) throw new Problem(start, `${quoted(name)} is named twice in this object`);
    frame.names.add(name);
    this.space();
    if (this.text[this.i] !== ':') throw new Problem(this.i, `expected : after the name, found ${this.shown()}`);
    this.i += 1;
    return 'value';
  }

  private string(): void {
    const open = this.i;
    for (this.i = open + 1; this.i < this.text.length; this.i++) {
      const c = this.text[this.i]!;
      if (c === '"') {
        this.i += 1;
        return;
      }
      if (c < ' ') throw new Problem(this.i, 'a control character in a string must be escaped (\\n, \\t, \\u0000)');
      if (c !== '\\') continue;
      const escaped = this.text[this.i + 1];
      HEX4.lastIndex = this.i + 2;
      if (escaped === 'u' && HEX4.test(this.text)) this.i += 5;
      else if (escaped !== undefined && ESCAPES.has(escaped)) this.i += 1;
      else throw new Problem(this.i, `invalid escape \\${escaped ?? ''}`);
    }
    throw new Problem(open, 'a string that is never closed');
  }

  private number(): void {
    NUMBER_LIKE.lastIndex = this.i;
    const written = NUMBER_LIKE.exec(this.text)?.[0] ?? this.text[this.i]!;
    if (!NUMBER.test(written)) throw new Problem(this.i, `invalid number ${quoted(cut(written))}`);
    this.i += written.length;
  }

  private literal(): void {
    const c = this.text[this.i];
    if (c === undefined) throw new Problem(this.i, 'the file ends where a value should be');
    WORD.lastIndex = this.i;
    const word = WORD.exec(this.text)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.i += word.length;
      return;
    }
    const hint = word === undefined ? '' : ' (text is written in double quotes)';
    throw new Problem(this.i, `expected a value, found ${this.shown()}${hint}`);
  }

  private space(): void {
    WHITESPACE.lastIndex = this.i;
    WHITESPACE.test(this.text);
    this.i = WHITESPACE.lastIndex;
    if (this.text[this.i] === '/') throw new Problem(this.i, 'comments are not JSON');
  }

  /** What stands at the current offset: a word as written, else the one character, quoted. */
  private shown(): string {
    WORD.lastIndex = this.i;
    const word = WORD.exec(this.text)?.[0];
    if (word !== undefined) return cut(word);
    const c = this.text[this.i];
    return c === undefined ? 'the end of the file' : quoted(c);
  }
}

const cut = (text: string): string => (text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text);

/** The first place `text` is not JSON, or undefined when it is. */
function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    new Scanner(text).run();
    return undefined;
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    // Not JSON from its first character: most likely YAML (or CSV) in a file named .json.
    const first = /^\ufeff?[ \t\n\r]*/.exec(text)![0].length;
    const atStart = err.offset === first && first < text.length;
    return { offset: err.offset, reason: atStart ? `${err.reason} (a .json file is read as JSON)` : err.reason };
  }
}

/** Line and column (1-based, in characters as the YAML positions count) of an offset. */
function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** A .json file's first syntax error, `JSON_SYNTAX` at its line:col, or undefined when it is strict JSON. */
export function jsonSyntaxError(text: string, file: string): SpecError | undefined {
  const problem = jsonSyntaxProblem(text);
  if (!problem) return undefined;
  return new SpecError(
    'JSON_SYNTAX',
    { file, ...lineAndColumn(text, problem.offset) },
    '',
    `JSON syntax error: ${problem.reason}`,
  );
}
