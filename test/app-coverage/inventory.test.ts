// The app's inventory over real gRPC: the emulator serves AgentService's list methods from its YAML
// (v1 and v1beta, paged) and Sessions.getAppInventory reads them; the same app file read offline
// gives the same inventory. Exact, item by item, on the demo app and the coverage fixture app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryFromResources, Sessions } from '../../src/client/index.js';
import { appResourcesOf, loadAppDefinition, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { AppInventory } from '../../src/model/inventory.js';
import { DEMO_APP } from '../helpers/cli.js';
import { FIXTURE_APP } from './helpers.js';

const DEMO = 'projects/demo/locations/us/apps/cymbal-support';
const TRAVEL = 'projects/test/locations/us/apps/travel-desk';

const demoInventory: Omit<AppInventory, 'source'> = {
  app: DEMO,
  agents: [
    {
      id: 'root_agent',
      displayName: 'Cymbal support',
      resource: `${DEMO}/agents/root_agent`,
      transfersTo: ['billing_agent'],
    },
    {
      id: 'billing_agent',
      displayName: 'Billing',
      resource: `${DEMO}/agents/billing_agent`,
      transfersTo: ['root_agent'],
    },
  ],
  tools: [
    {
      id: 'lookup_account',
      displayName: 'Lookup account',
      resource: `${DEMO}/tools/lookup_account`,
      origin: 'server',
    },
    { id: 'open_ticket', displayName: 'Open ticket', resource: `${DEMO}/tools/open_ticket`, origin: 'client' },
  ],
  toolsets: [],
  variables: ['account_id', 'authenticated', 'customer_tier', 'pin'],
  guardrails: [],
};

const agent = (id: string, transfersTo: string[], displayName = id) => ({
  id,
  displayName,
  resource: `${TRAVEL}/agents/${id}`,
  transfersTo,
});
const tool = (id: string, origin: 'server' | 'client', displayName = id) => ({
  id,
  displayName,
  resource: `${TRAVEL}/tools/${id}`,
  origin,
});

const travelInventory: Omit<AppInventory, 'source'> = {
  app: TRAVEL,
  agents: [
    agent('front_desk', ['flights', 'hotels', 'complaints'], 'Front desk'),
    agent('flights', ['front_desk']),
    agent('hotels', ['front_desk']),
    agent('complaints', []),
  ],
  tools: [
    tool('search_flights', 'server', 'Search flights'),
    tool('book_flight', 'server'),
    tool('search_hotels', 'server'),
    tool('cancel_booking', 'client'),
    tool('get_weather', 'server'),
  ],
  toolsets: [],
  variables: ['traveler', 'loyalty_tier', 'destination', 'booking_ref', 'hotel_city'],
  guardrails: [],
};

async function offline(file: string): Promise<AppInventory> {
  const app = await loadAppDefinition(file);
  return inventoryFromResources(appResourcesOf(app), app.app, 'emulator-file');
}

describe.each([
  { name: 'demo app', file: DEMO_APP, expected: demoInventory },
  { name: 'coverage fixture app', file: FIXTURE_APP, expected: travelInventory },
])('inventory of the $name', ({ file, expected }) => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ app: file });
  });
  afterAll(() => emulator?.stop());

  const client = (apiVersion: 'v1' | 'v1beta', appName = emulator.appName) =>
    new Sessions({ appName, endpoint: emulator.address, insecure: true, apiVersion });

  it.each(['v1', 'v1beta'] as const)('is listed item by item over %s gRPC, every page read', async (version) => {
    const sessions = client(version);
    try {
      expect(await sessions.getAppInventory()).toEqual({ ...expected, source: 'agent-service' });
      // One item per page: the client follows nextPageToken to the end.
      expect(await sessions.getAppInventory({ pageSize: 1 })).toEqual({ ...expected, source: 'agent-service' });
    } finally {
      sessions.close();
    }
  });

  it('is the same read offline from the app file', async () => {
    expect(await offline(file)).toEqual({ ...expected, source: 'emulator-file' });
  });

  it('is NOT_FOUND for another app, with the app named', async () => {
    const sessions = client('v1', 'projects/x/locations/us/apps/other');
    try {
      await expect(sessions.getAppInventory()).rejects.toThrow(/not found.*this emulator serves/);
    } finally {
      sessions.close();
    }
  });
});
