// Worker-thread entry of parallel.ts: loads the files it is sent and posts the plain result.
import { parentPort } from 'node:worker_threads';
import { loadFileList, toPlain } from './load-files.js';

parentPort?.once('message', (job: { files: string[]; cwd: string; env: NodeJS.ProcessEnv }) => {
  void loadFileList(job.files, job.cwd, job.env).then((result) => parentPort?.postMessage(toPlain(result)));
});
