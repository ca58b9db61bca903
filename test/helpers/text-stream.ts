// A writable stream that keeps what is written, for code that takes a stream (reporters, warnings).
export function textStream(): { stream: NodeJS.WritableStream; text: () => string } {
  let out = '';
  const stream = {
    write: (s: string) => {
      out += s;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, text: () => out };
}
