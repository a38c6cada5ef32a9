// Business credentials the user gives (--token, --phone-number-id) are
// checked before any case trusts them: against a target that does not know
// the business every call is refused, and the cases about refusing bad
// tokens would pass for the wrong reason.
//
// The rule (README, "Test your implementation"):
// 1. GET /{version}/{phone-number-id}, the phone number's own fields: a read
//    with no effect ("Returns information about a specific phone number",
//    https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/).
//    A 2xx answer: accepted.
// 2. An authentication or permission refusal, on that call or on the
//    fallback below: not accepted, the run stops (exit 2). That is HTTP 401,
//    or a 4xx Graph error with code 0 (AuthException), 10 or 200-299
//    (permission), 102 (session) or 190 (access token).
// 3. Any other answer (404, 400 code 100 for an unknown path, a 5xx): the
//    target may not implement that read, which conformance does not need.
//    Fall back to POST /{phone-number-id}/messages with no recipient, which
//    nothing can deliver; any answer but a refusal: accepted, with a note.
// 4. Both calls answered 404, or both with an error about the version: the
//    target does not serve this Graph API version (or this path at all), and
//    every case would fail for a reason its message hides, so the run stops
//    (exit 2) naming --graph-version.

import { HarnessError } from '../core/errors.ts';
import type { GraphApi, GraphCaller } from './graph-api.ts';
import type { TargetResponse } from './target-client.ts';

export interface CredentialCheck {
  /** Said beside the run's header when the check needed the fallback. */
  note?: string;
}

const graphCode = (res: TargetResponse): number | undefined => {
  const code = (res.json as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'number' ? code : undefined;
};

/**
 * Graph error codes that mean "this token may not do this": 102 (API
 * Session), 190 (access token), 10 and 200-299 (permission), as listed in
 * https://developers.facebook.com/docs/graph-api/guides/error-handling/, and
 * the Cloud API's 0 (AuthException).
 */
export function isAuthCode(code: number): boolean {
  return code === 0 || code === 10 || code === 102 || code === 190 || (code >= 200 && code <= 299);
}

export function isRefusal(res: TargetResponse): boolean {
  if (res.status === 401) return true;
  const code = graphCode(res);
  return res.status >= 400 && res.status < 500 && code !== undefined && isAuthCode(code);
}

/** An answer that says the path does not exist at all, or names the version it refuses. */
function versionRefused(res: TargetResponse): boolean {
  if (res.status === 404) return true;
  const message = (res.json as { error?: { message?: unknown } } | undefined)?.error?.message;
  return res.status >= 400 && res.status < 500 && typeof message === 'string' && /\bversion\b/i.test(message);
}

function refused(caller: GraphCaller, call: string, res: TargetResponse): HarnessError {
  const code = graphCode(res);
  return new HarnessError(
    'HARNESS_CREDENTIALS_REFUSED',
    `the target refuses the access token given for phone number ${caller.phoneNumberId} (HTTP ${res.status}${code !== undefined ? `, Graph code ${code}` : ''} on ${call}): check --token and --phone-number-id, or --business`,
  );
}

/** Throws HARNESS_CREDENTIALS_REFUSED when the target refuses the given business's token. */
export async function checkCredentials(graph: GraphApi, caller: GraphCaller): Promise<CredentialCheck> {
  const read = `GET /${graph.version}/${caller.phoneNumberId}`;
  const first = await graph.phoneNumber(caller);
  if (first.status >= 200 && first.status < 300) return {};
  if (isRefusal(first)) throw refused(caller, read, first);

  const send = `POST /${graph.version}/${caller.phoneNumberId}/messages`;
  const second = await graph.sendMessage(caller, { messaging_product: 'whatsapp' });
  if (isRefusal(second)) throw refused(caller, send, second);
  if (versionRefused(first) && versionRefused(second)) {
    throw new HarnessError(
      'HARNESS_GRAPH_VERSION',
      `the target does not serve Graph API ${graph.version} for phone number ${caller.phoneNumberId} (HTTP ${first.status} on ${read}, HTTP ${second.status} on ${send}): give the version it serves with --graph-version, or check --phone-number-id`,
    );
  }
  return {
    note: `credentials: the target answers ${read} with HTTP ${first.status}, so --token was checked with a send without recipient (${send}: HTTP ${second.status}) and accepted`,
  };
}
