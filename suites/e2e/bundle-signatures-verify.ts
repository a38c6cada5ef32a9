import { defineCase } from '../../harness/core/case.ts';
import { expectPublishedBundlesVerify, uploadsOf } from '../../harness/verify/published-bundles.ts';

export default defineCase({
  id: 'E2E-bundle-signatures-verify',
  title: 'The business\'s published bundle is signed by one stable identity key and never reuses a one-time prekey id',
  clause: {
    text: 'Messages between user and Cloud API are protected by the Signal protocol; keys negotiated between the user and the Cloud API (on behalf of the business).',
    source: 'seed promise S1 (CLOUD-API-FACTS §1); bundle format PROTOCOL.md §4 (both signatures are identityPrivateKey.sign(publicKey.serialize()))',
  },
  severity: 'MUST',
  requires: ['transport.signal', 'control.provision', 'control.idle'],
  faults: ['kyber-signature-wrong'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    expectPublishedBundlesVerify(uploadsOf(world.env.transport, business.waId));
    // A few first contacts, so a target that tops up its prekeys has had the chance to upload again.
    for (let i = 0; i < 3; i++) await (await world.consumer()).send(business.waId, { v: 0, type: 'text', text: { body: `hello ${i}` } });
    await world.settle();
    expectPublishedBundlesVerify(uploadsOf(world.env.transport, business.waId));
  },
});
