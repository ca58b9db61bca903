// The plain form used between worker threads keeps everything suite-wide checks need.
import { describe, expect, it } from 'vitest';
import { writeTree } from '../../../test/loader/helpers.js';
import { duplicateNameErrors, unknownDependencyErrors } from './duplicates.js';
import { fromPlain, loadFileList, toPlain } from './load-files.js';
import * as path from 'node:path';

describe('toPlain / fromPlain', () => {
  it('survives a structured clone with errors, name paths and dependency positions', async () => {
    const cwd = writeTree({
      'a.yaml': 'conversations:\n  - name: x\n    turns: [{ user: hi }]\n',
      'b.yaml': 'conversations:\n  - name: y\n    turns: [{ usr: hi }]\n',
      'c.yaml': 'conversations:\n  - name: z\n    turns: [{ user: hi }]\n  - name: x\n    history: { afterConversation: nope }\n    turns: [{ user: hi }]\n',
    });
    const files = ['a.yaml', 'b.yaml', 'c.yaml'].map((f) => path.join(cwd, f));
    const direct = await loadFileList(files, cwd, {});
    const cloned = fromPlain(structuredClone(toPlain(direct)));
    const suiteErrors = (r: typeof direct) => {
      const specFiles = r.loaded.flatMap((l) => (l.file ? [l.file] : []));
      return [...r.errors, ...duplicateNameErrors(specFiles), ...unknownDependencyErrors(specFiles)].map((e) => `${e.code} ${e.message}`);
    };
    expect(suiteErrors(cloned)).toEqual(suiteErrors(direct));
    expect(suiteErrors(cloned)).toEqual([
      'UNKNOWN_KEY b.yaml:3:15 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
      'DUPLICATE_NAME c.yaml:4:5 conversations[1].name: duplicate conversation name "x" (first defined at a.yaml:2:5)',
      'BAD_VALUE c.yaml:5:35 conversations[1].history.afterConversation: no conversation named "nope" in the suite',
    ]);
    expect(cloned.loaded).toEqual(direct.loaded);
  });
});
