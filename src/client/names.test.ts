import { describe, expect, it } from 'vitest';
import { assertAppName, childName, locationOf, newSessionId, sessionName } from './names.js';
import { CesInputError } from './errors.js';

const APP = 'projects/p/locations/us/apps/a';

describe('resource names', () => {
  it('createSessionId gives ids that satisfy the API rule, all different', () => {
    const ids = Array.from({ length: 50 }, newSessionId);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_-]{4,62}$/);
    expect(new Set(ids).size).toBe(50);
  });

  it('sessionName accepts a bare id or a full name of the same app only', () => {
    expect(sessionName(APP, 'abcde')).toBe(`${APP}/sessions/abcde`);
    expect(sessionName(APP, `${APP}/sessions/abcde`)).toBe(`${APP}/sessions/abcde`);
    expect(() => sessionName(APP, 'projects/p/locations/us/apps/other/sessions/abcde')).toThrow(
      new CesInputError(`session "projects/p/locations/us/apps/other/sessions/abcde" is not a session of app ${APP}`),
    );
    expect(() => sessionName(APP, 'abc')).toThrow(CesInputError);
  });

  it('childName resolves bare ids and checks full names', () => {
    expect(childName(APP, 'deployments', 'prod', 'deploymentId')).toBe(`${APP}/deployments/prod`);
    expect(childName(APP, 'agents', `${APP}/agents/x`, 'entryAgent')).toBe(`${APP}/agents/x`);
    expect(() => childName(APP, 'agents', `${APP}/tools/x`, 'entryAgent')).toThrow(
      `entryAgent "${APP}/tools/x" is malformed: expected a bare id or projects/{p}/locations/{l}/apps/{a}/agents/{id}`,
    );
  });

  it('app names are checked and their location read', () => {
    expect(assertAppName(APP)).toBe(APP);
    expect(locationOf(APP)).toBe('us');
    expect(() => assertAppName('projects/p/locations/us/apps/a/extra')).toThrow(CesInputError);
  });
});
