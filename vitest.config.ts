import * as path from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import { bundlePageScript, PAGE_MODULE, pageScriptModule } from './scripts/bundle-page.mjs';

/**
 * Tests import src/, where the HTML page's bundled script (src/reporters/html/page-script.js) does not
 * exist: `npm run build` writes it to dist/ only. This builds it on import, from the page's current
 * sources, with the build's own function: a test never renders a stale script, and needs no build.
 */
function pageScript(): Plugin {
  const generated = path.resolve('src', PAGE_MODULE);
  return {
    name: 'cxas-eval:page-script',
    enforce: 'pre',
    resolveId(source, importer) {
      return importer && path.resolve(path.dirname(importer), source) === generated ? generated : null;
    },
    async load(id) {
      if (id !== generated) return null;
      const { code, files } = await bundlePageScript();
      for (const file of files) this.addWatchFile(file);
      return pageScriptModule(code);
    },
  };
}

export default defineConfig({
  plugins: [pageScript()],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/temp-root.global.ts'],
    // Loopback servers and a real Chromium make some files slow on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
