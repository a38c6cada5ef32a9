// The answer to marking read a message id the number never received
// (POST /{phone-number-id}/messages {"status":"read","message_id":…}).
// Meta documents the success answer, {"success":true}, and that outgoing
// messages cannot be marked read
// (https://developers.facebook.com/docs/whatsapp/cloud-api/guides/mark-message-as-read),
// but not what an unknown id answers: {"success":true} or a Graph error
// envelope both conform. Either way it is one answer: asked twice, the same.

import type { TargetResponse } from '../target/target-client.ts';
import { expect } from '../core/expect.ts';
import { expectGraphError } from './graph-error.ts';
import { showResponse } from './show.ts';

/** Checks the answer is {"success":true} or a Graph error; returns what it was, to compare with a repeat. */
export function expectMarkReadAnswered(res: TargetResponse, because: string): string {
  if (res.status === 200) {
    expect((res.json as { success?: unknown } | undefined)?.success === true, `${because}: a 200 that is not the documented answer`, '200 {"success":true}, or a Graph error', showResponse(res.status, res.body));
    return '200 {"success":true}';
  }
  return `HTTP ${res.status} code ${expectGraphError(res, { because })}`;
}
