// The page's script (html/page/client.ts bundled), as a string: scripts/bundle-page.mjs writes the module
// at build time (dist/reporters/html/page-script.js); under vitest, vitest.config.ts builds it on import.
/** One IIFE without `</script`, `<script` or `<!--`: safe in the page's inline <script>. */
export declare const HTML_PAGE_SCRIPT: string;
