// Resource names of the CES API (docs/protocol.md §3): the only place that builds them (the rule
// for an app's child names is src/model/resource-names.ts, which the loader checks specs by too).
import { randomUUID } from 'node:crypto';
import { CesInputError } from './errors.js';
import { shortName } from '../model/inventory.js';
import { APP_NAME, APP_NAME_FORM, childNameProblem, FULL_CHILD_NAME } from '../model/resource-names.js';

const SESSION_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{4,62}$/;

export function assertAppName(appName: unknown): string {
  if (typeof appName !== 'string' || !APP_NAME.test(appName)) {
    throw new CesInputError(`app name ${JSON.stringify(appName)} is malformed: expected ${APP_NAME_FORM}`);
  }
  return appName;
}

/** The location segment of an app name (`us`, `eu`, `global`, ...). */
export function locationOf(appName: string): string {
  return appName.split('/')[3] ?? '';
}

export function newSessionId(): string {
  return randomUUID();
}

export function sessionName(appName: string, session: string): string {
  if (session.includes('/')) {
    if (!session.startsWith(`${appName}/sessions/`) || !FULL_CHILD_NAME.test(session)) {
      throw new CesInputError(`session "${session}" is not a session of app ${appName}`);
    }
    return assertSessionId(session, shortName(session));
  }
  return assertSessionId(`${appName}/sessions/${session}`, session);
}

function assertSessionId(name: string, id: string): string {
  if (!SESSION_ID.test(id)) {
    throw new CesInputError(`session id "${id}" is invalid: it must match [a-zA-Z0-9][a-zA-Z0-9-_]{4,62}`);
  }
  return name;
}

/**
 * A child resource of the app from a bare id or a full name (`deployments`, `tools`,
 * `agents`, `conversations`). A full name must belong to a CES app and have the right kind
 * (src/model/resource-names.ts, the rule the loader checks specs by too); a deployment, to this
 * app: a session runs one app, so a deployment of another would silently be something else.
 */
export function childName(appName: string, collection: string, idOrName: string, what: string): string {
  const problem = childNameProblem(collection, idOrName, what, collection === 'deployments' ? appName : undefined);
  if (problem) throw new CesInputError(problem);
  return idOrName.includes('/') ? idOrName : `${appName}/${collection}/${idOrName}`;
}
