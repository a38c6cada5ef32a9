import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { outageSchedule } from '../../generators/outage-schedule.ts';
import { DAY_MS } from '../../harness/core/durations.ts';
import { advanceAndSettle, missingEvents, stepAt } from '../../harness/verify/outage.ts';
import type { Business } from '../../harness/run/world.ts';
import type { ConsumerParty } from '../../harness/parties/consumer-party.ts';

// Past every generated outage (≤ 2 days) exponential backoff has had time to
// come back; 7 days is where the target may give up, so stop short of it.
const GIVE_UP_AT_MS = 6 * DAY_MS;

export default defineCase({
  id: 'HOOK-retry-at-least-once',
  title: 'Webhooks refused by an endpoint in an outage (500, hung, reset, slow) are all delivered once it recovers',
  clause: {
    text: 'Paraphrase of Meta: a webhook notification not answered with 200 (an error status, a timeout, a broken connection) is retried with exponential backoff for up to 7 days; delivery is at least once.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview; docs/cloud-api-rules.md#delivery-and-retries; docs/cloud-api-rules.md#webhook-timeout-and-payload-size',
  },
  severity: 'MUST',
  requires: ['webhooks', 'consumer', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['webhook-no-retry'],
  async run(ctx) {
    const { world } = ctx;
    const businesses: Business[] = [];
    let consumer: ConsumerParty | undefined;
    // Few runs: each walks days of virtual time and some hold real seconds.
    await ctx.property(outageSchedule(), async (outages) => {
      while (businesses.length < outages.length) businesses.push(await world.business());
      consumer ??= await world.consumer();
      const start = world.clock.ms;
      const pending = new Map<Business, string[]>();
      for (const [i, o] of outages.entries()) {
        const b = businesses[i]!;
        world.setWebhookMode(b, o.mode);
        const ids: string[] = [];
        for (let n = 0; n < o.events; n++) ids.push((await consumer.write(b.waId, { v: 0, type: 'text', text: { body: `outage ${o.mode} #${n}` } })).id);
        pending.set(b, ids);
      }
      await world.settle();
      const open = () => [...pending].some(([b, ids]) => missingEvents(world, b, ids).length > 0);
      while (open() && world.clock.ms - start < GIVE_UP_AT_MS) {
        const elapsed = world.clock.ms - start;
        for (const [i, o] of outages.entries()) {
          if (elapsed >= o.durationMs) world.setWebhookMode(businesses[i]!, 'ok');
        }
        await advanceAndSettle(world, stepAt(elapsed));
      }
      for (const b of businesses) world.setWebhookMode(b, 'ok');
      const lost = [...pending].flatMap(([b, ids]) => missingEvents(world, b, ids).map((id) => `${b.key}: ${id}`));
      expect(
        lost.length === 0,
        'a webhook was never acknowledged though the endpoint recovered long before 7 days',
        'every event delivered at least once after the outage',
        `never delivered: ${lost.join(', ')} (outages: ${outages.map((o, i) => `${businesses[i]!.key} ${o.mode} for ${Math.round(o.durationMs / 1000)} s`).join('; ')})`,
      );
    }, { runs: Math.min(ctx.runs, 4) });
  },
});
