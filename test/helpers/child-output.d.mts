// Types of child-output.mjs (a plain JS module so bench/ can use it too).
import type { ChildProcess } from 'node:child_process';

export interface CollectedOutput {
  readonly stdout: string;
  readonly stderr: string;
}

export function collectOutput(child: ChildProcess): CollectedOutput;
