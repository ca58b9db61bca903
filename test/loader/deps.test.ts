// LoadResult.deps: the files a suite reads or names besides its spec files, absolute, once each —
// what `run --watch` watches wherever they are (a module refused by the loader is no dependency).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTree } from './helpers.js';

describe('the files loaded specs depend on', () => {
  it('lists included fragments, data files, turn files and accepted custom modules', async () => {
    const { cwd, errors, deps } = await loadTree(
      {
        'specs/a.yaml': `include: [../shared/steps.yaml]
conversations:
  - name: rows
    each: ../data/rows.csv
    turns:
      - blob: { file: ../fixtures/r.pdf, mimeType: application/pdf }
        expect: [ { custom: { module: ../checks/m.mjs } }, { not: { custom: { module: ../checks/m.mjs } } } ]
      - use: hello
  - name: outside
    turns:
      - user: hi
        expect: [ { custom: { module: /nonexistent/evil.mjs } } ]
`,
        'shared/steps.yaml': 'steps:\n  hello:\n    - user: hello\n',
        'data/rows.csv': 'x\n1\n',
        'fixtures/r.pdf': '%PDF',
        'checks/m.mjs': 'export default () => true;\n',
      },
      ['specs'],
    );
    expect(errors.map((e) => e.code)).toEqual(['OUTSIDE_ROOT']);
    expect([...deps].sort()).toEqual(
      ['checks/m.mjs', 'data/rows.csv', 'fixtures/r.pdf', 'shared/steps.yaml'].map((f) => path.join(cwd, f)),
    );
  });
});
