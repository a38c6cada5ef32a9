// The Graph error envelope, graded by what Meta documents
// (docs/cloud-api-rules.md#error-envelope).
//
// MUST (Graph API error handling, https://developers.facebook.com/docs/graph-api/guides/error-handling,
// and the WhatsApp error codes page, https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/):
// the HTTP status, a JSON body {"error":{…}}, an integer `error.code` (the one
// the rule names, when it names any), a non-empty string `error.type` and
// `error.message`.
//
// SHOULD: the "(#<code>) " prefix of `message` (the error codes page: code
// titles sit in `message` but "will eventually be deprecated", so clients
// build on `code` and `error_data.details`), `error_data.details`,
// `fbtrace_id`, and an integer `error_subcode` when there is one. Meta's own
// documented 401 answer, {"error":{"message":"Invalid OAuth access token.",
// "type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"…"}},
// has neither prefix nor error_data: it passes every MUST.

import { Findings, settle } from '../core/deviations.ts';
import type { Deviation } from '../core/errors.ts';
import type { TargetResponse } from '../target/target-client.ts';
import { showJson, showResponse } from './show.ts';

export interface ExpectedGraphError {
  /** HTTP statuses that are right; default any 4xx. */
  statuses?: readonly number[];
  /** Codes that are right; default any integer. */
  codes?: readonly number[];
  /** What the request did wrong, for the message. */
  because: string;
}

/**
 * Another business's token on a phone-number id: a permission error, 10,
 * 200–299 or 131005 with HTTP 403 (WhatsApp error codes), or what Graph
 * answers for an object the token cannot load, 100 with HTTP 400 ("Object
 * with ID … does not exist, cannot be loaded due to missing permissions",
 * subcode 33). Either refuses; neither is more right.
 */
export const NOT_YOUR_NUMBER: Omit<ExpectedGraphError, 'because'> = {
  statuses: [403, 400],
  codes: [10, 131005, ...Array.from({ length: 100 }, (_, i) => 200 + i), 100],
};

export const ENVELOPE = '{"error":{"message":"…","type":"…","code":<int>,"error_data":{"details":"…"},"fbtrace_id":"…"}}';

export interface GraphErrorCheck {
  /** Every deviation found, in the order status, envelope, code, type, message, then the SHOULDs. */
  deviations: Deviation[];
  /** error.code when it is an integer. */
  code?: number;
  /** The response as a whole, as expected and as got. */
  expected: string;
  actual: string;
}

/** Grades `res` as a Graph error without throwing: every deviation, MUST and SHOULD. */
export function checkGraphError(res: TargetResponse, e: ExpectedGraphError): GraphErrorCheck {
  const f = new Findings();
  const actual = showResponse(res.status, res.body);
  const statuses = e.statuses ?? [];
  const wantStatus = statuses.length > 0 ? `HTTP ${statuses.join(' or ')}` : 'HTTP 4xx';
  const wantCode = e.codes ? `"code":${e.codes.length > 6 ? `${e.codes.slice(0, 6).join(' or ')} or …` : e.codes.join(' or ')}` : '"code":<int>';
  const expected = `${wantStatus} with ${ENVELOPE.replace('"code":<int>', wantCode)}`;
  const okStatus = statuses.length > 0 ? statuses.includes(res.status) : res.status >= 400 && res.status < 500;
  f.must(okStatus, `${e.because}: wrong HTTP status ${res.status}${res.status >= 500 ? ' (a 5xx is the server\'s own failure, never the answer to a client\'s bad request)' : ''}`, wantStatus, `HTTP ${res.status}`);

  const error = (res.json as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) {
    f.must(false, `${e.because}: the answer is not a Graph error envelope`, ENVELOPE, actual);
    return { deviations: f.list, expected, actual };
  }
  const err = error as Record<string, unknown>;
  const code = Number.isInteger(err.code) ? (err.code as number) : undefined;
  if (f.must(code !== undefined, `${e.because}: error.code is not an integer`, '"code":<int>', `"code":${showJson(err.code)}`) && e.codes) {
    f.must(e.codes.includes(code!), `${e.because}: wrong error code ${code}`, wantCode, `"code":${code}`);
  }
  f.must(typeof err.type === 'string' && err.type !== '', `${e.because}: error.type missing`, '"type":"OAuthException" (or another Graph type)', `"type":${showJson(err.type)}`);
  const message = typeof err.message === 'string' && err.message !== '' ? err.message : undefined;
  f.must(message !== undefined, `${e.because}: error.message missing`, '"message":"…" (a human-readable description)', `"message":${showJson(err.message)}`);

  if (message !== undefined && code !== undefined) {
    f.should(message.startsWith(`(#${code}) `), `${e.because}: error.message does not start "(#${code}) "`, `"message":"(#${code}) …" (convention; titles in message are to be deprecated)`, `"message":${showJson(message, 120)}`);
  }
  const data = err.error_data as { details?: unknown } | undefined;
  f.should(typeof data?.details === 'string' && data.details !== '', `${e.because}: error.error_data.details missing`, '"error_data":{"details":"…"} (what clients build on, with code)', `"error_data":${showJson(err.error_data, 200)}`);
  f.should(typeof err.fbtrace_id === 'string' && err.fbtrace_id !== '', `${e.because}: error.fbtrace_id missing`, '"fbtrace_id":"…"', `"fbtrace_id":${showJson(err.fbtrace_id)}`);
  if (err.error_subcode !== undefined) {
    f.should(Number.isInteger(err.error_subcode), `${e.because}: error.error_subcode is not an integer`, '"error_subcode":<int>', `"error_subcode":${showJson(err.error_subcode)}`);
  }
  return { deviations: f.list, code, expected, actual };
}

/**
 * Checks `res` is a Graph error with a right status and code; returns the
 * code. Any MUST deviation fails the case, listing every deviation of the
 * response; SHOULD deviations alone are recorded and make the case `warn`.
 */
export function expectGraphError(res: TargetResponse, e: ExpectedGraphError): number {
  const check = checkGraphError(res, e);
  settle(check.deviations, check);
  return check.code!;
}

/**
 * The refusal of a Graph call without a valid access token: HTTP 401 with
 * code 190 or 0. When no bearer token was given at all, also 104, which Meta's
 * OpenAPI description gives for a missing access token (docs/cloud-api-rules.md#authentication-failure-code).
 */
export function expectAuthRefused(res: TargetResponse, e: { tokenMissing: boolean; because: string }): number {
  return expectGraphError(res, { statuses: [401], codes: e.tokenMissing ? [190, 0, 104] : [190, 0], because: e.because });
}
