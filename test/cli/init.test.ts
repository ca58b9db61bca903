// `cxas-eval init`: the scaffold validates, runs against the demo app, wires editor schemas that
// resolve from node_modules, and its GitHub workflow's own commands (shards + merge-reports) work.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempProject } from '../helpers/cli.js';

const schemaComment = (text: string) => /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];

describe('init', async () => {
  const project = await tempProject({ '.gitignore': 'node_modules', '.vscode/settings.json': '{"editor.tabSize": 2}' });
  afterAll(() => project.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
  const read = (f: string) => readFile(path.join(project.dir, f), 'utf8');

  it('scaffolds config, a first spec, schema wiring, a workflow and .gitignore; keeps existing files', async () => {
    const first = await cli('init');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      '  created specs/first.yaml\n  updated .vscode/settings.json\n' +
        '  created .github/workflows/cxas-eval.yml\n  updated .gitignore\n  created cxas-eval.config.yaml\n',
    );
    await mkdir(path.join(project.dir, 'node_modules'), { recursive: true });
    await symlink(ROOT, path.join(project.dir, 'node_modules/cxas-eval'), 'dir');
    // The $schema lines and the editor mapping resolve to schemas the package ships.
    const shipped = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    expect(shipped).toContain('schemas');
    for (const file of ['specs/first.yaml', 'cxas-eval.config.yaml']) {
      const target = path.resolve(project.dir, path.dirname(file), schemaComment(await read(file))!);
      expect(existsSync(target), target).toBe(true);
    }
    const settings = JSON.parse(await read('.vscode/settings.json')) as {
      'editor.tabSize': number;
      'yaml.schemas': Record<string, string[]>;
    };
    expect(settings['editor.tabSize']).toBe(2);
    // Specs take their schema from their first line: a folder glob would put data files, fragments
    // and cxas-scrapi files beside them under the spec schema too.
    expect(Object.values(settings['yaml.schemas']).flat()).not.toContainEqual(expect.stringMatching(/^specs\//));
    expect(schemaComment(await read('specs/first.yaml'))).toBe('../node_modules/cxas-eval/schemas/spec.schema.json');
    for (const schema of Object.keys(settings['yaml.schemas']))
      expect(existsSync(path.join(project.dir, schema)), schema).toBe(true);
    expect(await read('.gitignore')).toBe(
      'node_modules\n# cxas-eval: reports, packages and local state (goldens/ is committed)\n/reports/\n.cxas-eval/\n',
    );
    expect(first.stdout).toContain('Next: npx cxas-eval run --update-goldens');

    const again = await cli('init');
    expect(
      again.stdout
        .split('\n')
        .filter((l) => l.startsWith('  '))
        .every((l) => l.startsWith('  kept ')),
    ).toBe(true);
    expect((await cli('validate')).stdout).toBe('1 file, 3 conversations: valid\n');
  });

  it('compares goldens as its config says: a conversation without one fails until recorded', async () => {
    expect(await read('cxas-eval.config.yaml')).toMatch(/^golden: \{ text: normalized \}/m);
    const unrecorded = await cli('run', '--reporter', 'json', '--output-dir', 'reports/first');
    expect(unrecorded.code).toBe(1);
    const result = JSON.parse(await read('reports/first/results.json')) as { summary: { failed: number } };
    expect(result.summary.failed).toBe(3);
    const recorded = await cli('run', '--update-goldens', '--reporter', 'json', '--output-dir', 'reports/first');
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(existsSync(path.join(project.dir, 'goldens/specs/first'))).toBe(true);
  });

  it("runs the workflow's own commands: shards against the demo app, then merge-reports", async () => {
    const workflow = parse(await read('.github/workflows/cxas-eval.yml')) as {
      jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; steps: Array<{ run?: string }> }>;
    };
    const shards = workflow.jobs['evals']!.strategy!.matrix.shard;
    const commands = (job: string) =>
      workflow.jobs[job]!.steps.flatMap((s) =>
        s.run?.startsWith('npx cxas-eval ') ? [s.run.slice('npx cxas-eval '.length)] : [],
      );
    const [runCommand] = commands('evals');
    for (const shard of shards) {
      const args = runCommand!.replaceAll('${{ matrix.shard }}', String(shard)).split(' ');
      const r = await cli(...args, '--reporter', 'json');
      expect(r.code, r.stderr).toBe(0);
      // download-artifact puts each shard's artifact in a folder named after it.
      await rename(
        path.join(project.dir, `reports/shard-${shard}`),
        path.join(project.dir, `reports/cxas-eval-shard-${shard}`),
      );
    }
    const [mergeCommand] = commands('report');
    const args = mergeCommand!
      .split(' ')
      .flatMap((a) => (a === 'reports/cxas-eval-shard-*' ? shards.map((s) => `reports/cxas-eval-shard-${s}`) : [a]));
    const merged = await cli(...args);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain(`Merged ${shards.length} shard(s): 3 conversations, 3 passed`);
    expect(existsSync(path.join(project.dir, 'reports/merged/report.html'))).toBe(true);
  });
});

describe('init in a project that has one', async () => {
  const project = await tempProject({});
  afterAll(() => project.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir });

  it('does not re-create a file deleted since, unless --force', async () => {
    expect((await cli('init')).code).toBe(0);
    await rm(path.join(project.dir, 'specs/first.yaml'));
    await rm(path.join(project.dir, '.github'), { recursive: true });
    const again = await cli('init');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('  skipped specs/first.yaml (missing: not re-created)');
    expect(again.stdout).toContain('--force re-creates them');
    expect(existsSync(path.join(project.dir, 'specs/first.yaml'))).toBe(false);
    expect(existsSync(path.join(project.dir, '.github/workflows/cxas-eval.yml'))).toBe(false);
    const forced = await cli('init', '--force');
    expect(forced.stdout).toContain('  created specs/first.yaml');
    expect(existsSync(path.join(project.dir, '.github/workflows/cxas-eval.yml'))).toBe(true);
  });
});

describe('init beside a VS Code settings.json with comments', async () => {
  const jsonc =
    '{\n  // editor\n  "editor.tabSize": 2, /* two */\n  "files.exclude": { "**/x": true, },\n' +
    '  "http.proxy": "http://proxy//not-a-comment",\n}\n';
  const project = await tempProject({ '.vscode/settings.json': jsonc });
  afterAll(() => project.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
  const exists = (f: string) => existsSync(path.join(project.dir, f));

  it('scaffolds everything else, keeps the file as it is and says what to add by hand', async () => {
    const r = await cli('init');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('  by hand .vscode/settings.json: it has comments or trailing commas');
    expect(r.stdout).toContain('"yaml.schemas": {"./node_modules/cxas-eval/schemas/config.schema.json"');
    for (const f of ['cxas-eval.config.yaml', 'specs/first.yaml', '.github/workflows/cxas-eval.yml', '.gitignore'])
      expect(exists(f), f).toBe(true);
    expect(await readFile(path.join(project.dir, '.vscode/settings.json'), 'utf8')).toBe(jsonc);
  });

  it('reads the entries once added by hand', async () => {
    const schemas = (await cli('init')).stdout.match(/"yaml\.schemas": (\{.*\}) to it yourself/)![1]!;
    await writeFile(
      path.join(project.dir, '.vscode/settings.json'),
      `{\n  // mine\n  "yaml.schemas": ${schemas},\n}\n`,
    );
    const r = await cli('init');
    expect(r.stdout).toContain('  kept    .vscode/settings.json');
  });
});

describe('init beside the editor settings an earlier init wrote', async () => {
  const SPEC_SCHEMA = './node_modules/cxas-eval/schemas/spec.schema.json';
  const earlier = (specGlobs: string[]) => ({
    'editor.tabSize': 2,
    'yaml.schemas': {
      [SPEC_SCHEMA]: specGlobs,
      './node_modules/cxas-eval/schemas/config.schema.json': ['cxas-eval.config.yaml', 'cxas-eval.config.yml'],
      './node_modules/cxas-eval/schemas/emulator-app.schema.json': ['emulator/**/*.yaml'],
      './mine.json': ['other/*.yaml'],
    },
  });

  it('takes out its old specs/** mapping, as written, and keeps the rest', async () => {
    const project = await tempProject({
      '.vscode/settings.json': JSON.stringify(earlier(['specs/**/*.yaml', 'specs/**/*.yml'])),
    });
    try {
      const r = await runCli(['init'], { cwd: project.dir });
      expect(r.stdout).toContain('  updated .vscode/settings.json');
      const now = JSON.parse(await readFile(path.join(project.dir, '.vscode/settings.json'), 'utf8')) as {
        'yaml.schemas': Record<string, string[]>;
      };
      const { [SPEC_SCHEMA]: _gone, ...rest } = earlier([])['yaml.schemas'];
      expect(now).toEqual({ 'editor.tabSize': 2, 'yaml.schemas': rest });
    } finally {
      await project.cleanup();
    }
  });

  it('keeps a spec mapping the user changed; says what to remove in a file with comments', async () => {
    const project = await tempProject({
      '.vscode/settings.json': JSON.stringify(earlier(['specs/*.spec.yaml'])),
      'commented/.vscode/settings.json': `// mine\n${JSON.stringify(earlier(['specs/**/*.yaml', 'specs/**/*.yml']))}`,
    });
    try {
      const changed = await runCli(['init'], { cwd: project.dir });
      expect(changed.stdout).toContain('  kept    .vscode/settings.json');
      const commented = await runCli(['init', 'commented'], { cwd: project.dir });
      expect(commented.stdout).toContain(
        '  by hand .vscode/settings.json: it has comments or trailing commas, which init would not keep: ' +
          `remove its yaml.schemas entry "${SPEC_SCHEMA}" (specs name their schema in their first line) yourself`,
      );
    } finally {
      await project.cleanup();
    }
  });
});

describe('init cut short', async () => {
  // A file where the workflow's folder goes: writing the workflow fails.
  const project = await tempProject({ '.github': 'not a folder' });
  afterAll(() => project.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir });

  it('writes no config, so the next init completes the scaffold', async () => {
    const cut = await cli('init');
    expect(cut.code).not.toBe(0);
    expect(existsSync(path.join(project.dir, 'cxas-eval.config.yaml'))).toBe(false);
    await rm(path.join(project.dir, '.github'));
    const again = await cli('init');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('not re-created');
    expect(again.stdout).toContain('  created .github/workflows/cxas-eval.yml');
    expect(again.stdout).toContain('  created cxas-eval.config.yaml');
  });
});
