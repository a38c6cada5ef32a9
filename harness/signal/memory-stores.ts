// In-memory libsignal stores for one simulated consumer. Consumers live for a
// single case, so nothing here needs to persist.

import {
  Direction,
  IdentityChange,
  IdentityKeyStore,
  KyberPreKeyRecord,
  KyberPreKeyStore,
  PreKeyRecord,
  PreKeyStore,
  PrivateKey,
  ProtocolAddress,
  PublicKey,
  SessionRecord,
  SessionStore,
  SignedPreKeyRecord,
  SignedPreKeyStore,
} from '@signalapp/libsignal-client';

const key = (a: ProtocolAddress): string => `${a.name()}.${a.deviceId()}`;

export class MemorySessionStore extends SessionStore {
  #sessions = new Map<string, Uint8Array<ArrayBuffer>>();
  override async saveSession(name: ProtocolAddress, record: SessionRecord): Promise<void> {
    this.#sessions.set(key(name), record.serialize());
  }
  override async getSession(name: ProtocolAddress): Promise<SessionRecord | null> {
    const bytes = this.#sessions.get(key(name));
    return bytes ? SessionRecord.deserialize(bytes) : null;
  }
  override async getExistingSessions(addresses: ProtocolAddress[]): Promise<SessionRecord[]> {
    return addresses.map((a) => {
      const bytes = this.#sessions.get(key(a));
      if (!bytes) throw new Error(`no session for ${key(a)}`);
      return SessionRecord.deserialize(bytes);
    });
  }
}

export class MemoryIdentityStore extends IdentityKeyStore {
  #identities = new Map<string, PublicKey>();
  constructor(
    private readonly identityKey: PrivateKey,
    private readonly registrationId: number,
  ) {
    super();
  }
  override async getIdentityKey(): Promise<PrivateKey> {
    return this.identityKey;
  }
  override async getLocalRegistrationId(): Promise<number> {
    return this.registrationId;
  }
  override async saveIdentity(name: ProtocolAddress, k: PublicKey): Promise<IdentityChange> {
    const old = this.#identities.get(key(name));
    this.#identities.set(key(name), k);
    return old && !old.equals(k) ? IdentityChange.ReplacedExisting : IdentityChange.NewOrUnchanged;
  }
  override async isTrustedIdentity(name: ProtocolAddress, k: PublicKey, _d: Direction): Promise<boolean> {
    // Trust on first use, like a WhatsApp client; an identity change is what a case inspects.
    const known = this.#identities.get(key(name));
    return known === undefined || known.equals(k);
  }
  override async getIdentity(name: ProtocolAddress): Promise<PublicKey | null> {
    return this.#identities.get(key(name)) ?? null;
  }
}

export class MemoryPreKeyStore extends PreKeyStore {
  #keys = new Map<number, Uint8Array<ArrayBuffer>>();
  override async savePreKey(id: number, record: PreKeyRecord): Promise<void> {
    this.#keys.set(id, record.serialize());
  }
  override async getPreKey(id: number): Promise<PreKeyRecord> {
    const bytes = this.#keys.get(id);
    if (!bytes) throw new Error(`no prekey ${id}`);
    return PreKeyRecord.deserialize(bytes);
  }
  override async removePreKey(id: number): Promise<void> {
    this.#keys.delete(id);
  }
}

export class MemorySignedPreKeyStore extends SignedPreKeyStore {
  #keys = new Map<number, Uint8Array<ArrayBuffer>>();
  override async saveSignedPreKey(id: number, record: SignedPreKeyRecord): Promise<void> {
    this.#keys.set(id, record.serialize());
  }
  override async getSignedPreKey(id: number): Promise<SignedPreKeyRecord> {
    const bytes = this.#keys.get(id);
    if (!bytes) throw new Error(`no signed prekey ${id}`);
    return SignedPreKeyRecord.deserialize(bytes);
  }
}

export class MemoryKyberPreKeyStore extends KyberPreKeyStore {
  #keys = new Map<number, Uint8Array<ArrayBuffer>>();
  #used = new Set<string>();
  override async saveKyberPreKey(id: number, record: KyberPreKeyRecord): Promise<void> {
    this.#keys.set(id, record.serialize());
  }
  override async getKyberPreKey(id: number): Promise<KyberPreKeyRecord> {
    const bytes = this.#keys.get(id);
    if (!bytes) throw new Error(`no kyber prekey ${id}`);
    return KyberPreKeyRecord.deserialize(bytes);
  }
  override async markKyberPreKeyUsed(id: number, signedId: number, baseKey: PublicKey): Promise<void> {
    // Our consumers publish one last-resort Kyber key: refuse a repeated (id, signedId, baseKey).
    const use = `${id}:${signedId}:${Buffer.from(baseKey.serialize()).toString('base64')}`;
    if (this.#used.has(use)) throw new Error(`kyber prekey ${id} reused with the same base key`);
    this.#used.add(use);
  }
}
