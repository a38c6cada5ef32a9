import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { CrashLoad, type Pair } from '../../harness/crash/load.ts';
import { exactlyOnceProblems, exactlyOnceSummary } from '../../harness/verify/exactly-once.ts';
import type { World } from '../../harness/run/world.ts';

/** How long the case waits for the target to reach a held moment before restarting anyway. */
const HOLD_WAIT_MS = 5_000;

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + HOLD_WAIT_MS;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Restarts the target at the two moments a crash is most likely to break a
 * promise, held open by the harness's transport so they do not depend on
 * timing: a business message the transport has taken but whose answer the
 * target is still waiting for, and (with graph.media.inbound) a consumer's
 * media message decrypted but not yet forwarded, the target waiting for the
 * file from the media store.
 */
async function restartMidMessages(world: World, own: { out: Pair; in: Pair }, load: CrashLoad): Promise<void> {
  // The case's consumers receive only after the restart: nothing they do can settle the message first.
  const answer = world.holdNextEnvelopeAnswer(own.out.consumer.waId);
  const releaseMedia = world.has('graph.media.inbound') ? world.holdNextMediaFetch() : undefined;
  try {
    const res = await world.graph.sendText(own.out.business, own.out.consumer.waId, 'answered after the restart');
    const wamid = (res.json as { messages?: Array<{ id?: unknown }> } | undefined)?.messages?.[0]?.id;
    if (res.status === 200 && typeof wamid === 'string') load.ledger.acceptOutbound(wamid);
    if (releaseMedia) {
      const fetched = world.mediaFetchCount();
      const sent = await own.in.consumer.sendMedia(own.in.business.waId, 'document', Buffer.from('held across the restart'), 'text/plain', { filename: 'held.txt' });
      if (sent.response.status === 200) load.ledger.acceptInbound(sent.id);
      await until(() => world.mediaFetchCount() > fetched);
    }
    await until(answer.taken);
    await world.restart();
  } finally {
    answer.release();
    releaseMedia?.();
  }
}

export default defineCase({
  id: 'HOOK-restart-in-flight-loses-nothing',
  title: 'A crash while messages are in flight both ways loses nothing accepted and delivers nothing twice, beyond same-id webhook repeats',
  clause: {
    text:
      'What the target answered 200 for before the crash (a consumer envelope on `/transport/v0/envelopes`, a Graph send, a receipt) is finished after it, exactly as if nothing had happened. … A request the target did not answer (it died while answering) was not accepted. Webhook delivery is at least once: "If a notification isn\'t delivered for any reason or if the webhook request returns a HTTP status code other than 200, we retry delivery."',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview — "If a notification isn\'t delivered"; docs/cloud-api-rules.md#delivery-and-retries; harness/PROTOCOL.md#31-work-in-flight-across-a-crash; harness/PROTOCOL.md#8-webhooks-the-target-calls-the-business',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle', 'control.restart'],
  faults: ['session-advance-committed-alone', 'outbound-reencrypted-after-restart', 'receipt-before-sent-skips-sent'],
  async run(ctx) {
    const { world } = ctx;
    const pairs: Pair[] = [];
    for (let b = 0; b < 2; b++) {
      const business = await world.business();
      for (let c = 0; c < 2; c++) {
        const consumer = await world.signalConsumer();
        await world.openWindow(business, consumer);
        pairs.push({ business, consumer });
      }
    }
    // The case's own messages at the restart, each with a consumer of its own: Signal work on one
    // session is serialised, so a held send would keep a held consumer message from starting.
    const own = { out: { business: pairs[0]!.business, consumer: await world.signalConsumer() }, in: { business: pairs[0]!.business, consumer: await world.signalConsumer() } };
    await world.openWindow(own.out.business, own.out.consumer);
    // Few values, so a failure shrinks in a few runs: each run is seconds of traffic and a restart.
    const plan = fc.record({
      messages: fc.constantFrom(12, 18, 24),
      // Where in the traffic the crash comes, as a share of the messages started.
      restartAt: fc.constantFrom(0.25, 0.5, 0.75),
    });
    await ctx.property(
      plan,
      async ({ messages, restartAt }) => {
        const load = new CrashLoad(world, pairs, 2, [own.out, own.in]);
        try {
          await load.run(messages, {
            at: [Math.max(1, Math.round(messages * restartAt))],
            crash: () => restartMidMessages(world, own, load),
          });
          await load.drain(2_000);
          const tally = load.ledger.tally();
          const problems = exactlyOnceProblems(tally);
          expect(
            problems.length === 0,
            'work accepted before the restart was lost, or a business message reached its consumer twice',
            'every accepted consumer message forwarded, every accepted send decrypted once, every status delivered (repeats of a webhook with the same id allowed)',
            `${problems.join('; ')} (${exactlyOnceSummary(tally)})`,
          );
        } finally {
          load.close();
        }
      },
      { runs: Math.min(ctx.runs, 2) },
    );
  },
});
