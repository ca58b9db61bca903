// Text printed as one line stays one line. CI runners read stdout line by line: GitHub Actions runs any
// line starting with `::` as a workflow command, so a line break inside a conversation name or an agent's
// message must never reach the stream raw.

/** `\r\n`, `\r` and `\n` shown as the two characters `\n` (the line breaks .NET's ReadLine splits on). */
export function escapeLineBreaks(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\\n');
}
