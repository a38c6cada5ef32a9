// What a business published in the transport's key directory (PROTOCOL.md §4,
// §13), judged over every upload so far: one identity key, every signed and
// Kyber prekey signed by it, no one-time prekey id published twice.

import { KEMPublicKey, PublicKey } from '@signalapp/libsignal-client';
import { expect } from '../core/expect.ts';
import { HarnessError } from '../core/errors.ts';
import { unb64, type FetchedBundle, type PublishedBundle } from '../signal/bundle.ts';
import type { MockTransport } from '../parties/transport.ts';

/** Every bundle `address` published, in order. */
export const uploadsOf = (transport: Pick<MockTransport, 'uploads'>, address: string): readonly PublishedBundle[] => transport.uploads.get(address) ?? [];

/**
 * Checks every upload and returns the one identity key (base64) they share.
 * `identity`, when given, is the key the uploads must all carry (one seen earlier).
 */
export function expectPublishedBundlesVerify(uploads: readonly PublishedBundle[], identity?: string): string {
  expect(uploads.length > 0, 'the business published no bundle', 'a PUT /v0/keys/{address} before provisioning answered 201', 'none');
  const identities = [...new Set(uploads.map((u) => u.identity_key))];
  expect(identities.length === 1, 'the business\'s identity key changed between uploads', 'one identity key in every upload', `${identities.length} different keys`);
  if (identity !== undefined) {
    expect(identities[0] === identity, 'the business publishes a different identity key than before', identity, identities[0]!);
  }
  const key = PublicKey.deserialize(unb64(identities[0]!));
  for (const [n, u] of uploads.entries()) {
    const signedOk = key.verify(unb64(u.signed_prekey.public_key), unb64(u.signed_prekey.signature));
    expect(signedOk, `upload ${n + 1}: the signed prekey's signature does not verify against the identity key`, 'a valid signature', u.signed_prekey.signature);
    // The signature covers KEMPublicKey.serialize(): parse to be sure the key is one.
    const kyber = KEMPublicKey.deserialize(unb64(u.kyber_prekey.public_key));
    const kyberOk = key.verify(kyber.serialize(), unb64(u.kyber_prekey.signature));
    expect(kyberOk, `upload ${n + 1}: the Kyber prekey's signature does not verify against the identity key`, 'a valid signature', u.kyber_prekey.signature);
  }
  const ids = uploads.flatMap((u) => u.prekeys.map((p) => p.id));
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const id of ids) (seen.has(id) ? repeated : seen).add(id);
  expect(
    repeated.size === 0,
    'a one-time prekey id was published twice',
    'every one-time prekey id once, across all uploads',
    `repeated ids: ${[...repeated].slice(0, 20).join(', ')}${repeated.size > 20 ? `, … (${repeated.size} in all)` : ''}`,
  );
  return identities[0]!;
}

/** What a rotation is judged against: the identity, the signed prekey published, and a bundle a newcomer fetched then. */
export interface BeforeRotation {
  identity: string;
  signed: PublishedBundle['signed_prekey'];
  bundle: FetchedBundle;
}

export function beforeRotation(transport: Pick<MockTransport, 'uploads' | 'fetchBundle'>, address: string): BeforeRotation {
  const uploads = uploadsOf(transport, address);
  const identity = expectPublishedBundlesVerify(uploads);
  const bundle = transport.fetchBundle(address);
  if (!bundle) throw new HarnessError('HARNESS_INTERNAL', `no bundle for business ${address} in the key directory`);
  return { identity, signed: uploads.at(-1)!.signed_prekey, bundle };
}

/** After the clock passed the rotation period (`days` since `before`): a new signed prekey, new id, same identity. */
export function expectSignedPreKeyRotated(transport: Pick<MockTransport, 'uploads'>, address: string, before: BeforeRotation, days: number): void {
  const uploads = uploadsOf(transport, address);
  expectPublishedBundlesVerify(uploads, before.identity);
  const current = uploads.at(-1)!.signed_prekey;
  expect(
    current.public_key !== before.signed.public_key,
    `${days} virtual days after provisioning the business still publishes the signed prekey it started with`,
    'a new signed prekey (new key, new id) uploaded once it is 7 days old',
    `signed prekey ${current.id}, unchanged; ${uploads.length} upload(s)`,
  );
  const reused = uploads.find((u) => u.signed_prekey.id === current.id && u.signed_prekey.public_key !== current.public_key);
  expect(reused === undefined, 'the new signed prekey reuses the id of an earlier one', `an id other than ${uploads.filter((u) => u !== uploads.at(-1)).map((u) => u.signed_prekey.id).join(', ')}`, String(current.id));
}
