// Long expected-output patterns, written as several regex literals (kept under the line length)
// and matched as one: the parts are joined in order, with no flags.
export const joinRegex = (...parts: RegExp[]): RegExp => new RegExp(parts.map((part) => part.source).join(''));
