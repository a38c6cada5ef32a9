// A target that floods its businesses' webhook endpoints fails. Meta sends a
// webhook per message received and per status change of a message sent
// (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components),
// and redelivers a failed one with backoff: a case causes tens of deliveries,
// a few hundred with days of retries, never thousands. Every webhook check
// reads deliveries through World.webhooks, which asks this first.

import { CaseFailure } from '../core/errors.ts';
import type { WebhookReceivers } from '../parties/webhook-receiver.ts';

/** More webhook POSTs than this in one case is a flood. */
export const WEBHOOK_FLOOD_LIMIT = 5_000;

export function expectNoWebhookFlood(receivers: Pick<WebhookReceivers, 'recorded'>): void {
  if (receivers.recorded > WEBHOOK_FLOOD_LIMIT) {
    throw new CaseFailure(
      `the target flooded the webhook endpoints: ${receivers.recorded} webhook POSTs in one case`,
      `at most ${WEBHOOK_FLOOD_LIMIT} webhooks in a case (one per message and status change, plus retries)`,
      `${receivers.recorded} webhook POSTs`,
    );
  }
}
