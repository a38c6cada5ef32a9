// Who a Graph request is made as, and the one place its Authorization header is built.

import type { RequestOptions, TargetResponse } from '../target-client.ts';

/** A business number as the Graph API knows it: the path's phone-number id and the access token for it. */
export interface GraphCaller {
  phoneNumberId: string;
  accessToken: string;
}

/**
 * Whose token a request bears. By default the caller's, as
 * `Authorization: Bearer <token>`; a case testing refusals names another
 * token, or `null` for no Authorization header at all.
 */
export interface GraphAuth {
  token?: string | null;
  /** Send the token as the `access_token` query parameter (as Graph accepts it) instead of the Authorization header. */
  inQuery?: boolean;
}

/** The Authorization header of a request made as `caller`. */
export function bearer(caller: GraphCaller, auth: GraphAuth = {}): Record<string, string> {
  const token = tokenOf(caller, auth);
  return token === null || auth.inQuery ? {} : { authorization: `Bearer ${token}` };
}

/** `path` with the token as its `access_token` query parameter, when `auth.inQuery` says so. */
export function withQueryToken(path: string, caller: GraphCaller, auth: GraphAuth = {}): string {
  const token = tokenOf(caller, auth);
  if (!auth.inQuery || token === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`;
}

function tokenOf(caller: GraphCaller, auth: GraphAuth): string | null {
  return auth.token === undefined ? caller.accessToken : auth.token;
}

/** What an endpoint family needs from the client: the API version and a way to send. */
export interface GraphRequester {
  readonly version: string;
  request(method: string, path: string, options?: RequestOptions): Promise<TargetResponse>;
}
