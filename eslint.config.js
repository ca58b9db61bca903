// Lint rules, including the import boundaries of DESIGN.md "Layout".
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Forbid importing the listed src/ folders from files in `files`. */
function boundary(files, forbidden, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: forbidden, message }],
      }],
    },
  };
}

const exitRule = {
  'no-restricted-properties': ['error', {
    object: 'process', property: 'exit',
    message: 'Only src/cli may call process.exit: return an exit code instead.',
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', performance: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly', globalThis: 'readonly', document: 'readonly', window: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**'], rules: exitRule },
  boundary(['src/model/**/*.ts'],
    ['**/client/**', '**/emulator/**', '**/runner/**', '**/assertions/**', '**/reporters/**', '**/cli/**'],
    'src/model holds plain types and pure helpers only.'),
  boundary(['src/client/**/*.ts'],
    ['**/runner/**', '**/assertions/**', '**/reporters/**', '**/emulator/**', '**/cli/**'],
    'src/client imports nothing from runner, assertions, reporters, emulator or cli.'),
  boundary(['src/assertions/**/*.ts'],
    ['**/client/**', '**/emulator/**', '**/runner/**', '**/reporters/**', '**/cli/**', 'node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'node:child_process', '@grpc/*', 'ws'],
    'src/assertions is pure: it sees only the domain model (src/model), no I/O.'),
  boundary(['src/reporters/**/*.ts'],
    ['**/client/**', '**/emulator/**', '**/runner/**', '**/assertions/**', '**/cli/**'],
    'src/reporters depend only on the result model (src/model).'),
  boundary(['src/emulator/**/*.ts'],
    ['**/client/!(proto)/**', '**/client/*.js', '**/runner/**', '**/assertions/**', '**/reporters/**', '**/cli/**'],
    'src/emulator shares proto loading (src/client/proto) and audio processing (src/audio) with the client, and nothing else.'),
  boundary(['src/audio/**/*.ts'],
    ['**/client/**', '**/emulator/**', '**/runner/**', '**/assertions/**', '**/reporters/**', '**/cli/**', '**/validation/**'],
    'src/audio is standalone audio processing shared by client and emulator; it knows only src/model.'),
  boundary(['src/validation/**/*.ts'],
    ['**/client/**', '**/emulator/**', '**/runner/**', '**/assertions/**', '**/reporters/**', '**/cli/**'],
    'src/validation is the generic YAML + JSON Schema layer; it knows only src/model.'),
  boundary(['src/judge/**/*.ts'],
    ['**/client/**', '**/emulator/**', '**/runner/**', '**/assertions/**', '**/reporters/**', '**/cli/**'],
    'src/judge (LLM calls) knows only src/model and src/validation; the runner and the CLI use it.'),
  boundary(['src/runner/**/*.ts'],
    ['**/reporters/**', '**/cli/**', '**/emulator/**'],
    'src/runner does not import reporters, cli or emulator (the CLI wires the emulator in).'),
);
