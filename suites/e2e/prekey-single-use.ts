import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { HarnessError } from '../../harness/core/errors.ts';

export default defineCase({
  id: 'E2E-prekey-single-use',
  title: 'A one-time prekey serves one handshake only; with none left, first contact still works',
  clause: {
    text: 'Paraphrase of Meta: messages between the user and the Cloud API are protected by the Signal protocol. Protocol: a one-time prekey is deleted once a PreKey message used it, and a second PreKey message naming it is refused; with no one-time prekeys left, first contact uses the signed and Kyber prekeys alone and still works.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#signal-end-to-end; harness/PROTOCOL.md#10-signal-operations-replays-and-damage-protocol-v0-clarifications',
  },
  severity: 'MUST',
  requires: ['webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['prekey-reused'],
  async run(ctx) {
    const { world } = ctx;
    const keys = world.keyDirectory();
    const business = await world.business();
    const bundle = keys.fetchBundle(business.waId);
    if (!bundle?.prekey) throw new HarnessError('HARNESS_INTERNAL', 'the business published no one-time prekey to reuse');
    // A compromised directory hands the same one-time prekey to a second party.
    const twin = keys.bundleWithPreKey(business.waId, bundle.prekey.id)!;
    const [first, second] = [await world.signalConsumer(), await world.signalConsumer()];
    const a = await first.post(await first.encrypt(business.waId, { v: 0, type: 'text', text: { body: 'first' } }, undefined, bundle));
    await settleForwarded(world, business, [a.id]);
    const b = await second.post(await second.encrypt(business.waId, { v: 0, type: 'text', text: { body: 'second' } }, undefined, twin));
    const events = await settleForwarded(world, business, []);
    expect(timesForwarded(events, a.id) === 1, 'the first handshake on a one-time prekey was not forwarded', '1', String(timesForwarded(events, a.id)));
    expect(
      timesForwarded(events, b.id) === 0,
      `a second handshake on one-time prekey ${bundle.prekey.id} was accepted`,
      'the prekey deleted after its first use, the second PreKey message refused',
      'forwarded',
    );

    keys.drainPreKeys(business.waId);
    const late = await world.signalConsumer();
    const c = await late.send(business.waId, { v: 0, type: 'text', text: { body: 'no prekeys left' } });
    const after = await settleForwarded(world, business, [c.id]);
    expect(timesForwarded(after, c.id) === 1, 'first contact without a one-time prekey (signed and Kyber prekeys only) was not forwarded', '1', String(timesForwarded(after, c.id)));
  },
});
