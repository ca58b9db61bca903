// The form of a CES app's resource name: the client checks it, a run checks where it came from
// (CXAS_APP), and the schemas' `app` (config, spec, emulator app) hold the same pattern.
export const APP_NAME = /^projects\/[^/]+\/locations\/[^/]+\/apps\/[^/]+$/;

/** The form, as messages show it. */
export const APP_NAME_FORM = 'projects/{project}/locations/{location}/apps/{app}';
