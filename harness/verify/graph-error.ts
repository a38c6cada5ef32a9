// The documented Graph error envelope (docs/cloud-api-rules.md#error-envelope):
// {"error":{"message":"(#<code>) …","type":…,"code":<int>,"error_data":{"details":…},"fbtrace_id":…}}.

import { expect } from '../core/context.ts';
import type { TargetResponse } from '../target/target-client.ts';
import { showResponse } from './show.ts';

export interface ExpectedGraphError {
  /** HTTP statuses that are right; default any 4xx. */
  statuses?: readonly number[];
  /** Codes that are right; default any integer. */
  codes?: readonly number[];
  /** What the request did wrong, for the message. */
  because: string;
}

const ENVELOPE = '{"error":{"message":"(#<code>) …","type":"…","code":<code>,"error_data":{"details":"…"},"fbtrace_id":"…"}}';

/** Checks `res` is a Graph error envelope with a right status and code; returns the code. */
export function expectGraphError(res: TargetResponse, e: ExpectedGraphError): number {
  const actual = showResponse(res.status, res.body);
  const statuses = e.statuses ?? [];
  const okStatus = statuses.length > 0 ? statuses.includes(res.status) : res.status >= 400 && res.status < 500;
  const wantStatus = statuses.length > 0 ? `HTTP ${statuses.join(' or ')}` : 'HTTP 4xx';
  expect(okStatus, `${e.because}: wrong HTTP status`, `${wantStatus} with ${ENVELOPE}`, actual);
  const error = (res.json as { error?: Record<string, unknown> } | undefined)?.error;
  expect(typeof error === 'object' && error !== null, `${e.because}: the answer is not a Graph error envelope`, ENVELOPE, actual);
  const code = error.code;
  expect(Number.isInteger(code), `${e.because}: error.code is not an integer`, ENVELOPE, actual);
  const c = code as number;
  expect(typeof error.message === 'string' && error.message.startsWith(`(#${c}) `), `${e.because}: error.message does not start "(#${c}) "`, `"message":"(#${c}) …"`, actual);
  expect(typeof error.type === 'string' && error.type !== '', `${e.because}: error.type missing`, '"type":"OAuthException" (or another Graph type)', actual);
  expect(typeof error.fbtrace_id === 'string' && error.fbtrace_id !== '', `${e.because}: error.fbtrace_id missing`, '"fbtrace_id":"…"', actual);
  const data = error.error_data as { details?: unknown } | undefined;
  expect(typeof data?.details === 'string' && data.details !== '', `${e.because}: error.error_data.details missing`, '"error_data":{"details":"…"}', actual);
  if (e.codes) expect(e.codes.includes(c), `${e.because}: wrong error code ${c}`, `code ${e.codes.join(' or ')}`, actual);
  return c;
}
