// A flood is judged against what the harness asked of the target.
import t from 'tap';
import { CaseFailure } from '../../../harness/core/errors.ts';
import { expectNoWebhookFlood, WEBHOOK_FLOOD_BASE, WEBHOOKS_PER_REQUEST } from '../../../harness/verify/webhook-flood.ts';

t.test('webhooks within 1,000 + 20 per request pass; more is a flood', async (t) => {
  t.doesNotThrow(() => expectNoWebhookFlood(WEBHOOK_FLOOD_BASE, 0));
  t.doesNotThrow(() => expectNoWebhookFlood(WEBHOOK_FLOOD_BASE + WEBHOOKS_PER_REQUEST * 500, 500), 'a long property run with many requests');
  t.throws(() => expectNoWebhookFlood(WEBHOOK_FLOOD_BASE + 1, 0), CaseFailure);
  t.throws(() => expectNoWebhookFlood(240_000, 12), /the target flooded the webhook endpoints: 240000 webhook POSTs in a case that made 12 requests to it/);
});
