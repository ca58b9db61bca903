// `cxas-eval init [dir]`: scaffolds a project: config, a first spec against the demo app, editor
// schema wiring, a GitHub Actions workflow (shards + merge-reports) and a .gitignore entry for
// reports, node_modules and local state (goldens are committed). Existing files are kept, never
// overwritten. Once a project has its config, a re-run does not re-create a file the user deleted
// (they removed it on purpose) unless --force.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { CONFIG_FILE, FIRST_SPEC, GITIGNORE_LINES, WORKFLOW, YAML_SCHEMAS } from './init-templates.js';

type Outcome = 'created' | 'kept' | 'updated' | 'skipped';

/** Whether a missing file may be created: always in a new project, in an initialized one only with --force. */
interface Scope {
  createMissing: boolean;
}

async function create(file: string, text: string, scope: Scope): Promise<Outcome> {
  if (existsSync(file)) return 'kept';
  if (!scope.createMissing) return 'skipped';
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return 'created';
}

/** Adds yaml.schemas entries to .vscode/settings.json, keeping everything already there. */
async function vscodeSettings(file: string, scope: Scope): Promise<Outcome> {
  if (!existsSync(file)) return create(file, `${JSON.stringify({ 'yaml.schemas': YAML_SCHEMAS }, null, 2)}\n`, scope);
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

async function gitignore(file: string, scope: Scope): Promise<Outcome> {
  const text = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  if (text === undefined && !scope.createMissing) return 'skipped';
  const have = new Set((text ?? '').split(/\r?\n/).map((l) => l.trim()));
  const add = GITIGNORE_LINES.filter((l) => !have.has(l) && !have.has(l.replace(/^\/|\/$/g, '')));
  if (add.length === 0) return 'kept';
  const prefix = text && !text.endsWith('\n') ? '\n' : '';
  const comment = '# cxas-eval: reports, packages and local state (goldens/ is committed)';
  await writeFile(file, `${text ?? ''}${prefix}${comment}\n${add.join('\n')}\n`);
  return text === undefined ? 'created' : 'updated';
}

async function init(dir: string, force: boolean): Promise<void> {
  const root = path.resolve(dir);
  const config = path.join(root, 'cxas-eval.config.yaml');
  const scope: Scope = { createMissing: force || !existsSync(config) };
  const steps: Array<[string, () => Promise<Outcome>]> = [
    ['cxas-eval.config.yaml', () => create(config, CONFIG_FILE, { createMissing: true })],
    ['specs/first.yaml', () => create(path.join(root, 'specs/first.yaml'), FIRST_SPEC, scope)],
    ['.vscode/settings.json', () => vscodeSettings(path.join(root, '.vscode/settings.json'), scope)],
    [
      '.github/workflows/cxas-eval.yml',
      () => create(path.join(root, '.github/workflows/cxas-eval.yml'), WORKFLOW, scope),
    ],
    ['.gitignore', () => gitignore(path.join(root, '.gitignore'), scope)],
  ];
  let skipped = 0;
  for (const [name, step] of steps) {
    const outcome = await step();
    if (outcome === 'skipped') skipped++;
    process.stdout.write(
      `  ${outcome.padEnd(7)} ${name}${outcome === 'skipped' ? ' (missing: not re-created)' : ''}\n`,
    );
  }
  if (skipped)
    process.stdout.write('\nMissing files were deleted since init, presumably on purpose: --force re-creates them.\n');
  process.stdout.write(
    '\nNext: npx cxas-eval run --update-goldens   (plays specs/ against the bundled demo app, records goldens/)\n' +
      'Then: npx cxas-eval run   (compares each conversation with its golden; commit goldens/; set `app:` for yours)\n',
  );
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('scaffold a project: config, a first spec, editor schemas, a CI workflow, .gitignore')
    .argument('[dir]', 'project directory', '.')
    .option('--force', 're-create scaffold files deleted since the project was initialized (never overwrites)')
    .action(async (dir: string, flags: { force?: boolean }) => {
      await init(dir, flags.force === true);
      process.exitCode = EXIT.ok;
    });
}
