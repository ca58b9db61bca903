// `cxas-eval convert <file> [-o out]`: a cxas-scrapi (or native) spec file → native YAML.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert a cxas-scrapi turn-eval or golden file to the native spec format')
    .argument('<file>', 'the file to convert')
    .option('-o, --output <file>', 'write here instead of standard output')
    .action(async (file: string, flags: { output?: string }) => {
      process.exitCode = await convertCommand(file, flags);
    });
}

async function convertCommand(file: string, flags: { output?: string }): Promise<number> {
  const { convertFile } = await import('../runner/index.js');
  const { text, errors } = await convertFile(file, { cwd: process.cwd(), ...(flags.output ? { out: flags.output } : {}) });
  if (text === undefined || errors.length) {
    for (const e of errors) process.stderr.write(`${e.message}\n`);
    process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was converted.\n`);
    return EXIT.usage;
  }
  if (flags.output) {
    const out = path.resolve(process.cwd(), flags.output);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, text);
  }
  else process.stdout.write(text);
  return EXIT.ok;
}
