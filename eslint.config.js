// Lint rules, including the import boundaries of docs/architecture.md ("Boundaries").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

// Every src/ folder is one element. A folder may import only the folders listed for it below
// (an allow-list: anything unlisted, including a new folder, is an error), and only through the
// other folder's entry file, index.ts. src/model is the exception: it is the shared vocabulary of
// plain types, so each of its files is public. The emulator's one door into the client is
// src/client/proto/index.ts (proto loading and proto3 JSON), never the client itself.
const FOLDERS = [
  'model',
  'validation',
  'audio',
  'assertions',
  'client',
  'emulator',
  'reporters',
  'runner',
  'judge',
  'platform',
  'compare',
  'library',
  'cli',
];
const ELEMENTS = [
  ...FOLDERS.map((type) => ({ type, pattern: `src/${type}` })),
  // Shared test fixtures (test/), which unit tests next to the code may use.
  { type: 'test-helpers', pattern: 'test' },
  // Last, so that it holds only the files directly in src/: index.ts (the package API) and package-root.ts.
  { type: 'root', pattern: 'src' },
];

/** A folder reached through its entry file (the whole public surface of that folder). */
const entry = (type) => ({ to: { element: { type, fileInternalPath: 'index.ts' } } });
const model = { to: { element: { type: 'model' } } };
// Where the package lives and the files it ships (schemas/, specs/, package.json); imports nothing.
const packageRoot = { to: { element: { type: 'root', fileInternalPath: 'package-root.ts' } } };
const clientProto = { to: { element: { type: 'client', fileInternalPath: 'proto/index.ts' } } };
// The emulator's light entry: app files read and checked without the servers (fast `validate`).
const emulatorDefinition = { to: { element: { type: 'emulator', fileInternalPath: 'definition.ts' } } };

/**
 * The folders the CLI (and the package entry) may import through their index.ts: all but the model
 * (imported freely), assertions (the entry adds them) and the CLI itself.
 */
const CLI_IMPORTS = FOLDERS.filter((type) => !['model', 'assertions', 'cli'].includes(type));

/** What each folder may import (docs/architecture.md explains why). */
const ALLOWED = {
  model: [],
  validation: [model],
  audio: [model],
  assertions: [model],
  reporters: [model, packageRoot],
  client: [model, packageRoot, entry('audio')],
  emulator: [model, packageRoot, entry('validation'), entry('audio'), clientProto],
  judge: [model, packageRoot, entry('validation')],
  runner: [model, packageRoot, ...['validation', 'assertions', 'client', 'audio', 'judge'].map(entry)],
  platform: [model, entry('client')],
  // Pure statistics over results: no I/O, nothing but the model.
  compare: [model],
  // The library's run: what `cxas-eval run` does, as a function (everything but the CLI).
  library: [
    model,
    packageRoot,
    ...['validation', 'client', 'emulator', 'reporters', 'runner', 'judge', 'platform', 'compare'].map(entry),
  ],
  cli: [model, packageRoot, ...CLI_IMPORTS.map(entry), emulatorDefinition],
  // The package entry re-exports what the CLI uses, and the matchers.
  root: [model, ...[...CLI_IMPORTS, 'assertions'].map(entry), clientProto],
};

/** Modules that do I/O, which src/assertions (pure functions of a result) may not import. */
const IO_MODULES = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  '@grpc/grpc-js',
  'ws',
];

const boundaryRules = {
  files: ['src/**/*.ts'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': ELEMENTS,
    'boundaries/dependency-nodes': ['import', 'dynamic-import', 'export'],
    'import/resolver': { typescript: { alwaysTryTypes: true, project: './tsconfig.json' } },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        checkUnknownLocals: true,
        checkAllOrigins: true, // so that the I/O modules below are checked too; packages are allowed first
        message:
          'src/{{from.element.type}} may not import {{to.element.path}}/{{to.element.fileInternalPath}}: ' +
          'each folder imports only the folders allowed for it in eslint.config.js, through their index.ts',
        policies: [
          { allow: { to: { module: { origin: ['external', 'core'] } } } },
          ...Object.entries(ALLOWED)
            .filter(([, allow]) => allow.length)
            .map(([type, allow]) => ({
              // Of the files directly in src/, only index.ts (the package API) imports other folders.
              from: { element: { type, ...(type === 'root' && { fileInternalPath: 'index.ts' }) } },
              allow,
            })),
          { from: { file: { path: '**/*.test.ts' } }, allow: { to: { element: { type: 'test-helpers' } } } },
          {
            from: { element: { type: 'assertions' } },
            disallow: { to: { module: { source: IO_MODULES } } },
            message:
              'src/assertions is pure: it sees only the domain model (src/model), no I/O ({{to.module.source}}).',
          },
          {
            from: { element: { type: 'compare' } },
            disallow: { to: { module: { source: IO_MODULES } } },
            message: 'src/compare is pure statistics over results: no I/O ({{to.module.source}}).',
          },
        ],
      },
    ],
    'boundaries/no-unknown-files': 'error',
  },
};

const exitRule = {
  'no-restricted-properties': [
    'error',
    {
      object: 'process',
      property: 'exit',
      message: 'Only src/cli may call process.exit: return an exit code instead.',
    },
  ],
};

// finalizeRun (src/model/finalize.ts) is the one builder of a final RunResult: nothing else writes a
// RunResult literal (each carries `schemaVersion`; tests may). Its verdict fields are read-only in the type.
const oneRunResultBuilder = {
  files: ['src/**/*.ts'],
  ignores: ['src/model/finalize.ts', 'src/**/*.test.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: "Property[key.name='schemaVersion']",
        message: 'Only finalizeRun (src/model/finalize.ts) builds a RunResult: call it instead of writing one.',
      },
    ],
  },
};

// The HTML report's page script (src/reporters/html/page, bundled into report.html by scripts/bundle-page.mjs)
// runs in the browser: from outside its folder it takes types only, and the one shared module it bundles
// (src/reporters/transcript-line.ts) takes types only too, so no Node module, library or server-side code
// is bundled into the page.
const typesOnly = (regex, message) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex, allowTypeImports: true, message }] }],
});
const pageScript = [
  {
    files: ['src/reporters/html/page/**/*.ts'],
    rules: typesOnly(
      '^(?!\\./|\\.\\./\\.\\./transcript-line\\.js$)',
      'The page script imports its own folder and ../../transcript-line.js; from elsewhere, `import type` only.',
    ),
  },
  {
    files: ['src/reporters/transcript-line.ts'],
    rules: typesOnly('.', 'The HTML page bundles this file for the browser: `import type` only.'),
  },
];

// Prettier wraps code at 120 columns but leaves long strings, template literals, comments and
// regular expressions alone; this holds them to the same width (scripts/gen-types.mjs wraps the
// comments it generates). What cannot be wrapped is exempt: URLs and a single long import.
const lineLength = {
  files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
  rules: { 'max-len': ['error', { code: 120, ignoreUrls: true, ignorePattern: '^import\\s' }] },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
        globalThis: 'readonly',
        document: 'readonly',
        window: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**'], rules: exitRule },
  boundaryRules,
  oneRunResultBuilder,
  ...pageScript,
  lineLength,
);
