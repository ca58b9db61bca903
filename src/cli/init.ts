// `cxas-eval init [dir]`: scaffolds a project: config, a first spec against the demo app, editor
// schema wiring, a GitHub Actions workflow (shards + merge-reports) and a .gitignore entry for
// reports, node_modules and local state (goldens are committed). Existing files are kept, never
// overwritten. Once a project has its config, a re-run does not re-create a file the user deleted
// (they removed it on purpose) unless --force. The config is written last: an init cut short leaves
// none, so running it again completes the scaffold instead of taking the files it never wrote for
// deleted ones.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { isJsonc, parseJsonc } from './jsonc.js';
import {
  CONFIG_FILE,
  FIRST_SPEC,
  GITIGNORE_LINES,
  RETIRED_YAML_SCHEMAS,
  WORKFLOW,
  YAML_SCHEMAS,
} from './init-templates.js';

type Outcome = 'created' | 'kept' | 'updated' | 'skipped' | ByHand;

/** A change init leaves to the user, and why (the line says it). */
interface ByHand {
  byHand: string;
}

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

/**
 * Adds yaml.schemas entries to .vscode/settings.json, keeping everything already there, and takes
 * out an entry an earlier init wrote that is no longer wanted (RETIRED_YAML_SCHEMAS), if it is still
 * as init wrote it. VS Code allows comments and trailing commas in it: such a file is read, but not
 * rewritten (its comments would be lost); what to change is said instead.
 */
async function vscodeSettings(file: string, scope: Scope): Promise<Outcome> {
  if (!existsSync(file)) return create(file, `${JSON.stringify({ 'yaml.schemas': YAML_SCHEMAS }, null, 2)}\n`, scope);
  const text = await readFile(file, 'utf8');
  const byHand = (why: string, change: { add: boolean; retired: string[] } = { add: true, retired: [] }): ByHand => {
    const todo = [
      ...(change.add ? [`add "yaml.schemas": ${JSON.stringify(YAML_SCHEMAS)} to it`] : []),
      ...change.retired.map(
        (k) => `remove its yaml.schemas entry "${k}" (specs name their schema in their first line)`,
      ),
    ];
    return { byHand: `${why}: ${todo.join(', and ')} yourself` };
  };
  let settings: unknown;
  try {
    settings = parseJsonc(text);
  } catch {
    return byHand('it is not JSON');
  }
  if (!isObject(settings)) return byHand('it is not a JSON object');
  const current = isObject(settings['yaml.schemas']) ? settings['yaml.schemas'] : {};
  const missing = Object.keys(YAML_SCHEMAS).filter((k) => !(k in current));
  const retired = Object.keys(RETIRED_YAML_SCHEMAS).filter((k) =>
    isDeepStrictEqual(current[k], RETIRED_YAML_SCHEMAS[k]),
  );
  if (missing.length === 0 && retired.length === 0) return 'kept';
  if (isJsonc(text))
    return byHand('it has comments or trailing commas, which init would not keep', {
      add: missing.length > 0,
      retired,
    });
  const kept = Object.entries(current).filter(([k]) => !retired.includes(k));
  settings['yaml.schemas'] = Object.fromEntries([...kept, ...missing.map((k) => [k, YAML_SCHEMAS[k]])]);
  await writeFile(file, `${JSON.stringify(settings, null, 2)}\n`);
  return 'updated';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
    ['specs/first.yaml', () => create(path.join(root, 'specs/first.yaml'), FIRST_SPEC, scope)],
    ['.vscode/settings.json', () => vscodeSettings(path.join(root, '.vscode/settings.json'), scope)],
    [
      '.github/workflows/cxas-eval.yml',
      () => create(path.join(root, '.github/workflows/cxas-eval.yml'), WORKFLOW, scope),
    ],
    ['.gitignore', () => gitignore(path.join(root, '.gitignore'), scope)],
    // Last: its presence is what tells a later init that this one completed.
    ['cxas-eval.config.yaml', () => create(config, CONFIG_FILE, { createMissing: true })],
  ];
  let skipped = 0;
  for (const [name, step] of steps) {
    const outcome = await step();
    if (outcome === 'skipped') skipped++;
    process.stdout.write(`  ${outcomeLine(outcome, name)}\n`);
  }
  if (skipped)
    process.stdout.write(
      '\nMissing files were not re-created: the project has its config, so they were deleted since init, ' +
        'presumably on purpose; --force re-creates them.\n',
    );
  process.stdout.write(
    '\nNext: npx cxas-eval run --update-goldens   (plays specs/ against the bundled demo app, records goldens/)\n' +
      'Then: npx cxas-eval run   (compares each conversation with its golden; commit goldens/; set `app:` for yours)\n',
  );
}

function outcomeLine(outcome: Outcome, name: string): string {
  if (typeof outcome === 'object') return `by hand ${name}: ${outcome.byHand}`;
  return `${outcome.padEnd(7)} ${name}${outcome === 'skipped' ? ' (missing: not re-created)' : ''}`;
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
