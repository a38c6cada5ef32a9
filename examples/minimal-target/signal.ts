// One business's Signal side, in memory: its identity and prekeys, the
// libsignal stores, and encrypt/decrypt with the consumers it talks to.
// Every call passes `now` from the virtual clock (PROTOCOL.md §10).

import { createHash, randomInt } from 'node:crypto';
import {
  CiphertextMessageType,
  IdentityChange,
  IdentityKeyPair,
  IdentityKeyStore,
  KEMKeyPair,
  KEMPublicKey,
  KyberPreKeyRecord,
  KyberPreKeyStore,
  PreKeyBundle,
  PreKeyRecord,
  PreKeySignalMessage,
  PreKeyStore,
  PrivateKey,
  ProtocolAddress,
  PublicKey,
  SessionRecord,
  SessionStore,
  SignalMessage,
  SignedPreKeyRecord,
  SignedPreKeyStore,
  processPreKeyBundle,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
  type Direction,
} from '@signalapp/libsignal-client';
import { isObject } from './http.ts';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** How many one-time prekeys a business publishes when it is provisioned. */
const ONE_TIME_PREKEYS = 100;

/** The protocol's identity key hash (PROTOCOL.md §9): base64 of the first 8 bytes of SHA-256 over the serialised public key. */
export function identityKeyHash(key: PublicKey): string {
  return createHash('sha256').update(key.serialize()).digest().subarray(0, 8).toString('base64');
}

class Identities extends IdentityKeyStore {
  readonly remote = new Map<string, PublicKey>();
  constructor(
    private readonly pair: IdentityKeyPair,
    private readonly registrationId: number,
  ) {
    super();
  }
  async getIdentityKey(): Promise<PrivateKey> {
    return this.pair.privateKey;
  }
  async getLocalRegistrationId(): Promise<number> {
    return this.registrationId;
  }
  async saveIdentity(name: ProtocolAddress, key: PublicKey): Promise<IdentityChange> {
    const before = this.remote.get(name.toString());
    this.remote.set(name.toString(), key);
    return before && !before.equals(key) ? IdentityChange.ReplacedExisting : IdentityChange.NewOrUnchanged;
  }
  // Every identity comes either from the key directory or from a PreKey message
  // the transport authenticated as the consumer's: a reinstall is trusted, and
  // the business is told about it (PROTOCOL.md §9).
  async isTrustedIdentity(_name: ProtocolAddress, _key: PublicKey, _direction: Direction): Promise<boolean> {
    return true;
  }
  async getIdentity(name: ProtocolAddress): Promise<PublicKey | null> {
    return this.remote.get(name.toString()) ?? null;
  }
}

class Sessions extends SessionStore {
  private readonly records = new Map<string, Uint8Array<ArrayBuffer>>();
  async saveSession(name: ProtocolAddress, record: SessionRecord): Promise<void> {
    this.records.set(name.toString(), record.serialize());
  }
  async getSession(name: ProtocolAddress): Promise<SessionRecord | null> {
    const bytes = this.records.get(name.toString());
    return bytes ? SessionRecord.deserialize(bytes) : null;
  }
  async getExistingSessions(addresses: ProtocolAddress[]): Promise<SessionRecord[]> {
    const found: SessionRecord[] = [];
    for (const a of addresses) {
      const s = await this.getSession(a);
      if (s) found.push(s);
    }
    return found;
  }
}

class PreKeys extends PreKeyStore {
  readonly records = new Map<number, PreKeyRecord>();
  async savePreKey(id: number, record: PreKeyRecord): Promise<void> {
    this.records.set(id, record);
  }
  async getPreKey(id: number): Promise<PreKeyRecord> {
    const r = this.records.get(id);
    if (!r) throw new Error(`no one-time prekey ${id}`);
    return r;
  }
  // A one-time prekey serves one handshake: once used it is gone (PROTOCOL.md §10).
  async removePreKey(id: number): Promise<void> {
    this.records.delete(id);
  }
}

class SignedPreKeys extends SignedPreKeyStore {
  readonly records = new Map<number, SignedPreKeyRecord>();
  async saveSignedPreKey(id: number, record: SignedPreKeyRecord): Promise<void> {
    this.records.set(id, record);
  }
  async getSignedPreKey(id: number): Promise<SignedPreKeyRecord> {
    const r = this.records.get(id);
    if (!r) throw new Error(`no signed prekey ${id}`);
    return r;
  }
}

class KyberPreKeys extends KyberPreKeyStore {
  readonly records = new Map<number, KyberPreKeyRecord>();
  private readonly used = new Set<string>();
  async saveKyberPreKey(id: number, record: KyberPreKeyRecord): Promise<void> {
    this.records.set(id, record);
  }
  async getKyberPreKey(id: number): Promise<KyberPreKeyRecord> {
    const r = this.records.get(id);
    if (!r) throw new Error(`no Kyber prekey ${id}`);
    return r;
  }
  // The Kyber key is a last-resort key, used by many handshakes; the same
  // handshake (same base key) twice is a replay and is refused.
  async markKyberPreKeyUsed(id: number, signedId: number, baseKey: PublicKey): Promise<void> {
    const handshake = `${id}:${signedId}:${b64(baseKey.serialize())}`;
    if (this.used.has(handshake)) throw new Error('Kyber prekey handshake replayed');
    this.used.add(handshake);
  }
}

/** A bundle as the key directory serves it (PROTOCOL.md §4). */
export interface DirectoryBundle {
  registration_id: number;
  device_id: number;
  identity_key: string;
  signed_prekey: { id: number; public_key: string; signature: string };
  kyber_prekey: { id: number; public_key: string; signature: string };
  prekey?: { id: number; public_key: string };
}

export function isDirectoryBundle(v: unknown): v is DirectoryBundle {
  const key = (k: unknown) => isObject(k) && typeof k.id === 'number' && typeof k.public_key === 'string';
  return (
    isObject(v) &&
    typeof v.registration_id === 'number' &&
    typeof v.identity_key === 'string' &&
    key(v.signed_prekey) &&
    key(v.kyber_prekey) &&
    (v.prekey === undefined || key(v.prekey))
  );
}

export interface Ciphertext {
  type: number;
  body: string;
}

/** Thrown by `decrypt` for anything that is not a genuine, new message: it is dropped, never forwarded. */
export class Undecryptable extends Error {}

export class BusinessSignal {
  private readonly pair = IdentityKeyPair.generate();
  private readonly registrationId = randomInt(1, 16381);
  private readonly identities = new Identities(this.pair, this.registrationId);
  private readonly sessions = new Sessions();
  private readonly preKeys = new PreKeys();
  private readonly signedPreKeys = new SignedPreKeys();
  private readonly kyberPreKeys = new KyberPreKeys();
  private readonly local: ProtocolAddress;

  constructor(address: string, nowMs: number) {
    this.local = ProtocolAddress.new(address, 1);
    const signed = PrivateKey.generate();
    this.signedPreKeys.records.set(1, SignedPreKeyRecord.new(1, nowMs, signed.getPublicKey(), signed, this.sign(signed.getPublicKey().serialize())));
    const kyber = KEMKeyPair.generate();
    this.kyberPreKeys.records.set(1, KyberPreKeyRecord.new(1, nowMs, kyber, this.sign(kyber.getPublicKey().serialize())));
    for (let id = 1; id <= ONE_TIME_PREKEYS; id++) {
      const k = PrivateKey.generate();
      this.preKeys.records.set(id, PreKeyRecord.new(id, k.getPublicKey(), k));
    }
  }

  private sign(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
    return this.pair.privateKey.sign(bytes);
  }

  /** The body of `PUT /v0/keys/{address}` (PROTOCOL.md §4). */
  bundle(): Record<string, unknown> {
    const signed = this.signedPreKeys.records.get(1)!;
    const kyber = this.kyberPreKeys.records.get(1)!;
    return {
      registration_id: this.registrationId,
      device_id: 1,
      identity_key: b64(this.pair.publicKey.serialize()),
      signed_prekey: { id: signed.id(), public_key: b64(signed.publicKey().serialize()), signature: b64(signed.signature()) },
      kyber_prekey: { id: kyber.id(), public_key: b64(kyber.publicKey().serialize()), signature: b64(kyber.signature()) },
      prekeys: [...this.preKeys.records.values()].map((p) => ({ id: p.id(), public_key: b64(p.publicKey().serialize()) })),
    };
  }

  /** Whether a session with `consumer` can carry a message now (none yet, or one unanswered for 30 days, cannot). */
  async hasSession(consumer: string, now: Date): Promise<boolean> {
    const s = await this.sessions.getSession(ProtocolAddress.new(consumer, 1));
    return s !== null && s.hasCurrentState(now);
  }

  /** Starts a session from a bundle the key directory served. */
  async startSession(consumer: string, b: DirectoryBundle, now: Date): Promise<void> {
    const bundle = PreKeyBundle.new(
      b.registration_id,
      1,
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
    await processPreKeyBundle(bundle, ProtocolAddress.new(consumer, 1), this.local, this.sessions, this.identities, now);
  }

  async encrypt(consumer: string, plaintext: string, now: Date): Promise<Ciphertext> {
    const m = await signalEncrypt(new Uint8Array(Buffer.from(plaintext, 'utf8')), ProtocolAddress.new(consumer, 1), this.local, this.sessions, this.identities, now);
    return { type: m.type(), body: b64(m.serialize()) };
  }

  /** The plaintext, and whether the consumer's identity changed with this message (a reinstall, PROTOCOL.md §9). */
  async decrypt(consumer: string, c: Ciphertext): Promise<{ plaintext: Uint8Array; identityChanged: boolean }> {
    const remote = ProtocolAddress.new(consumer, 1);
    const before = await this.identities.getIdentity(remote);
    let plaintext: Uint8Array;
    try {
      const bytes = unb64(c.body);
      if (c.type === CiphertextMessageType.PreKey) {
        plaintext = await signalDecryptPreKey(PreKeySignalMessage.deserialize(bytes), remote, this.local, this.sessions, this.identities, this.preKeys, this.signedPreKeys, this.kyberPreKeys);
      } else if (c.type === CiphertextMessageType.Whisper) {
        plaintext = await signalDecrypt(SignalMessage.deserialize(bytes), remote, this.local, this.sessions, this.identities);
      } else {
        throw new Error(`message type ${c.type}`);
      }
    } catch (e) {
      // Damaged, replayed (libsignal's DuplicatedMessage), or of the wrong type.
      throw new Undecryptable(e instanceof Error ? e.message : String(e));
    }
    const after = await this.identities.getIdentity(remote);
    return { plaintext, identityChanged: before !== null && after !== null && !before.equals(after) };
  }

  /** The identity key hash of the consumer's identity on file, if any. */
  async consumerIdentityHash(consumer: string): Promise<string | undefined> {
    const key = await this.identities.getIdentity(ProtocolAddress.new(consumer, 1));
    return key ? identityKeyHash(key) : undefined;
  }
}
