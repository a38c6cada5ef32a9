import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { DAY_MS } from '../../harness/core/durations.ts';
import { advanceAndSettle, attemptsOf, stepAt } from '../../harness/verify/outage.ts';

const WATCH_MS = 2 * DAY_MS;

export default defineCase({
  id: 'HOOK-retry-backoff-grows',
  title: 'Retries of a refused webhook come at growing intervals (exponential backoff), not at a fixed rate',
  clause: {
    text: 'Paraphrase of Meta: a webhook notification not answered with 200 is retried with exponential backoff for up to 7 days.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview; docs/cloud-api-rules.md#delivery-and-retries; harness/PROTOCOL.md#8-webhooks-the-target-calls-the-business',
  },
  severity: 'MUST',
  requires: ['webhooks', 'consumer', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['webhook-fixed-interval'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    world.setWebhookMode(business, 'error-500');
    const { id } = await consumer.write(business.waId, { v: 0, type: 'text', text: { body: 'refused for two days' } });
    await world.settle();
    const start = world.clock.ms;
    // Each attempt is seen at the first step at or after it: [virtual ms, step that revealed it].
    const seen: Array<[number, number]> = [];
    let counted = attemptsOf(world, business, id).length;
    while (world.clock.ms - start < WATCH_MS) {
      const step = stepAt(world.clock.ms - start);
      await advanceAndSettle(world, step);
      for (const d of attemptsOf(world, business, id).slice(counted)) seen.push([d.atMs, step]);
      counted = attemptsOf(world, business, id).length;
    }
    const first = attemptsOf(world, business, id)[0];
    expect(first !== undefined, 'the event was never attempted', `a delivery attempt of ${id}`, 'none');
    const times: Array<[number, number]> = [[first.atMs, 0], ...seen];
    const gaps = times.slice(1).map(([t, step], i) => ({ gap: t - times[i]![0], step }));
    // A gap no longer than its step may hide an attempt per step: only longer gaps are resolved.
    const resolved = gaps.filter((g) => g.gap > g.step);
    const grew = resolved.some((g, i) => i > 0 && g.gap > resolved[i - 1]!.gap + g.step);
    const shrank = resolved.some((g, i) => i > 0 && g.gap + g.step < resolved[i - 1]!.gap);
    const shown = gaps.map((g) => `${Math.round(g.gap / 1000)}s`).join(', ') || 'none';
    expect(
      gaps.length >= 3 && grew && !shrank,
      'retries of a refused webhook do not come at growing intervals',
      'at least 3 retries within 2 days, each interval longer than the one before (exponential backoff)',
      `${gaps.length} retries in 2 days of virtual time at intervals ${shown}`,
    );
  },
});
