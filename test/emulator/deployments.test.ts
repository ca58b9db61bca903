// The emulator and config.deployment: it serves the deployments its app file declares (each with the
// same agents: it has one version of the app) and answers NOT_FOUND for any other, of its app or of
// another, instead of pretending; and an image input of a type CES does not take is INVALID_ARGUMENT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { loadAppDefinition, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { APP, connect, DEMO_APP, expectGrpcError, newSession, texts, turn, type Clients } from './helpers.js';

let declared: RunningEmulator;
let plain: RunningEmulator;
let withDeployments: Clients;
let demo: Clients;

beforeAll(async () => {
  // The loaded demo holds its transcripts file's entries already: the copy needs no file.
  const { transcriptsFile: _file, ...app } = await loadAppDefinition(DEMO_APP);
  declared = await startEmulator({ app: { ...app, deployments: ['prod', 'canary'] } });
  plain = await startEmulator({ app: DEMO_APP });
  withDeployments = connect(declared.address);
  demo = connect(plain.address);
});
afterAll(async () => {
  withDeployments?.close();
  demo?.close();
  await declared?.stop();
  await plain?.stop();
});

const welcome = [{ event: { event: 'welcome' } }];
const WELCOME = 'Welcome to Cymbal support! Please enter your PIN followed by #.';

describe('config.deployment', () => {
  it('a deployment the app file declares serves the app', async () => {
    const out = await turn(withDeployments, newSession(), welcome, { deployment: `${APP}/deployments/canary` });
    expect(texts(out)).toEqual([WELCOME]);
  });

  it('NOT_FOUND for a deployment the app file does not declare, or declares none', async () => {
    const undeclared = await expectGrpcError(
      turn(withDeployments, newSession(), welcome, { deployment: `${APP}/deployments/nope` }),
    );
    expect([undeclared.code, undeclared.details]).toEqual([
      status.NOT_FOUND,
      `config.deployment: deployment "nope" not found in app "${APP}" (the app file declares deployments: ` +
        'prod, canary; list it under deployments: to serve it with the same agents)',
    ]);
    const none = await expectGrpcError(turn(demo, newSession(), welcome, { deployment: `${APP}/deployments/prod` }));
    expect(none.code).toBe(status.NOT_FOUND);
    expect(none.details).toContain('the app file declares no deployments');
  });

  it("NOT_FOUND for another app's deployment", async () => {
    const other = 'projects/other/locations/us/apps/zzz/deployments/prod';
    const err = await expectGrpcError(turn(withDeployments, newSession(), welcome, { deployment: other }));
    expect([err.code, err.details]).toEqual([
      status.NOT_FOUND,
      `config.deployment: deployment "${other}" does not belong to app "${APP}"`,
    ]);
  });
});

describe('image inputs', () => {
  it('take image/png, image/jpeg and image/webp only (Image.mime_type); a blob takes any type', async () => {
    const data = Buffer.from([1, 2, 3]).toString('base64');
    for (const mimeType of ['image/png', 'image/jpeg', 'image/webp'])
      expect(texts(await turn(demo, newSession(), [{ image: { mimeType, data } }])).length).toBeGreaterThan(0);
    for (const mimeType of ['image/gif', 'application/pdf']) {
      const err = await expectGrpcError(turn(demo, newSession(), [{ image: { mimeType, data } }]));
      expect([err.code, err.details]).toEqual([
        status.INVALID_ARGUMENT,
        `inputs[0].image.mimeType: "${mimeType}" is not a supported image type (image/png, image/jpeg, image/webp)`,
      ]);
    }
    expect(texts(await turn(demo, newSession(), [{ blob: { mimeType: 'application/pdf', data } }])).length).toBe(1);
  });
});
