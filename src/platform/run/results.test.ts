// The spec an evaluation was pushed from, read back from its description's marker line.
import { describe, expect, it } from 'vitest';
import { specMarker } from '../push/to-evaluation.js';
import { selectedOf } from './results.js';

const evaluation = (file: string, name: string, displayName: string | undefined = name) => ({
  name: 'projects/p/locations/l/apps/a/evaluations/e1',
  ...(displayName !== undefined ? { displayName } : {}),
  description: `${specMarker({ file, name })}\nmore`,
});

describe('selectedOf', () => {
  it('splits the marker where push joined it, when the name holds " › " itself', () => {
    for (const [file, name] of [
      ['specs/a.yaml', 'plain'],
      ['specs/a.yaml', 'billing › refunds'],
      ['specs/a › b.yaml', 'x › y'],
    ] as const) {
      const selected = selectedOf(evaluation(file, name));
      expect([selected.file, selected.displayName, selected.specId]).toEqual([file, name, `${file}#${name}`]);
    }
  });

  it('without the display name push wrote (renamed on the platform), after the first .yaml path', () => {
    const selected = selectedOf(evaluation('specs/a.yaml', 'billing › refunds', 'renamed'));
    expect([selected.file, selected.displayName]).toEqual(['specs/a.yaml', 'billing › refunds']);
  });
});
