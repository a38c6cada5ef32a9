import { defineCase } from '../../harness/run/define-case.ts';
import { expectPublishedBundlesVerify, uploadsOf } from '../../harness/verify/published-bundles.ts';

export default defineCase({
  id: 'E2E-bundle-signatures-verify',
  title: 'The business\'s published bundle is signed by one stable identity key and never reuses a one-time prekey id',
  clause: {
    text: 'Paraphrase of Meta: per the Signal protocol, the user and the Cloud API, acting on behalf of the business, negotiate encryption keys. Protocol: the signed and Kyber prekeys of a bundle are signed by its identity key (identityPrivateKey.sign(publicKey.serialize())), and prekey ids are never reused.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#signal-end-to-end; harness/PROTOCOL.md#4-the-transport-served-by-the-harness-the-target-calls-it',
  },
  severity: 'MUST',
  requires: ['transport.signal', 'control.provision', 'control.idle'],
  faults: ['kyber-signature-wrong'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    expectPublishedBundlesVerify(uploadsOf(world.keyDirectory(), business.waId));
    // A few first contacts, so a target that tops up its prekeys has had the chance to upload again.
    for (let i = 0; i < 3; i++) await (await world.signalConsumer()).send(business.waId, { v: 0, type: 'text', text: { body: `hello ${i}` } });
    await world.settle();
    expectPublishedBundlesVerify(uploadsOf(world.keyDirectory(), business.waId));
  },
});
