// The files `cxas-eval init` writes. Schema paths point into node_modules/cxas-eval/schemas (the
// package ships them), so editors validate and complete specs without copying anything.
const PKG = 'node_modules/cxas-eval';

export const CONFIG_FILE = `# yaml-language-server: $schema=${PKG}/schemas/config.schema.json
#
# cxas-eval settings; command-line flags override them. With no \`app\` (here, --app or CXAS_APP),
# runs play the bundled demo emulator ("Cymbal support"), so this works before any setup.
# app: projects/my-proj/locations/us/apps/my-app
specs: [specs]
concurrency: 8
retries: 2
timeoutMs: 30000
reporters: [list, json, junit, html, github]
outputDir: reports
goldensDir: goldens        # recorded with --update-goldens; commit them and review changes like code
golden: { text: normalized } # compare every conversation with its golden: one without a golden fails
`;

export const FIRST_SPEC = `# yaml-language-server: $schema=../${PKG}/schemas/spec.schema.json
# (The line above gives editors the spec schema: start each spec file with it, one more ../ per
# folder below specs/. Data files, fragments and cxas-scrapi files next to specs go without it.)
#
# A first spec, written against the demo app that ships with cxas-eval (${PKG}/specs/demo/app.yaml).
# Run it: npx cxas-eval run      Check it without running: npx cxas-eval validate
# Then set \`app:\` in cxas-eval.config.yaml and write conversations for your own agent.
conversations:
  - name: welcome and PIN authentication
    tags: [smoke]
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
      - dtmf: "1234#"
        expect:
          - text: { matches: "/verified/i" }
          - variables: { authenticated: true }

  - name: billing questions go to the billing agent
    turns:
      - user: I need help with billing
        expect:
          - transfer: billing_agent

  - name: a ticket through a client-side tool
    toolFakes:                     # answers the agent's client-side tool calls
      - tool: open_ticket
        respond: { ticket_id: T-1 }
    turns:
      - user: Please open a ticket, my internet is down
        expect:
          - toolCall: { name: open_ticket, args: { priority: high } }
          - text: { equals: "Ticket T-1 is open." }
`;

/** The entries earlier inits wrote that init now takes out again, when they are still as written. */
export const RETIRED_YAML_SCHEMAS: Record<string, string[]> = {
  [`./${PKG}/schemas/spec.schema.json`]: ['specs/**/*.yaml', 'specs/**/*.yml'],
};

/**
 * yaml.schemas of the Red Hat YAML extension: schema → the files it validates. Not spec files: a
 * spec folder also holds `each:` data files, included fragments and cxas-scrapi files, which the
 * spec schema would flag; a spec names its schema in its own `# yaml-language-server: $schema=`
 * line, as FIRST_SPEC does.
 */
export const YAML_SCHEMAS: Record<string, string[]> = {
  [`./${PKG}/schemas/config.schema.json`]: ['cxas-eval.config.yaml', 'cxas-eval.config.yml'],
  [`./${PKG}/schemas/emulator-app.schema.json`]: ['emulator/**/*.yaml'],
};

// The report job's merge step, one line in the workflow.
const MERGE_SHARDS =
  'npx cxas-eval merge-reports reports/cxas-eval-shard-* --output-dir reports/merged' +
  ' --reporter json,junit,html,github';

// Two shards to start with: raise the count as the suite grows (a shard sharding leaves empty passes).
export const WORKFLOW = `# cxas-eval in GitHub Actions: the suite in parallel shards, then one merged report.
name: cxas-eval
on: [push, pull_request]

jobs:
  evals:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        shard: [1, 2]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - run: npm ci
      # Against a real app, give credentials, e.g. CXAS_OAUTH_TOKEN or GOOGLE_APPLICATION_CREDENTIALS.
      # Every conversation is compared with its golden (config golden:): record them locally with
      # npx cxas-eval run --update-goldens and commit goldens/, or a conversation without one fails.
      - run: npx cxas-eval run --shard \${{ matrix.shard }}/2 --output-dir reports/shard-\${{ matrix.shard }}
      - uses: actions/upload-artifact@v4
        if: \${{ !cancelled() }}
        with:
          name: cxas-eval-shard-\${{ matrix.shard }}
          path: reports/shard-\${{ matrix.shard }}

  report:
    needs: evals
    if: \${{ !cancelled() }}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - run: npm ci
      - uses: actions/download-artifact@v4
        with:
          pattern: cxas-eval-shard-*
          path: reports
      - run: ${MERGE_SHARDS}
      - uses: actions/upload-artifact@v4
        if: \${{ !cancelled() }}
        with:
          name: cxas-eval-report
          path: reports/merged
`;

// Reports, installed packages and the tool's local state (.cxas-eval/: caches, run history).
export const GITIGNORE_LINES = ['/reports/', 'node_modules/', '.cxas-eval/'];
