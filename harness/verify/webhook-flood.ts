// A target that floods its businesses' webhook endpoints fails. Meta sends a
// webhook per message received and per status change of a message sent
// (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components),
// and redelivers a failed one with backoff: each request the harness makes
// leads to a handful of webhooks, a few dozen with days of retries, never
// thousands. Every webhook check reads deliveries through World.webhooks,
// which asks this first.

import { CaseFailure } from '../core/errors.ts';

/** Webhooks a case may see whatever it did, and how many more per request the harness made to the target. */
export const WEBHOOK_FLOOD_BASE = 1_000;
export const WEBHOOKS_PER_REQUEST = 20;

export function expectNoWebhookFlood(webhooks: number, requestsToTarget: number): void {
  const limit = WEBHOOK_FLOOD_BASE + WEBHOOKS_PER_REQUEST * requestsToTarget;
  if (webhooks > limit) {
    throw new CaseFailure(
      `the target flooded the webhook endpoints: ${webhooks} webhook POSTs in a case that made ${requestsToTarget} requests to it`,
      `at most ${limit} webhooks (${WEBHOOK_FLOOD_BASE} + ${WEBHOOKS_PER_REQUEST} per request: one per message and status change, plus retries)`,
      `${webhooks} webhook POSTs`,
    );
  }
}
