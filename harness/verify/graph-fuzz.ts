// Sending raw bytes at the Graph API and judging the answer as a fuzz case
// must: a 4xx Graph error (or, where allowed, an accepted send), never a 5xx,
// never silence; then a liveness probe shows the target still answers.

import { expect } from '../core/expect.ts';
import { HarnessError, NoAnswer, RequestTimeout } from '../core/errors.ts';
import type { World } from '../run/world.ts';
import type { GraphCaller } from '../target/graph-api.ts';
import { bearer } from '../target/graph/caller.ts';
import type { TargetResponse } from '../target/target-client.ts';
import { expectGraphError } from './graph-error.ts';
import { expectSendAccepted } from './send-response.ts';
import { showResponse } from './show.ts';

/**
 * POSTs `body` to the caller's messages endpoint. No answer within the
 * request timeout (--request-timeout) or a dropped connection is the
 * target's failure: "never a hang", "never silence".
 */
export async function postRaw(world: World, caller: GraphCaller, body: Buffer | string, contentType = 'application/json', what = 'the request'): Promise<TargetResponse> {
  try {
    // Malformed on purpose: raw bytes (bad JSON, hostile fields) under any content type.
    return await world.graph.raw('POST', `/${caller.phoneNumberId}/messages`, {
      headers: { ...bearer(caller), 'content-type': contentType },
      body,
    });
  } catch (e) {
    if (e instanceof RequestTimeout) throw new NoAnswer(e);
    if (!(e instanceof HarnessError)) throw e;
    expect(false, `the target gave no answer to ${what}`, 'an HTTP answer', e.message);
  }
}

/** A 4xx Graph error envelope, or (when `acceptedTo` is given) a documented accepted send. */
export function expectRefusedOrAccepted(res: TargetResponse, what: string, acceptedTo?: string): void {
  if (res.status === 200 && acceptedTo !== undefined) {
    expectSendAccepted(res, acceptedTo);
    return;
  }
  expectGraphError(res, { because: what });
}

/** The target still answers a plain bad request with a Graph error. */
export async function expectAlive(world: World, caller: GraphCaller, after: string): Promise<void> {
  const res = await postRaw(world, caller, '{"messaging_product":"whatsapp"}', 'application/json', `the liveness probe after ${after}`);
  expect(res.status >= 400 && res.status < 500, `the target is not healthy after ${after}`, 'the liveness probe (a send without `to`) answered with a 4xx Graph error', showResponse(res.status, res.body));
}
