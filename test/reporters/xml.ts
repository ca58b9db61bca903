// A strict little XML parser for tests (no dependency): elements, attributes, text, CDATA, entities.
// It throws on anything malformed, so "it parses" means the JUnit file is well-formed, including a
// character XML 1.0 cannot hold (a C0 control other than tab/LF/CR, U+FFFE/U+FFFF, a lone surrogate).
// expatAccepts asks a conforming parser from outside this repo as well.
import { spawnSync } from 'node:child_process';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const NOT_XML_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|\p{Cs}/u;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** A character reference must name a character XML allows (`&#1;` is as malformed as a raw U+0001). */
function charRef(code: number): string {
  const c = String.fromCodePoint(code);
  if (NOT_XML_CHAR.test(c)) throw new Error(`character reference to U+${code.toString(16)} in XML`);
  return c;
}

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);|&/gi, (m, e: string | undefined) => {
    if (!e) throw new Error('bare & in XML');
    if (e.startsWith('#x')) return charRef(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return charRef(parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

export function parseXml(xml: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)!.toString(16)} is not allowed in XML at ${bad.index}`);
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const skipWs = (): void => {
    while (/\s/.test(xml[i] ?? '')) i++;
  };
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  skipWs();
  function element(): XmlElement {
    if (xml[i] !== '<') fail('expected <');
    const m = /^<([A-Za-z_][\w.-]*)/.exec(xml.slice(i));
    if (!m) return fail('bad tag name');
    const el: XmlElement = { name: m[1]!, attrs: {}, children: [], text: '' };
    i += m[0].length;
    for (;;) {
      skipWs();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      const a = /^([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/.exec(xml.slice(i));
      if (!a) fail('bad attribute');
      if (a![1]! in el.attrs) fail('duplicate attribute');
      el.attrs[a![1]!] = decode(a![2]!);
      i += a![0].length;
    }
    for (;;) {
      if (i >= xml.length) fail(`unclosed <${el.name}>`);
      if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i);
        if (end < 0) fail('unclosed CDATA');
        el.text += xml.slice(i + 9, end);
        i = end + 3;
      } else if (xml.startsWith('</', i)) {
        const close = `</${el.name}>`;
        if (!xml.startsWith(close, i)) fail(`expected ${close}`);
        i += close.length;
        return el;
      } else if (xml[i] === '<') {
        el.children.push(element());
      } else {
        const end = xml.indexOf('<', i);
        const raw = xml.slice(i, end < 0 ? xml.length : end);
        if (raw.includes('>') && raw.includes(']]>')) fail('stray ]]>');
        el.text += decode(raw);
        i += raw.length;
      }
    }
  }
  const root = element();
  skipWs();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}

/** A conforming parser from outside this repo (Python's expat), when the machine has one. */
export function expatAccepts(xml: string): boolean | undefined {
  const py = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.stdin.buffer)'], {
    input: xml,
  });
  if (py.error) return undefined;
  return py.status === 0;
}
