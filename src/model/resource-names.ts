// The forms of CES resource names: an app's, and a child resource of an app written as a bare id
// or a full name (deployments, agents, tools, conversations: docs/protocol.md §3). The client
// builds names by them; the loader checks spec values by them without loading the client.

/**
 * An app's own name. The client checks it, a run checks where it came from (CXAS_APP, --app), and
 * the schemas' `app` (config, spec, emulator app) hold the same pattern (a test keeps them equal).
 */
export const APP_NAME = /^projects\/[^/]+\/locations\/[^/]+\/apps\/[^/]+$/;

/** The app name's form, as messages show it. */
export const APP_NAME_FORM = 'projects/{project}/locations/{location}/apps/{app}';

/** projects/{p}/locations/{l}/apps/{a}/{collection}/{id}; group 1 is the collection. */
export const FULL_CHILD_NAME = /^projects\/[^/]+\/locations\/[^/]+\/apps\/[^/]+\/([a-zA-Z]+)\/[^/]+$/;

/**
 * Why `idOrName` names no `collection` child of an app, or undefined when it does: a non-empty bare
 * id (no `/`), or a full name of that collection, of `ownApp` when given. `what` names the value.
 */
export function childNameProblem(
  collection: string,
  idOrName: unknown,
  what: string,
  ownApp?: string,
): string | undefined {
  if (typeof idOrName !== 'string' || idOrName.trim() === '') return `${what} must be a non-empty string`;
  if (!idOrName.includes('/')) return undefined;
  if (FULL_CHILD_NAME.exec(idOrName)?.[1] !== collection)
    return (
      `${what} "${idOrName}" is malformed: ` +
      `expected a bare id or projects/{p}/locations/{l}/apps/{a}/${collection}/{id}`
    );
  if (ownApp !== undefined && !idOrName.startsWith(`${ownApp}/`))
    return `${what} "${idOrName}" belongs to another app: the app is ${ownApp}`;
  return undefined;
}
