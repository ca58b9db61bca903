// Compact, readable rendering of tool arguments for messages: {account_id: "123", n: 2}.
import type { JsonValue } from '../../model/json.js';

export function formatArgs(value: JsonValue | undefined): string {
  if (value === undefined) return '{}';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatArgs).join(', ')}]`;
  const parts = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${formatArgs(v)}`);
  return `{${parts.join(', ')}}`;
}
