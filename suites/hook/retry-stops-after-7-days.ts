import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { DAY_MS, HOUR_MS, WEBHOOK_RETRY_MS } from '../../harness/core/durations.ts';
import { advanceAndSettle, attemptsOf } from '../../harness/verify/outage.ts';

const STEP_MS = 6 * HOUR_MS;
const WATCH_MS = 12 * DAY_MS;

export default defineCase({
  id: 'HOOK-retry-stops-after-7-days',
  title: 'A webhook refused for good is retried for at most 7 days of virtual time',
  clause: {
    text: 'Paraphrase of Meta: a webhook notification not answered with 200 is retried with exponential backoff for up to 7 days.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview; docs/cloud-api-rules.md#delivery-and-retries; harness/PROTOCOL.md#8-webhooks-the-target-calls-the-business',
  },
  severity: 'MUST',
  requires: ['webhooks', 'consumer', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['webhook-retry-forever'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    world.setWebhookMode(business, 'error-500');
    const { id } = await consumer.write(business.waId, { v: 0, type: 'text', text: { body: 'refused for good' } });
    await world.settle();
    const start = world.clock.ms;
    while (world.clock.ms - start < WATCH_MS) await advanceAndSettle(world, STEP_MS);
    const attempts = attemptsOf(world, business, id);
    expect(attempts.length > 0, 'the event was never attempted', `a delivery attempt of ${id}`, 'none');
    const first = attempts[0]!.atMs;
    // Attempts are seen at step boundaries: one step of slack past 7 days.
    const late = attempts.filter((a) => a.atMs > first + WEBHOOK_RETRY_MS + STEP_MS);
    expect(
      late.length === 0,
      'a refused webhook was still retried more than 7 days after its first attempt',
      'no attempt later than 7 days after the first',
      `${late.length} attempt(s) after 7 days, the last ${((late.at(-1)?.atMs ?? first) - first) / DAY_MS} days after the first`,
    );
  },
});
