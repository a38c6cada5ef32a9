import {
  Direction,
  IdentityChange,
  IdentityKeyPair,
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
import type { NewIdentity } from './identity.ts';
import type { Runtime } from './runtime.ts';
import type { Business } from './types.ts';

// libsignal's stores, backed by SQLite and scoped to one business (the local
// party). Every write checks the reset generation: a libsignal call that
// began before a reset must not leave rows in the fresh database.
//
// A decrypt or encrypt writes through a HeldWrites: nothing reaches the
// database until the caller commits the writes in its own transaction, with
// what the operation produced (the forwarded mark and webhook of a decrypt,
// the stored envelope of an encrypt). A crash in between leaves the session
// where it was, so the envelope decrypts again after the restart; a session
// committed on its own moved past the message, and its second decrypt was a
// duplicate, dropped without a word.

/** Stores a new identity's key records for `business`; the caller's transaction decides whether they exist. */
export function storeIdentityKeys(rt: Runtime, business: string, id: NewIdentity): void {
  rt.stmt('INSERT INTO signed_prekeys (business, id, record) VALUES (?, ?, ?)').run(business, id.signed.id(), Buffer.from(id.signed.serialize()));
  rt.stmt('INSERT INTO kyber_prekeys (business, id, record, last_resort) VALUES (?, ?, ?, 1)').run(business, id.kyber.id(), Buffer.from(id.kyber.serialize()));
  const prekey = rt.stmt('INSERT INTO prekeys (business, id, record) VALUES (?, ?, ?)');
  for (const p of id.prekeys) prekey.run(business, p.id(), Buffer.from(p.serialize()));
}

/** libsignal wants ArrayBuffer-backed bytes; SQLite hands back Buffers over a shared pool. */
export const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

/**
 * The store writes of one Signal operation, held in memory until `commit`.
 * Reads through the stores see them first. A one-time prekey (or a Kyber
 * handshake) an operation used is claimed at once, so a concurrent operation
 * of another consumer cannot use it too before the commit.
 */
export class HeldWrites {
  readonly sessions = new Map<string, Buffer>();
  readonly identities = new Map<string, Buffer>();
  readonly usedPreKeys = new Set<number>();
  readonly usedKyber: Array<{ kyberId: number; signedId: number; baseKey: Buffer; oneTime: boolean }> = [];
  readonly #claims: string[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly business: string,
  ) {}

  /** false when another operation in flight holds `key` already. */
  claim(key: string): boolean {
    const k = `${this.business}|${key}`;
    if (this.rt.claims.has(k)) return false;
    this.rt.claims.add(k);
    this.#claims.push(k);
    return true;
  }

  claimedElsewhere(key: string): boolean {
    const k = `${this.business}|${key}`;
    return this.rt.claims.has(k) && !this.#claims.includes(k);
  }

  /**
   * Writes everything held and runs `also` in one transaction, then tells key
   * maintenance about used prekeys. The caller has checked the generation.
   */
  commit(also: () => void): void {
    const rt = this.rt;
    const b = this.business;
    rt.db.transaction(() => {
      for (const [address, record] of this.sessions) {
        rt.stmt('INSERT INTO sessions (business, address, record) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET record = excluded.record').run(b, address, record);
      }
      for (const [address, identity] of this.identities) {
        rt.stmt('INSERT INTO remote_identities (business, address, identity) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET identity = excluded.identity').run(b, address, identity);
      }
      for (const id of this.usedPreKeys) rt.stmt('DELETE FROM prekeys WHERE business = ? AND id = ?').run(b, id);
      for (const k of this.usedKyber) {
        if (k.oneTime) rt.stmt('DELETE FROM kyber_prekeys WHERE business = ? AND id = ?').run(b, k.kyberId);
        else rt.stmt('INSERT OR IGNORE INTO kyber_prekeys_used (business, kyber_id, signed_id, base_key) VALUES (?, ?, ?, ?)').run(b, k.kyberId, k.signedId, k.baseKey);
      }
      also();
    })();
    if (this.usedPreKeys.size > 0) rt.preKeyUsed(b);
    this.release();
  }

  /** Forgets the claims (after the commit, or when the operation is abandoned). */
  release(): void {
    for (const k of this.#claims.splice(0)) this.rt.claims.delete(k);
  }
}

class Scope {
  constructor(
    readonly rt: Runtime,
    readonly business: Business,
    readonly generation: number,
    /** Where writes go until the caller commits them; undefined: straight to the database. */
    readonly held?: HeldWrites,
  ) {}
  get id(): string {
    return this.business.phone_number_id;
  }
  /** A consumer's Signal address as stored: a keyed token, never the number, since no number may be readable at rest. */
  address(name: ProtocolAddress): string {
    return this.rt.token(this.id, name.toString());
  }
  write(sql: string, ...params: unknown[]): number {
    this.rt.guard(this.generation);
    return this.rt.stmt(sql).run(...params).changes;
  }
  record(sql: string, ...params: unknown[]): Buffer | undefined {
    const row = this.rt.stmt(sql).get(this.id, ...params) as { v: Buffer } | undefined;
    return row?.v;
  }
}

class Sessions extends SessionStore {
  constructor(private readonly s: Scope) {
    super();
  }
  override async saveSession(name: ProtocolAddress, record: SessionRecord): Promise<void> {
    if (this.s.held) {
      this.s.rt.guard(this.s.generation);
      this.s.held.sessions.set(this.s.address(name), Buffer.from(record.serialize()));
      return;
    }
    this.s.write(
      'INSERT INTO sessions (business, address, record) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET record = excluded.record',
      this.s.id, this.s.address(name), Buffer.from(record.serialize()),
    );
  }
  override async getSession(name: ProtocolAddress): Promise<SessionRecord | null> {
    const v = this.s.held?.sessions.get(this.s.address(name)) ?? this.s.record('SELECT record AS v FROM sessions WHERE business = ? AND address = ?', this.s.address(name));
    return v ? SessionRecord.deserialize(bytes(v)) : null;
  }
  override async getExistingSessions(addresses: ProtocolAddress[]): Promise<SessionRecord[]> {
    const found = await Promise.all(addresses.map((a) => this.getSession(a)));
    return found.filter((r): r is SessionRecord => r !== null);
  }
}

// Deserialising the identity for every message showed in the profile; the
// stored bytes are the cache key, so a changed identity is never served stale.
const identityPairs = new Map<string, { stored: Buffer; pair: IdentityKeyPair }>();

function identityPair(business: Business): IdentityKeyPair {
  const hit = identityPairs.get(business.phone_number_id);
  if (hit && hit.stored.equals(business.identity)) return hit.pair;
  const pair = IdentityKeyPair.deserialize(bytes(business.identity));
  identityPairs.set(business.phone_number_id, { stored: Buffer.from(business.identity), pair });
  return pair;
}

class Identities extends IdentityKeyStore {
  constructor(private readonly s: Scope) {
    super();
  }
  override async getIdentityKey(): Promise<PrivateKey> {
    return identityPair(this.s.business).privateKey;
  }
  override async getLocalRegistrationId(): Promise<number> {
    return this.s.business.registration_id;
  }
  override async saveIdentity(name: ProtocolAddress, key: PublicKey): Promise<IdentityChange> {
    const existing = await this.getIdentity(name);
    // libsignal saves the remote identity on every encrypt: an unchanged key needs no write (nor a commit).
    if (existing && existing.equals(key)) return IdentityChange.NewOrUnchanged;
    if (this.s.held) {
      this.s.rt.guard(this.s.generation);
      this.s.held.identities.set(this.s.address(name), Buffer.from(key.serialize()));
    } else this.s.write(
      'INSERT INTO remote_identities (business, address, identity) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET identity = excluded.identity',
      this.s.id, this.s.address(name), Buffer.from(key.serialize()),
    );
    return existing && !existing.equals(key) ? IdentityChange.ReplacedExisting : IdentityChange.NewOrUnchanged;
  }
  // Trust on first use, and accept a changed key: a consumer who reinstalls
  // gets a new identity. Inbound notices the change and tells the business
  // (PROTOCOL §9); outbound only ever uses a session the consumer's own
  // PreKey message or published bundle set up.
  override async isTrustedIdentity(_name: ProtocolAddress, _key: PublicKey, _direction: Direction): Promise<boolean> {
    return true;
  }
  override async getIdentity(name: ProtocolAddress): Promise<PublicKey | null> {
    const v = this.s.held?.identities.get(this.s.address(name)) ?? this.s.record('SELECT identity AS v FROM remote_identities WHERE business = ? AND address = ?', this.s.address(name));
    return v ? PublicKey.deserialize(bytes(v)) : null;
  }
}

class PreKeys extends PreKeyStore {
  constructor(private readonly s: Scope) {
    super();
  }
  override async savePreKey(id: number, record: PreKeyRecord): Promise<void> {
    this.s.write('INSERT OR REPLACE INTO prekeys (business, id, record) VALUES (?, ?, ?)', this.s.id, id, Buffer.from(record.serialize()));
  }
  override async getPreKey(id: number): Promise<PreKeyRecord> {
    const held = this.s.held;
    // Used by this operation, or by one in flight that has not committed yet: gone all the same.
    const taken = held !== undefined && (held.usedPreKeys.has(id) || held.claimedElsewhere(`prekey|${id}`));
    const v = taken ? undefined : this.s.record('SELECT record AS v FROM prekeys WHERE business = ? AND id = ?', id);
    if (!v) throw new Error(`no one-time prekey ${id}`);
    return PreKeyRecord.deserialize(bytes(v));
  }
  override async removePreKey(id: number): Promise<void> {
    if (!this.s.rt.seams.consumeOneTimePreKey(id)) return;
    const held = this.s.held;
    if (held) {
      this.s.rt.guard(this.s.generation);
      if (!held.claim(`prekey|${id}`)) throw new Error(`one-time prekey ${id} already used`);
      held.usedPreKeys.add(id);
      return;
    }
    this.s.write('DELETE FROM prekeys WHERE business = ? AND id = ?', this.s.id, id);
    this.s.rt.preKeyUsed(this.s.id);
  }
}

class SignedPreKeys extends SignedPreKeyStore {
  constructor(private readonly s: Scope) {
    super();
  }
  override async saveSignedPreKey(id: number, record: SignedPreKeyRecord): Promise<void> {
    this.s.write('INSERT OR REPLACE INTO signed_prekeys (business, id, record) VALUES (?, ?, ?)', this.s.id, id, Buffer.from(record.serialize()));
  }
  override async getSignedPreKey(id: number): Promise<SignedPreKeyRecord> {
    const v = this.s.record('SELECT record AS v FROM signed_prekeys WHERE business = ? AND id = ?', id);
    if (!v) throw new Error(`no signed prekey ${id}`);
    return SignedPreKeyRecord.deserialize(bytes(v));
  }
}

class KyberPreKeys extends KyberPreKeyStore {
  constructor(private readonly s: Scope) {
    super();
  }
  override async saveKyberPreKey(id: number, record: KyberPreKeyRecord): Promise<void> {
    this.s.write(
      'INSERT OR REPLACE INTO kyber_prekeys (business, id, record, last_resort) VALUES (?, ?, ?, 1)',
      this.s.id, id, Buffer.from(record.serialize()),
    );
  }
  override async getKyberPreKey(id: number): Promise<KyberPreKeyRecord> {
    const v = this.s.record('SELECT record AS v FROM kyber_prekeys WHERE business = ? AND id = ?', id);
    if (!v) throw new Error(`no Kyber prekey ${id}`);
    return KyberPreKeyRecord.deserialize(bytes(v));
  }
  // A last-resort key may serve many sessions but never the same handshake
  // twice: a repeated (key, signed key, base key) is a replayed PreKey message.
  override async markKyberPreKeyUsed(kyberId: number, signedId: number, baseKey: PublicKey): Promise<void> {
    const row = this.s.rt.stmt('SELECT last_resort FROM kyber_prekeys WHERE business = ? AND id = ?').get(this.s.id, kyberId) as
      | { last_resort: number }
      | undefined;
    const held = this.s.held;
    if (held) {
      this.s.rt.guard(this.s.generation);
      const oneTime = row !== undefined && row.last_resort === 0;
      const base = Buffer.from(baseKey.serialize());
      const key = oneTime ? `kyber|${kyberId}` : `kyber|${kyberId}|${signedId}|${base.toString('base64')}`;
      const before =
        !oneTime && this.s.rt.stmt('SELECT 1 FROM kyber_prekeys_used WHERE business = ? AND kyber_id = ? AND signed_id = ? AND base_key = ?').get(this.s.id, kyberId, signedId, base);
      if (before || held.usedKyber.some((k) => k.kyberId === kyberId && k.signedId === signedId && k.baseKey.equals(base)) || !held.claim(key)) {
        throw new Error(`Kyber prekey ${kyberId} already used with this base key`);
      }
      held.usedKyber.push({ kyberId, signedId, baseKey: base, oneTime });
      return;
    }
    if (row && row.last_resort === 0) {
      this.s.write('DELETE FROM kyber_prekeys WHERE business = ? AND id = ?', this.s.id, kyberId);
      return;
    }
    const added = this.s.write(
      'INSERT OR IGNORE INTO kyber_prekeys_used (business, kyber_id, signed_id, base_key) VALUES (?, ?, ?, ?)',
      this.s.id, kyberId, signedId, Buffer.from(baseKey.serialize()),
    );
    if (added === 0) throw new Error(`Kyber prekey ${kyberId} already used with this base key`);
  }
}

export interface SignalStores {
  local: ProtocolAddress;
  sessions: SessionStore;
  identities: IdentityKeyStore;
  prekeys: PreKeyStore;
  signedPrekeys: SignedPreKeyStore;
  kyberPrekeys: KyberPreKeyStore;
}

/** The stores for one operation; with `held`, its writes wait for `held.commit`. */
export function storesFor(rt: Runtime, business: Business, generation: number, held?: HeldWrites): SignalStores {
  const s = new Scope(rt, business, generation, held);
  return {
    local: ProtocolAddress.new(business.display_phone_number, 1),
    sessions: new Sessions(s),
    identities: new Identities(s),
    prekeys: new PreKeys(s),
    signedPrekeys: new SignedPreKeys(s),
    kyberPrekeys: new KyberPreKeys(s),
  };
}

export const remoteAddress = (waId: string): ProtocolAddress => ProtocolAddress.new(waId, 1);
