import { createHash, randomInt } from 'node:crypto';
import {
  IdentityKeyPair,
  KEMKeyPair,
  KEMPublicKey,
  KyberPreKeyRecord,
  PreKeyBundle,
  PreKeyRecord,
  PrivateKey,
  PublicKey,
  SignedPreKeyRecord,
} from '@signalapp/libsignal-client';
import { ReferenceFailure } from './errors.ts';
import { isObject } from './http.ts';

/** One-time prekeys a business publishes at provisioning, ids 1..100; later batches continue after them (key-maintenance.ts). */
export const ONE_TIME_PREKEYS = 100;
const SIGNED_PREKEY_ID = 1;
const KYBER_PREKEY_ID = 1;

/** A business's fresh Signal identity with everything its bundle publishes. */
export interface NewIdentity {
  pair: IdentityKeyPair;
  registrationId: number;
  signed: SignedPreKeyRecord;
  kyber: KyberPreKeyRecord;
  prekeys: PreKeyRecord[];
}

type SignKyber = (identity: PrivateKey, kyberPublic: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

/**
 * The identity key hash of PROTOCOL §9: base64 of the first 8 bytes of
 * SHA-256 over the serialised identity public key.
 */
export const identityKeyHash = (identityKey: Uint8Array): string =>
  createHash('sha256').update(identityKey).digest().subarray(0, 8).toString('base64');

export function generateIdentity(nowMs: number, signKyber: SignKyber = (k, p) => k.sign(p)): NewIdentity {
  const pair = IdentityKeyPair.generate();
  const signedKey = PrivateKey.generate();
  const signed = SignedPreKeyRecord.new(
    SIGNED_PREKEY_ID, nowMs, signedKey.getPublicKey(), signedKey, pair.privateKey.sign(signedKey.getPublicKey().serialize()),
  );
  const kem = KEMKeyPair.generate();
  const kyber = KyberPreKeyRecord.new(KYBER_PREKEY_ID, nowMs, kem, signKyber(pair.privateKey, kem.getPublicKey().serialize()));
  const prekeys = Array.from({ length: ONE_TIME_PREKEYS }, (_, i) => {
    const k = PrivateKey.generate();
    return PreKeyRecord.new(i + 1, k.getPublicKey(), k);
  });
  return { pair, registrationId: randomInt(1, 16381), signed, kyber, prekeys };
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** The body of `PUT /v0/keys/{address}` (PROTOCOL §4). */
export function publishedBundle(id: NewIdentity): Record<string, unknown> {
  return {
    registration_id: id.registrationId,
    device_id: 1,
    identity_key: b64(id.pair.publicKey.serialize()),
    signed_prekey: { id: id.signed.id(), public_key: b64(id.signed.publicKey().serialize()), signature: b64(id.signed.signature()) },
    kyber_prekey: { id: id.kyber.id(), public_key: b64(id.kyber.publicKey().serialize()), signature: b64(id.kyber.signature()) },
    prekeys: id.prekeys.map((p) => ({ id: p.id(), public_key: b64(p.publicKey().serialize()) })),
  };
}

function field(o: unknown, name: string): unknown {
  if (!isObject(o) || !(name in o)) throw new ReferenceFailure('REF_BAD_BUNDLE', `prekey bundle lacks ${name}`);
  return o[name];
}
const int = (o: unknown, name: string): number => {
  const v = field(o, name);
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ReferenceFailure('REF_BAD_BUNDLE', `prekey bundle ${name} is not an integer`);
  return v;
};
const raw = (o: unknown, name: string): Uint8Array<ArrayBuffer> => {
  const v = field(o, name);
  if (typeof v !== 'string') throw new ReferenceFailure('REF_BAD_BUNDLE', `prekey bundle ${name} is not base64`);
  return new Uint8Array(Buffer.from(v, 'base64'));
};

/** Parses the answer of `GET /v0/keys/{address}` into a libsignal bundle. */
export function parseBundle(json: unknown): PreKeyBundle {
  try {
    const signed = field(json, 'signed_prekey');
    const kyber = field(json, 'kyber_prekey');
    const prekey = isObject(json) && isObject(json.prekey) ? json.prekey : null;
    return PreKeyBundle.new(
      int(json, 'registration_id'),
      int(json, 'device_id'),
      prekey ? int(prekey, 'id') : null,
      prekey ? PublicKey.deserialize(raw(prekey, 'public_key')) : null,
      int(signed, 'id'),
      PublicKey.deserialize(raw(signed, 'public_key')),
      raw(signed, 'signature'),
      PublicKey.deserialize(raw(json, 'identity_key')),
      int(kyber, 'id'),
      KEMPublicKey.deserialize(raw(kyber, 'public_key')),
      raw(kyber, 'signature'),
    );
  } catch (e) {
    if (e instanceof ReferenceFailure) throw e;
    throw new ReferenceFailure('REF_BAD_BUNDLE', `prekey bundle rejected: ${(e as Error).message}`, { cause: e });
  }
}
