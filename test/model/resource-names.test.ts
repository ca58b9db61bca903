import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_NAME } from '../../src/model/resource-names.js';
import { ROOT } from '../helpers/cli.js';

describe('APP_NAME', () => {
  it("is the pattern of every schema's app, so an editor and the client agree on an app name", () => {
    for (const schema of ['config', 'spec', 'emulator-app']) {
      const file = path.join(ROOT, 'schemas', `${schema}.schema.json`);
      const { properties } = JSON.parse(readFileSync(file, 'utf8')) as { properties: { app: { pattern: string } } };
      expect(new RegExp(properties.app.pattern).source, schema).toBe(APP_NAME.source);
    }
  });

  it('takes a full app name and nothing longer or shorter', () => {
    expect(APP_NAME.test('projects/p/locations/us/apps/a')).toBe(true);
    for (const bad of ['my-app', 'projects/p/locations/us/apps/a/extra', 'projects/p/locations/us/apps/'])
      expect(APP_NAME.test(bad), bad).toBe(false);
  });
});
