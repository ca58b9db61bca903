// `cxas-eval convert <file> [-o out] [--check]`: a cxas-scrapi (or native) spec file → native YAML.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { exitCodeAction } from './command-options.js';

interface ConvertFlags {
  output?: string;
  check?: boolean;
}

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert a cxas-scrapi turn-eval, golden or golden export file to the native spec format')
    .argument('<file>', 'the file to convert')
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('--check', 'with -o: write nothing; exit 1 when the file there differs from the conversion (for CI)')
    .action(exitCodeAction(convertCommand));
}

async function convertCommand(file: string, flags: ConvertFlags): Promise<number> {
  if (flags.check && !flags.output) {
    process.stderr.write('--check compares with an existing file: give it with -o <file>\n');
    return EXIT.usage;
  }
  const { convertFile } = await import('../runner/index.js');
  const {
    text,
    errors,
    conversations = 0,
  } = await convertFile(file, { cwd: process.cwd(), ...(flags.output ? { out: flags.output } : {}) });
  if (text === undefined || errors.length) {
    for (const e of errors) process.stderr.write(`${e.message}\n`);
    process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was converted.\n`);
    return EXIT.usage;
  }
  if (!flags.output) {
    process.stdout.write(text);
    return EXIT.ok;
  }
  const out = path.resolve(process.cwd(), flags.output);
  const what = `${conversations} conversation${conversations === 1 ? '' : 's'} from ${file}`;
  if (flags.check) return check(out, flags.output, text, what, file);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, text);
  process.stdout.write(`wrote ${flags.output}: ${what}\n`);
  return EXIT.ok;
}

async function check(out: string, shown: string, text: string, what: string, file: string): Promise<number> {
  const existing = await readFile(out, 'utf8').catch(() => undefined);
  if (existing === text) {
    process.stdout.write(`${shown} is up to date: ${what}\n`);
    return EXIT.ok;
  }
  const why = existing === undefined ? 'does not exist' : `differs from the conversion of ${file}`;
  process.stdout.write(`${shown} ${why}; run \`cxas-eval convert ${file} -o ${shown}\` to update it\n`);
  return EXIT.failed;
}
