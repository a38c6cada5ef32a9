import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { advanceAndSettle, attemptsOf, missingEvents, stepAt } from '../../harness/verify/outage.ts';
import { DAY_MS, HOUR_MS, WEBHOOK_RETRY_MS } from '../../harness/core/durations.ts';

// b's endpoint is down for good from the start; a's goes down for 2 days from day 5,
// around the time b's retries may end (7 days at most).
const A_DOWN_AT_MS = 5 * DAY_MS;
const A_OUTAGE_MS = 2 * DAY_MS;
// Past every 2-day outage exponential backoff has had time to come back (as HOOK-retry-at-least-once).
const WATCH_MS = A_DOWN_AT_MS + 6 * DAY_MS;

export default defineCase({
  id: 'HOOK-outage-isolated-per-business',
  title: 'One business\'s endpoint failing for good (its retries ending at 7 days) loses nothing of another business\'s webhooks about the same consumer',
  clause: {
    text: 'Paraphrase of Meta: a webhook notification not answered with 200 is retried with exponential backoff for up to 7 days; delivery is at least once. Each business number has its own webhook: what happens to one business\'s deliveries (an outage, retries given up) does not touch another\'s, even about the same consumer.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview; docs/cloud-api-rules.md#delivery-and-retries; harness/PROTOCOL.md#8-webhooks-the-target-calls-the-business',
  },
  severity: 'MUST',
  requires: ['webhooks', 'transport.signal', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['webhook-give-up-drops-consumer'],
  async run(ctx) {
    const { world } = ctx;
    const a = await world.business();
    const b = await world.business();
    const consumer = await world.signalConsumer();
    world.setWebhookMode(b, 'error-500');
    const toB = await consumer.send(b.waId, { v: 0, type: 'text', text: { body: `to ${b.key}, whose endpoint is down` } });
    await world.settle();
    const start = world.clock.ms;
    let toA: string | undefined;
    while (world.clock.ms - start < WATCH_MS && (toA === undefined || missingEvents(world, a, [toA]).length > 0)) {
      const elapsed = world.clock.ms - start;
      if (toA === undefined && elapsed >= A_DOWN_AT_MS) {
        world.setWebhookMode(a, 'error-500');
        toA = (await consumer.send(a.waId, { v: 0, type: 'text', text: { body: `to ${a.key}, during its own outage` } })).id;
        await world.settle();
      }
      if (toA !== undefined && elapsed >= A_DOWN_AT_MS + A_OUTAGE_MS) world.setWebhookMode(a, 'ok');
      await advanceAndSettle(world, stepAt(elapsed));
    }
    expect(toA !== undefined, 'the walk ended before the second outage', `a message to ${a.key} at day 5`, 'none');
    expect(
      missingEvents(world, a, [toA]).length === 0,
      `${a.key}'s webhook was lost though its endpoint came back after 2 days (${b.key}'s endpoint stayed down)`,
      `the consumer's message to ${a.key} delivered once its endpoint recovered`,
      `never acknowledged; ${attemptsOf(world, a, toA).length} attempt(s)`,
    );
    const attempts = attemptsOf(world, b, toB.id);
    const first = attempts[0]?.atMs ?? start;
    const late = attempts.filter((d) => d.atMs > first + WEBHOOK_RETRY_MS + HOUR_MS);
    expect(late.length === 0, `${b.key}'s refused webhook was retried more than 7 days after its first attempt`, 'no attempt later than 7 days after the first', `${late.length} late attempt(s)`);
  },
});
