#!/usr/bin/env node
// The cxas-eval binary (package.json `bin`, bundled to dist/bin/cxas-eval.js). It only turns the
// compile cache on and then loads the command, so that everything the command loads is compiled
// through the cache (compile-cache.ts; issue 33).
import { enableCompileCache } from './compile-cache.js';

// The subcommand names the cache's set: what each command runs differs (compile-cache.ts).
enableCompileCache(process.argv[2]);
void import('./main.js').then(({ main }) => main(process.argv));
