// `cxas-eval init [dir]`: scaffolds a project: config, a first spec against the demo app, editor
// schema wiring, a GitHub Actions workflow (shards + merge-reports) and a .gitignore entry for
// reports (goldens are committed). Existing files are kept, never overwritten.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { CONFIG_FILE, FIRST_SPEC, GITIGNORE_LINES, WORKFLOW, YAML_SCHEMAS } from './init-templates.js';

type Outcome = 'created' | 'kept' | 'updated';

async function create(file: string, text: string): Promise<Outcome> {
  if (existsSync(file)) return 'kept';
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return 'created';
}

/** Adds yaml.schemas entries to .vscode/settings.json, keeping everything already there. */
async function vscodeSettings(file: string): Promise<Outcome> {
  if (!existsSync(file)) return create(file, `${JSON.stringify({ 'yaml.schemas': YAML_SCHEMAS }, null, 2)}\n`);
  let settings: Record<string, unknown>;
  try {
    settings = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new CliError(
      `${file} is not plain JSON (comments?); add "yaml.schemas": ${JSON.stringify(YAML_SCHEMAS)} by hand`,
      EXIT.usage,
    );
  }
  const current = (settings['yaml.schemas'] ?? {}) as Record<string, unknown>;
  const missing = Object.keys(YAML_SCHEMAS).filter((k) => !(k in current));
  if (missing.length === 0) return 'kept';
  settings['yaml.schemas'] = { ...current, ...Object.fromEntries(missing.map((k) => [k, YAML_SCHEMAS[k]])) };
  await writeFile(file, `${JSON.stringify(settings, null, 2)}\n`);
  return 'updated';
}

async function gitignore(file: string): Promise<Outcome> {
  const text = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  const have = new Set((text ?? '').split(/\r?\n/).map((l) => l.trim()));
  const add = GITIGNORE_LINES.filter((l) => !have.has(l) && !have.has(l.replace(/^\/|\/$/g, '')));
  if (add.length === 0) return 'kept';
  const prefix = text && !text.endsWith('\n') ? '\n' : '';
  await writeFile(file, `${text ?? ''}${prefix}# cxas-eval reports (goldens/ is committed)\n${add.join('\n')}\n`);
  return text === undefined ? 'created' : 'updated';
}

async function init(dir: string): Promise<void> {
  const root = path.resolve(dir);
  const steps: Array<[string, () => Promise<Outcome>]> = [
    ['cxas-eval.config.yaml', () => create(path.join(root, 'cxas-eval.config.yaml'), CONFIG_FILE)],
    ['specs/first.yaml', () => create(path.join(root, 'specs/first.yaml'), FIRST_SPEC)],
    ['.vscode/settings.json', () => vscodeSettings(path.join(root, '.vscode/settings.json'))],
    ['.github/workflows/cxas-eval.yml', () => create(path.join(root, '.github/workflows/cxas-eval.yml'), WORKFLOW)],
    ['.gitignore', () => gitignore(path.join(root, '.gitignore'))],
  ];
  for (const [name, step] of steps) process.stdout.write(`  ${(await step()).padEnd(7)} ${name}\n`);
  process.stdout.write(
    '\nNext: npx cxas-eval run   (plays specs/ against the bundled demo app; set `app:` for yours)\n',
  );
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('scaffold a project: config, a first spec, editor schemas, a CI workflow, .gitignore')
    .argument('[dir]', 'project directory', '.')
    .action(async (dir: string) => {
      await init(dir);
      process.exitCode = EXIT.ok;
    });
}
