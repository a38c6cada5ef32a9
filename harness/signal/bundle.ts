// The prekey bundle as it travels through the transport's key directory
// (PROTOCOL.md §4), and its conversion to libsignal's PreKeyBundle.

import { KEMPublicKey, PreKeyBundle, PublicKey } from '@signalapp/libsignal-client';

export interface WireSignedKey {
  id: number;
  public_key: string;
  signature: string;
}

export interface WirePreKey {
  id: number;
  public_key: string;
}

/** What a party publishes with PUT /v0/keys/{address}. */
export interface PublishedBundle {
  registration_id: number;
  device_id: number;
  identity_key: string;
  signed_prekey: WireSignedKey;
  kyber_prekey: WireSignedKey;
  prekeys: WirePreKey[];
}

/** What the directory hands out with GET /v0/keys/{address}: at most one one-time prekey. */
export interface FetchedBundle {
  registration_id: number;
  device_id: number;
  identity_key: string;
  signed_prekey: WireSignedKey;
  kyber_prekey: WireSignedKey;
  prekey?: WirePreKey;
}

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const unb64 = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(text, 'base64'));

export function toPreKeyBundle(b: FetchedBundle): PreKeyBundle {
  return PreKeyBundle.new(
    b.registration_id,
    b.device_id,
    b.prekey ? b.prekey.id : null,
    b.prekey ? PublicKey.deserialize(unb64(b.prekey.public_key)) : null,
    b.signed_prekey.id,
    PublicKey.deserialize(unb64(b.signed_prekey.public_key)),
    unb64(b.signed_prekey.signature),
    PublicKey.deserialize(unb64(b.identity_key)),
    b.kyber_prekey.id,
    KEMPublicKey.deserialize(unb64(b.kyber_prekey.public_key)),
    unb64(b.kyber_prekey.signature),
  );
}

function isWireKey(v: unknown, signed: boolean): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const k = v as Record<string, unknown>;
  return Number.isInteger(k.id) && typeof k.public_key === 'string' && (!signed || typeof k.signature === 'string');
}

/** Checks the shape of a published bundle; returns what is wrong, or null. */
export function publishedBundleProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'bundle is not a JSON object';
  const b = v as Record<string, unknown>;
  if (!Number.isInteger(b.registration_id)) return 'registration_id is not an integer';
  if (!Number.isInteger(b.device_id)) return 'device_id is not an integer';
  if (typeof b.identity_key !== 'string') return 'identity_key is not a string';
  if (!isWireKey(b.signed_prekey, true)) return 'signed_prekey is not {id, public_key, signature}';
  if (!isWireKey(b.kyber_prekey, true)) return 'kyber_prekey is not {id, public_key, signature}';
  if (!Array.isArray(b.prekeys) || !b.prekeys.every((p) => isWireKey(p, false))) return 'prekeys is not a list of {id, public_key}';
  return null;
}
