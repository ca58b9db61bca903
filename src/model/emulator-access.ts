// What counts as "this machine" and the token an emulator reachable beyond it asks for. One
// definition for both sides: the CLI refuses to serve an open emulator off loopback, and the
// client refuses to send Google credentials over plaintext to a host that is not loopback.

/** The environment variable holding an emulator's bearer token (`emulator --token`). */
export const CXAS_EMULATOR_TOKEN = 'CXAS_EMULATOR_TOKEN';

/** `localhost`, `::1` (bracketed or not) or any 127.x.y.z address. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}
