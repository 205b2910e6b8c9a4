import { TaskError } from '../errors.js';
import type { Settings } from '../settings.js';

/** Who may call a route: admin routes, the client API (submit/list/get), the worker verbs. */
export type Role = 'admin' | 'client' | 'worker';

const encoder = new TextEncoder();

/**
 * Compares in time that depends only on the expected token's length, so a
 * caller cannot find the token byte by byte from response times.
 */
function sameToken(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i] ?? 0) ^ b[i];
  return difference === 0;
}

function tokenFor(role: Role, settings: Settings): string | undefined {
  return role === 'admin' ? settings.admin_token : role === 'client' ? settings.client_token : settings.worker_token;
}

/**
 * Checks the `Authorization: Bearer` header for a route's role; the admin
 * token is accepted everywhere. With no token configured at all the API is
 * open; once any is set, a role without its own token is admin-only.
 */
export function authorize(role: Role, authorization: string | undefined, settings: Settings): void {
  const roleToken = tokenFor(role, settings);
  if (!settings.admin_token && !settings.client_token && !settings.worker_token) return;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new TaskError(401, 'unauthorized', `this route needs an "Authorization: Bearer <${role} token>" header`);
  const given = match[1];
  const allowed = [roleToken, settings.admin_token].filter((t): t is string => t !== undefined);
  // Evaluate every comparison (no short-circuit), so timing does not reveal which token matched.
  const granted = allowed.map((token) => sameToken(given, token)).some(Boolean);
  if (granted) return;
  const otherRole = (['admin', 'client', 'worker'] as Role[]).some((r) => {
    const token = tokenFor(r, settings);
    return token !== undefined && sameToken(given, token);
  });
  if (otherRole) throw new TaskError(403, 'forbidden', `the token given is not allowed to use this route (needs the ${role} token)`);
  throw new TaskError(401, 'unauthorized', 'the bearer token is not valid');
}
