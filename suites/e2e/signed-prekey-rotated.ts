import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { beforeRotation, expectSignedPreKeyRotated } from '../../harness/verify/published-bundles.ts';
import { HOUR_MS, SIGNED_PREKEY_ROTATION_MS } from '../../harness/core/durations.ts';


export default defineCase({
  id: 'E2E-signed-prekey-rotated',
  title: 'The signed prekey is replaced after 7 virtual days under the same identity; a bundle fetched before still opens a session within the 30-day grace',
  clause: {
    text: 'Signed prekey: replaced once it is 7 virtual days old, signed by the same identity key. The replaced signed prekey is kept for 30 virtual days after its replacement: a PreKey message built on a bundle fetched before the rotation still decrypts within that grace.',
    source: 'harness/PROTOCOL.md#13-keys-over-time-capability-signalrotation-additive; docs/cloud-api-rules.md#signal-end-to-end',
  },
  severity: 'MUST',
  requires: ['webhooks', 'transport.signal', 'control.provision', 'control.clock', 'control.idle', 'signal.rotation'],
  faults: ['signed-prekey-never-rotated', 'old-signed-prekey-dropped-at-rotation'],
  async run(ctx) {
    const { world } = ctx;
    const keys = world.keyDirectory();
    const plan = fc.record({
      // How far past the 7 days the clock lands (whole hours), then how long the old bundle waits (within the grace).
      pastHours: fc.integer({ min: 0, max: 6 * 24 }),
      waitHours: fc.integer({ min: 0, max: 29 * 24 }),
    });
    await ctx.property(plan, async ({ pastHours, waitHours }) => {
      const business = await world.business();
      // A consumer fetches the bundle now and writes only after the rotation.
      const early = await world.signalConsumer();
      const before = beforeRotation(keys, business.waId);
      await world.advanceClock(SIGNED_PREKEY_ROTATION_MS + pastHours * HOUR_MS);
      await world.settle();
      expectSignedPreKeyRotated(keys, business.waId, before, 7 + pastHours / 24);

      // Within the grace, the PreKey message built on the old bundle still decrypts.
      if (waitHours > 0) await world.advanceClock(waitHours * HOUR_MS);
      const sent = await early.post(await early.encrypt(business.waId, { v: 0, type: 'text', text: { body: 'on the bundle I fetched last week' } }, undefined, before.bundle));
      const events = await settleForwarded(world, business, [sent.id]);
      expect(
        timesForwarded(events, sent.id) === 1,
        `a first contact on the signed prekey replaced ${waitHours} h earlier was not forwarded`,
        'the replaced signed prekey kept for 30 days after its replacement: the PreKey message decrypts and is forwarded once',
        `forwarded ${timesForwarded(events, sent.id)} times`,
      );
    }, { runs: Math.min(ctx.runs, 4) });
  },
});
