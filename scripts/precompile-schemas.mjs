// `npm run build`, after tsc: generates dist/validation/precompiled/*.cjs, the standalone ajv
// validators that let a valid spec/config/app skip compiling its schema at run time
// (see src/validation/README.md). The generator is compiled TypeScript, so tests use the same code.
import { fileURLToPath } from 'node:url';
import { precompileSchemas } from '../dist/validation/precompile.js';

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));

const started = performance.now();
const written = await precompileSchemas(root('schemas'), root('dist/validation/precompiled'));
console.log(`precompiled ${written.length} schemas in ${Math.round(performance.now() - started)} ms`);
