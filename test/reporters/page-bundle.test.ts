// The HTML page's script is bundled at build time (scripts/bundle-page.mjs): one IIFE that can sit in
// the page's inline <script>, or the build fails.
import { describe, expect, it } from 'vitest';
import { bundlePageScript, PAGE_ENTRY, pageScriptModule } from '../../scripts/bundle-page.mjs';
import { renderHtml } from '../../src/reporters/html/render.js';
import { tempProject } from '../helpers/cli.js';
import { buildRunResult } from './fixture.js';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true } });

/** A project whose page script sets the title to `text`. */
function pageProject(text: string): ReturnType<typeof tempProject> {
  return tempProject({ [PAGE_ENTRY]: `document.title = ${JSON.stringify(text)};\n`, 'tsconfig.page.json': TSCONFIG });
}

describe('page script bundle', () => {
  it("is the page's one script, its modules inlined, strict", async () => {
    const { code, files } = await bundlePageScript();
    expect(code.startsWith('"use strict";')).toBe(true);
    expect(code).not.toMatch(/^\s*import\s|\brequire\(/m);
    expect(files.some((f) => f.endsWith('page/review.ts'))).toBe(true);
    const page = renderHtml(buildRunResult());
    expect(page.split('<script>').length).toBe(2);
    expect(page).toContain(`<script>${code}</script>`);
  });

  // rolldown writes `</script` as `<\/script` itself; what it leaves alone fails the build.
  it.each([['<!-- x'], ['<SCRIPT src=x>']])('fails when the code holds %s', async (breaker) => {
    const project = await pageProject(breaker);
    try {
      await expect(bundlePageScript(project.dir)).rejects.toThrow(`${PAGE_ENTRY}: the bundled page script contains`);
    } finally {
      await project.cleanup();
    }
  });

  it('never holds </script, which rolldown escapes', async () => {
    const project = await pageProject('</script>');
    try {
      const { code } = await bundlePageScript(project.dir);
      expect(code).toContain('document.title = "<\\/script>"');
    } finally {
      await project.cleanup();
    }
  });

  it('is written as a module exporting the string', async () => {
    const source = pageScriptModule('alert("\\u2028")');
    const url = `data:text/javascript,${encodeURIComponent(source)}`;
    const loaded = (await import(url)) as { HTML_PAGE_SCRIPT: string };
    expect(loaded.HTML_PAGE_SCRIPT).toBe('alert("\\u2028")');
  });
});
