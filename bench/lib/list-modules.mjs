// A preload (`node --import list-modules.mjs ...`): at exit, writes the files in Node's CommonJS
// module cache, in load order, one per line, to $LOADED_LIST (bench/startup.mjs, load-only.mjs).
import Module from 'node:module';
import { writeFileSync } from 'node:fs';

process.on('exit', () => writeFileSync(process.env.LOADED_LIST, `${Object.keys(Module._cache).join('\n')}\n`));
