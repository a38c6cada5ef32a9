import { KEMPublicKey, PublicKey } from '@signalapp/libsignal-client';
import { defineCase } from '../../harness/core/case.ts';
import { expect } from '../../harness/core/context.ts';
import { unb64, type PublishedBundle } from '../../harness/signal/bundle.ts';

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
    checkUploads(world.env.transport.uploads.get(business.waId) ?? []);
    // A few first contacts, so a target that tops up its prekeys has had the chance to upload again.
    for (let i = 0; i < 3; i++) await (await world.consumer()).send(business.waId, { v: 0, type: 'text', text: { body: `hello ${i}` } });
    await world.settle();
    checkUploads(world.env.transport.uploads.get(business.waId) ?? []);
  },
});

function checkUploads(uploads: readonly PublishedBundle[]): void {
  expect(uploads.length > 0, 'the business published no bundle', 'a PUT /v0/keys/{address} before provisioning answered 201', 'none');
  const identities = new Set(uploads.map((u) => u.identity_key));
  expect(identities.size === 1, 'the business\'s identity key changed between uploads', 'one identity key', `${identities.size} different keys`);
  const identity = PublicKey.deserialize(unb64(uploads[0].identity_key));
  for (const [n, u] of uploads.entries()) {
    const signedOk = identity.verify(unb64(u.signed_prekey.public_key), unb64(u.signed_prekey.signature));
    expect(signedOk, `upload ${n + 1}: the signed prekey's signature does not verify against the identity key`, 'a valid signature', u.signed_prekey.signature);
    // The signature covers KEMPublicKey.serialize(): parse to be sure the key is one.
    const kyber = KEMPublicKey.deserialize(unb64(u.kyber_prekey.public_key));
    const kyberOk = identity.verify(kyber.serialize(), unb64(u.kyber_prekey.signature));
    expect(kyberOk, `upload ${n + 1}: the Kyber prekey's signature does not verify against the identity key`, 'a valid signature', u.kyber_prekey.signature);
  }
  const ids = uploads.flatMap((u) => u.prekeys.map((p) => p.id));
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  expect(repeated.length === 0, 'a one-time prekey id was published twice', 'every one-time prekey id once', `repeated ids: ${[...new Set(repeated)].join(', ')}`);
}
