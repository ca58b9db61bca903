// A child process's stdout and stderr gathered as text while it runs. Plain JS so bench/ can use
// it too (bench/lib/common.mjs); types in child-output.d.mts.

/** Starts gathering `child`'s output; read `stdout`/`stderr` once it has exited or closed. */
export function collectOutput(child) {
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => {
    output.stdout += d;
  });
  child.stderr.on('data', (d) => {
    output.stderr += d;
  });
  return output;
}
