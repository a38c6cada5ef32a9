import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { DAY_MS } from '../../harness/core/durations.ts';
import { advanceAndSettle, missingEvents, stepAt } from '../../harness/verify/outage.ts';

export default defineCase({
  id: 'HOOK-outbox-survives-restart',
  title: 'Webhooks queued during an outage are still delivered after the target crashes and restarts',
  clause: {
    text: 'Paraphrase of Meta: a webhook notification not answered with 200 is retried with exponential backoff for up to 7 days; delivery is at least once. Protocol: queued deliveries survive a restart (control.restart).',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview; docs/cloud-api-rules.md#delivery-and-retries; harness/PROTOCOL.md#8-webhooks-the-target-calls-the-business; harness/PROTOCOL.md#3-virtual-clock-and-idleness',
  },
  severity: 'MUST',
  requires: ['webhooks', 'consumer', 'control.provision', 'control.clock', 'control.idle', 'control.restart'],
  faults: ['webhook-dropped-on-restart', 'undelivered-webhooks-lost-on-restart'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    const plan = fc.record({
      events: fc.integer({ min: 1, max: 3 }),
      // Failed attempts before the crash: 0 means the crash comes before any retry is due.
      retriesBeforeCrash: fc.integer({ min: 0, max: 3 }),
      mode: fc.constantFrom('error-500' as const, 'reset' as const),
    });
    await ctx.property(plan, async ({ events, retriesBeforeCrash, mode }) => {
      world.setWebhookMode(business, mode);
      const ids: string[] = [];
      for (let n = 0; n < events; n++) ids.push((await consumer.write(business.waId, { v: 0, type: 'text', text: { body: `before the crash #${n}` } })).id);
      await world.settle();
      const start = world.clock.ms;
      while (world.deliveriesTo(business).length < events * (1 + retriesBeforeCrash) && world.clock.ms - start < DAY_MS) {
        await advanceAndSettle(world, stepAt(world.clock.ms - start));
      }
      await world.restart();
      world.setWebhookMode(business, 'ok');
      const restartedAt = world.clock.ms;
      while (missingEvents(world, business, ids).length > 0 && world.clock.ms - restartedAt < DAY_MS) {
        await advanceAndSettle(world, stepAt(world.clock.ms - restartedAt));
      }
      const lost = missingEvents(world, business, ids);
      expect(
        lost.length === 0,
        'webhooks queued before a restart were never delivered after it',
        `all ${events} event(s) delivered once the endpoint recovered`,
        `lost across the restart: ${lost.join(', ')}`,
      );
    }, { runs: Math.min(ctx.runs, 5) });
  },
});
