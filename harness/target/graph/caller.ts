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
}

/** The Authorization header of a request made as `caller`. */
export function bearer(caller: GraphCaller, auth: GraphAuth = {}): Record<string, string> {
  const token = auth.token === undefined ? caller.accessToken : auth.token;
  return token === null ? {} : { authorization: `Bearer ${token}` };
}

/** What an endpoint family needs from the client: the API version and a way to send. */
export interface GraphRequester {
  readonly version: string;
  request(method: string, path: string, options?: RequestOptions): Promise<TargetResponse>;
}
