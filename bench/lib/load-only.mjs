// Loads the code a command loaded, and does nothing else: `node load-only.mjs <bin> <set> <list>`.
// bench/startup.mjs times it beside the command to split the command's start-up into loading its
// code and doing its work. <list> holds the files (absolute paths, in load order) that the
// command's process had in Node's module cache at exit; <set> names the compile-cache set to use.
//
// The bundle's chunks take their module helpers from the bin (`require("./cxas-eval.js")`), whose
// last statements start the CLI. So the bin's text is compiled here without them, with its
// `enableCompileCache` exported, and stands in the module cache under the bin's own path: the chunks
// then load exactly as in the command, through the same compile cache.
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const [bin, set, listFile] = process.argv.slice(2);
if (!bin || !set || !listFile) throw new Error('usage: load-only.mjs <bin> <compile-cache set> <list of files>');

const START = /^enableCompileCache\(process\.argv\[2\]\);\n(.*main\(process\.argv\)\);\n)/m;
const text = readFileSync(bin, 'utf8');
if (!START.test(text))
  throw new Error(`${bin}: the statements that start the CLI were not found; update ${import.meta.filename}`);
const stand = new Module(bin);
stand.filename = bin;
stand.paths = Module._nodeModulePaths(path.dirname(bin));
stand._compile(`${text.replace(START, '')}\nexports.enableCompileCache = enableCompileCache;\n`, bin);
stand.loaded = true;
Module._cache[bin] = stand;
stand.exports.enableCompileCache(set);

const files = readFileSync(listFile, 'utf8')
  .split('\n')
  // Not the bin (it stands in the cache already) nor the preload that made the list.
  .filter((file) => file !== '' && file !== bin && path.dirname(file) !== import.meta.dirname);
const require = createRequire(bin);
for (const file of files) require(file);
