import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { advanceAndSettle, attemptsOf } from '../../harness/verify/outage.ts';
import { DAY_MS, HOUR_MS, WEBHOOK_RETRY_MS } from '../../harness/core/durations.ts';

const RESTART_AT_MS = DAY_MS;
const STEP_MS = HOUR_MS;
const WATCH_MS = WEBHOOK_RETRY_MS + DAY_MS;

const hours = (ms: number): string => `${(ms / HOUR_MS).toFixed(1)} h`;

export default defineCase({
  id: 'HOOK-retry-schedule-survives-restart',
  title: 'A restart neither resets a failing webhook\'s backoff nor restarts its 7 days: retries keep slowing down and end 7 days after the first attempt',
  clause: {
    text: 'Paraphrase of Meta: a webhook notification not answered with 200 is retried with exponential backoff (decreasing frequency) for up to 7 days. Protocol: a restart keeps what the target stored, queued deliveries included, so their schedule goes on where it was.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview; docs/cloud-api-rules.md#delivery-and-retries; harness/PROTOCOL.md#8-webhooks-the-target-calls-the-business; harness/PROTOCOL.md#31-work-in-flight-across-a-crash',
  },
  severity: 'MUST',
  requires: ['webhooks', 'transport.signal', 'control.provision', 'control.clock', 'control.idle', 'control.restart'],
  faults: ['webhook-retry-schedule-reset-on-restart'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    world.setWebhookMode(business, 'error-500');
    const { id } = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'refused across a restart' } });
    await world.settle();
    const start = world.clock.ms;
    while (world.clock.ms - start < RESTART_AT_MS) await advanceAndSettle(world, STEP_MS);
    const restartedAt = world.clock.ms;
    await world.restart();
    await world.settle();
    while (world.clock.ms - start < WATCH_MS) await advanceAndSettle(world, STEP_MS);
    const attempts = attemptsOf(world, business, id).map((a) => a.atMs);
    expect(attempts.length > 0, 'the event was never attempted', `a delivery attempt of ${id}`, 'none');
    const before = attempts.filter((t) => t < restartedAt);
    const after = attempts.filter((t) => t >= restartedAt);
    expect(after.length > 0, 'the failing webhook was never attempted again after the restart', 'retries going on after the restart, within 7 days of the first attempt', `${before.length} attempt(s) before the restart, none after`);
    // Attempts are seen at step boundaries: one step of slack either way.
    const lastBefore = before.length >= 2 ? before.at(-1)! - before.at(-2)! : 0;
    const across = before.length > 0 ? [before.at(-1)!, ...after] : after;
    const intervals = across.slice(1).map((t, i) => t - across[i]!);
    const shorter = intervals.filter((d) => d < lastBefore - STEP_MS);
    expect(
      shorter.length === 0,
      'after the restart the webhook was retried more often than before it: its backoff started over',
      `every interval after the restart at least the last one before it (${hours(lastBefore)}), less one step`,
      `intervals after the restart: ${intervals.map(hours).join(', ')}`,
    );
    const first = attempts[0]!;
    const late = attempts.filter((t) => t > first + WEBHOOK_RETRY_MS + STEP_MS);
    expect(late.length === 0, 'the webhook was retried more than 7 days after its first attempt: the restart started its 7 days over', 'no attempt later than 7 days after the first', `${late.length} attempt(s) after 7 days, the last ${hours((late.at(-1) ?? first) - first)} after the first`);
  },
});
