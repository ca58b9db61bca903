// Code blocks of README.md, as printed: the tests run them unchanged.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ROOT } from './cli.js';

/** The ```js block of README.md's "Library" section that contains `marker`, as printed. */
export async function libraryExample(marker: string): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Library\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const block = [...section.matchAll(/```js\n([\s\S]*?)```/g)].find((m) => m[1]!.includes(marker));
  if (!block) throw new Error(`README.md: no \`\`\`js block with ${marker} under "## Library"`);
  return block[1]!;
}
