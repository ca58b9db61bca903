// Types of bundle-page.mjs (a build script, also used by vitest.config.ts and a test).
export declare const PAGE_ENTRY: string;
export declare const PAGE_MODULE: string;
/** The page script bundled as one IIFE and the files it came from; rejects if it cannot sit in an inline <script>. */
export declare function bundlePageScript(root?: string): Promise<{ code: string; files: string[] }>;
export declare function pageScriptModule(code: string): string;
