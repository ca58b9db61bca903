// The baseline for runner overhead: the project's own client making the same calls (fresh
// session per conversation, turns in order) at the same concurrency, with nothing else.
import pLimit from 'p-limit';
import { Sessions } from '../../dist/client/sessions.js';

const [address, appName, conversations, turns, concurrency] = process.argv.slice(2);
const sessions = new Sessions({ appName, endpoint: address, insecure: true });
const limit = pLimit(Number(concurrency));
let errors = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: Number(conversations) }, () =>
    limit(async () => {
      const sessionId = sessions.createSessionId();
      for (let i = 1; i <= Number(turns); i++) {
        try {
          await sessions.run({ sessionId, text: `message ${i}`, timeoutMs: 30_000 });
        } catch {
          errors += 1;
        }
      }
    }),
  ),
);
const ms = performance.now() - t0;
sessions.close();
process.stdout.write(JSON.stringify({ ms, errors }) + '\n');
