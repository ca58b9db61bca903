// Patterns written in YAML (specs and emulator apps): "/re/flags" in JavaScript literal form,
// or a plain pattern. One parser, so every part reads a pattern the same way.
const LITERAL = /^\/(.*)\/([a-z]*)$/s;

/** The source and flags of a "/re/flags" literal; undefined for a plain pattern. */
export function regexLiteral(pattern: string): { source: string; flags: string } | undefined {
  const m = LITERAL.exec(pattern);
  return m ? { source: m[1]!, flags: m[2]! } : undefined;
}

/** A literal compiles with its flags, a plain pattern as a regex source; throws SyntaxError. */
export function compilePattern(pattern: string, extraFlags = ''): RegExp {
  const literal = regexLiteral(pattern);
  let flags = literal?.flags ?? '';
  for (const f of extraFlags) if (!flags.includes(f)) flags += f;
  return new RegExp(literal?.source ?? pattern, flags);
}
