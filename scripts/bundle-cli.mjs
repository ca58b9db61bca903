// The last step of `npm run build`: bundles the CLI that tsc compiled (dist/cli/main.js) into
// dist/bin/, the package's `bin`. Loading ~250 small ES modules cost about 75 ms of every run's
// start-up (bench/runner-overhead); the bundle is a few dozen files. Modules the CLI imports
// lazily (the emulator, judge backends, platform runs...) stay lazy: they become chunks loaded
// on first use. The library entry (dist/index.js) stays tsc's tree.
//
// Packages stay external (loaded from node_modules as usual) except the pure-JS ones below, which
// the CLI loads on every run: inlining them saves their own module loading. Everything external is
// found by Node's resolution from dist/bin/, exactly as from dist/cli/.
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const require = createRequire(import.meta.url);

const root = process.env.CXAS_BUILD_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(root, 'dist/bin');
const INLINED = [
  ...['commander', 'diff', 'p-limit', 'picocolors', 'yaml', 'yocto-queue', 're2js'],
  // spec discovery (validate, run)
  ...['tinyglobby', 'fdir', 'picomatch'],
  // The transport of every run (issue 33): loading grpc-js, protobufjs and ws file by file from
  // node_modules (~140 CommonJS files, each resolved, read and scanned for its exports) cost about
  // 55 ms of CPU per run; inlined they are compiled with the chunk that needs them. They stay lazy:
  // only the client's and the emulator's chunks import them.
  ...['@grpc/grpc-js', '@js-sdsl/ordered-map', 'protobufjs', '@protobufjs/', 'long', 'ws'],
  // The JUnit report of every run: junit-report-builder's ES build with what it imports (below).
  // (make-dir's semver is a few lines of our own, below.)
  ...['junit-report-builder', 'lodash', 'xmlbuilder', 'make-dir', 'semver'],
];

/**
 * junit-report-builder's main file is a 790 kB bundle with all of lodash in it, whose set-up (lodash
 * makes its ~300 functions at load) took ~4 ms of every run for the two functions it calls. Its ES
 * build (`module`) imports its dependencies instead: it is the one inlined, and of lodash it gets
 * the own modules of the functions it calls (`_.forEach` → lodash/forEach.js), nothing else. Any
 * other use of `_` fails the build.
 */
const JUNIT_ES_BUILD = require.resolve('junit-report-builder/dist/index.es.js');
const junitReportBuilder = {
  name: 'junit-report-builder-es',
  resolveId(source, importer) {
    if (source === 'junit-report-builder') return JUNIT_ES_BUILD;
    const fromJunit = importer?.includes(`${path.sep}junit-report-builder${path.sep}`);
    if (source === 'semver' && MAKE_DIR.test(importer ?? '')) {
      makeDirFile = importer;
      return SEMVER_FOR_MAKE_DIR;
    }
    return source === 'lodash' && fromJunit ? LODASH_FOR_JUNIT : null;
  },
  async load(id) {
    if (id === SEMVER_FOR_MAKE_DIR) return semverForMakeDir();
    if (id !== LODASH_FOR_JUNIT) return null;
    const source = await readFile(JUNIT_ES_BUILD, 'utf8');
    const called = [...new Set([...source.matchAll(/\b_\.(\w+)/g)].map((m) => m[1]))];
    const uses = source.match(/(?<![\w$.])_(?![\w$])/g)?.length ?? 0;
    const asMember = source.match(/(?<![\w$.])_\.\w/g)?.length ?? 0;
    // `_` imported, then only ever `_.name`: anything else (a call, a chain) needs all of lodash.
    if (called.length === 0 || uses !== asMember + 1)
      throw new Error('junit-report-builder uses lodash other than as `_.name`: inline all of lodash instead');
    return [
      ...called.map((name) => `import ${name} from 'lodash/${name}.js';`),
      `export default { ${called.join(', ')} };`,
    ].join('\n');
  },
};
const LODASH_FOR_JUNIT = '\0lodash-for-junit-report-builder';

/**
 * make-dir (junit-report-builder's) loads all of semver, whose range parsing took ~1 ms of every run,
 * to ask one question at load: whether this Node's fs.mkdir has `recursive` (>= 10.12.0). It gets
 * that answer from a few lines instead; any other use of semver fails the build.
 */
const MAKE_DIR = /[\\/]node_modules[\\/]make-dir[\\/]index\.js$/;
const SEMVER_FOR_MAKE_DIR = '\0semver-for-make-dir';
const MAKE_DIR_RANGE = '>=10.12.0';
/** make-dir's file, as the bundler found it (the importer of `semver`). */
let makeDirFile;

async function semverForMakeDir() {
  const source = await readFile(makeDirFile, 'utf8');
  const uses = source.match(/\bsemver\.\w+\([^)]*\)/g) ?? [];
  if (uses.length !== 1 || uses[0] !== `semver.satisfies(process.version, '${MAKE_DIR_RANGE}')`)
    throw new Error(`make-dir uses semver other than to check '${MAKE_DIR_RANGE}': inline semver instead`);
  return [
    'module.exports = {',
    '  satisfies(version, range) {',
    `    if (range !== '${MAKE_DIR_RANGE}') throw new Error('semver for make-dir: unexpected range ' + range);`,
    "    const [major, minor] = version.replace(/^v/, '').split('.').map(Number);",
    '    return major > 10 || (major === 10 && minor >= 12);',
    '  },',
    '};',
  ].join('\n');
}

/** A bare specifier (a package or `node:` module), as opposed to a file of the build. */
function isPackage(id) {
  return !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('\0');
}

function isInlined(id) {
  return INLINED.some((name) => id === name || id.startsWith(name.endsWith('/') ? name : `${name}/`));
}

await rm(OUT_DIR, { recursive: true, force: true });
await build({
  // bin.ts turns the compile cache on, then loads main.ts (a chunk of its own, compiled through it).
  input: { 'cxas-eval': path.join(root, 'dist/cli/bin.js') },
  platform: 'node',
  plugins: [junitReportBuilder],
  external: (id) => isPackage(id) && !isInlined(id),
  logLevel: 'warn',
  // The CLI entry exports nothing anyone imports; needed by includeDependenciesRecursively: false.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: OUT_DIR,
    // CommonJS (dist/bin/package.json says so), because Node 20 can keep V8's code cache only for
    // scripts (src/cli/compile-cache.ts); CommonJS also loads faster than ES modules there. Node
    // >= 20.19 loads the ES-only packages left external with require() or import() alike.
    format: 'cjs',
    charset: 'ascii',
    comments: { legal: true, annotation: true, jsdoc: false },
    // require() for the packages loaded on demand (the judge's SDKs, google-auth-library): on Node
    // 20 an import() in a script compiled from V8's code cache fails ("A dynamic import callback
    // was not specified"), so the cached chunks must not contain one.
    dynamicImportInCjs: false,
    // Chunks sit next to the entry, two levels below the package root like tsc's dist/<folder>/
    // files, so the one relative lookup left (validation's precompiled validators) is the same.
    chunkFileNames: '[name]-[hash].js',
    // Left to itself, rolldown puts a small shared module in the chunk of one of its importers, and
    // whoever imports it then loads that chunk's heavy imports too: the spec recorder (src/runner/
    // record) in `chat`'s chunk made every `validate` load gRPC. Light shared code gets chunks of
    // its own (test/startup/lazy-packages.test.ts fails when a command loads what it should not).
    codeSplitting: {
      includeDependenciesRecursively: false,
      groups: [
        // The recorder without its import half (record/import.ts and from-conversation.ts need the
        // client and stay lazy, in chunks of their own).
        { name: 'record', test: /[\\/]dist[\\/]runner[\\/]record[\\/](?!import|from-conversation)/ },
        // The shared vocabulary (pure, imported everywhere) in one chunk of its own: a model module
        // placed in the client's chunk (the MIME guess, once) made every importer load gRPC.
        { name: 'model', test: /[\\/]dist[\\/]model[\\/]/ },
      ],
    },
  },
});
// The files in dist/bin are CommonJS although the package is "type": "module".
await writeFile(path.join(OUT_DIR, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
