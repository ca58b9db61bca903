// Start-up: the emulator serves v1 and v1beta, SessionService and AgentService, yet reads no part of
// the protos until a call needs it, and a text run over v1 reads SessionService's part alone.
import { describe, expect, it } from 'vitest';
import { protoRegistry } from '../../src/client/proto/registry.js';
import { Sessions } from '../../src/client/sessions.js';
import { startEmulator } from '../../src/emulator/index.js';
import { APP, DEMO_APP } from './helpers.js';

describe('protos in an emulator process', () => {
  it('are read part by part, as calls need them', async () => {
    const registry = protoRegistry();
    const emu = await startEmulator({ app: DEMO_APP });
    const sessions = new Sessions({ appName: APP, endpoint: emu.address, insecure: true });
    try {
      expect(registry.loadedParts()).toEqual([]);
      const reply = await sessions.run({ sessionId: sessions.createSessionId(), text: 'plan' });
      expect(sessions.getStructuredResponse(reply).payloads).toHaveLength(1);
      expect(registry.loadedParts()).toEqual(['base', 'v1']);
      await sessions.listConversations({ pageSize: 1 });
      expect(registry.loadedParts()).toEqual(['base', 'v1', 'v1-agent']);
    } finally {
      sessions.close();
      await emu.stop();
    }
  });
});
