import { IdentityKeyPair, KyberPreKeyRecord, PreKeyRecord, PrivateKey, SignedPreKeyRecord } from '@signalapp/libsignal-client';
import { ReferenceFailure } from './errors.ts';
import { generateIdentity, ONE_TIME_PREKEYS, publishedBundle } from './identity.ts';
import type { Runtime } from './runtime.ts';
import { bytes, storeIdentityKeys } from './signal-store.ts';
import type { TransportClient } from './transport-client.ts';
import type { Business } from './types.ts';

// A business's keys over time (PROTOCOL "Keys over time"): one-time prekeys
// are topped up in batches before the directory runs dry, with ids never used
// before; the signed prekey is replaced every 7 virtual days and the one it
// replaced kept for a 30-day grace, so a consumer who fetched the old bundle
// can still open a session. Work runs on the per-business queue `keys|…`,
// which `idle` counts, on every clock advance, after a PreKey message used a
// one-time prekey, and when the target comes back from a restart.

/** One-time prekeys per upload. */
export const PREKEY_BATCH = 100;
/** Fewer unused one-time prekeys than this and a new batch is uploaded. */
export const PREKEY_LOW_WATER = 10;

/** The meta key holding the lowest one-time prekey id a business never used. */
export const nextPreKeyIdKey = (business: string): string => `prekey_next_id|${business}`;

const queueKey = (business: string): string => `keys|${business}`;

interface Row {
  id: number;
  record: Buffer;
}

export class KeyMaintenance {
  constructor(
    private readonly rt: Runtime,
    private readonly transport: TransportClient,
  ) {
    // Signal stores tell us when a PreKey message consumed a one-time prekey.
    rt.preKeyUsed = (business) => this.preKeyUsed(business);
  }

  /**
   * Coming back from a restart: what was stored is what the target holds
   * (identity, sessions), unless a fault says otherwise; then whatever fell
   * due while it was down is done.
   */
  resume(): void {
    const rt = this.rt;
    if (!rt.seams.sessionsKeptOnRestart()) rt.stmt('DELETE FROM sessions').run();
    if (!rt.seams.identityKeptOnRestart()) {
      for (const b of rt.businesses()) this.schedule(b.phone_number_id, (generation) => this.regenerate(b, generation));
    }
    this.tick();
  }

  /** On every clock advance: rotation, grace expiry and top-ups that fell due. */
  tick(): void {
    for (const b of this.rt.businesses()) this.schedule(b.phone_number_id, (generation) => this.maintain(b.phone_number_id, generation));
  }

  /** A PreKey message used one of `business`'s one-time prekeys: top up if few are left. */
  preKeyUsed(business: string): void {
    this.schedule(business, (generation) => this.refill(business, generation));
  }

  private schedule(business: string, task: (generation: number) => Promise<void>): void {
    const generation = this.rt.generation;
    this.rt.sessions.run(queueKey(business), () => task(generation)).catch((e: unknown) => {
      if (e instanceof ReferenceFailure && e.code === 'REF_STALE_WORK') return;
      process.emitWarning(`key maintenance for ${business} failed: ${(e as Error).message}`);
    });
  }

  /** The business as stored now (a reset may have removed it). */
  private business(id: string, generation: number): Business | undefined {
    this.rt.guard(generation);
    return this.rt.business(id);
  }

  private async maintain(id: string, generation: number): Promise<void> {
    await this.rotate(id, generation);
    await this.refill(id, generation);
  }

  /** Replaces a signed prekey that is due, and drops replaced ones past their grace. */
  async rotate(id: string, generation: number): Promise<void> {
    const rt = this.rt;
    const business = this.business(id, generation);
    if (!business) return;
    const signed = this.signedPreKeys(id);
    const current = signed.at(-1);
    if (!current) return;
    const now = rt.now();
    let fresh: SignedPreKeyRecord | undefined;
    if (rt.seams.signedPreKeyDue(now - current.timestamp())) {
      const key = PrivateKey.generate();
      const pair = IdentityKeyPair.deserialize(bytes(business.identity));
      fresh = SignedPreKeyRecord.new(current.id() + 1, now, key.getPublicKey(), key, pair.privateKey.sign(key.getPublicKey().serialize()));
    }
    const all = fresh ? [...signed, fresh] : signed;
    // A key retires when its successor is made; it serves PreKey messages built on it for the grace.
    const expired = all.slice(0, -1).filter((_, i) => !rt.seams.retiredSignedPreKeyKept(now - all[i + 1]!.timestamp()));
    // Most clock advances change nothing: no transaction for them.
    if (!fresh && expired.length === 0) return;
    rt.guard(generation);
    rt.db.transaction(() => {
      if (fresh) rt.stmt('INSERT INTO signed_prekeys (business, id, record) VALUES (?, ?, ?)').run(id, fresh.id(), Buffer.from(fresh.serialize()));
      for (const k of expired) rt.stmt('DELETE FROM signed_prekeys WHERE business = ? AND id = ?').run(id, k.id());
    })();
    if (!fresh) return;
    try {
      await this.publish(business, fresh, []);
    } catch (e) {
      // Never published: nobody can have used it. The next tick tries again.
      rt.guard(generation);
      rt.stmt('DELETE FROM signed_prekeys WHERE business = ? AND id = ?').run(id, fresh.id());
      throw e;
    }
  }

  /** Uploads a batch of new one-time prekeys when fewer than PREKEY_LOW_WATER are left unused. */
  async refill(id: string, generation: number): Promise<void> {
    const rt = this.rt;
    const business = this.business(id, generation);
    if (!business) return;
    const left = (rt.stmt('SELECT COUNT(*) AS n FROM prekeys WHERE business = ?').get(id) as { n: number }).n;
    if (left >= PREKEY_LOW_WATER) return;
    const signed = this.signedPreKeys(id).at(-1);
    if (!signed) return;
    const next = this.nextPreKeyId(id);
    const records = rt.seams.preKeyRefillIds(next, PREKEY_BATCH).map((keyId) => {
      const k = PrivateKey.generate();
      return PreKeyRecord.new(keyId, k.getPublicKey(), k);
    });
    rt.guard(generation);
    rt.db.transaction(() => {
      for (const r of records) rt.stmt('INSERT OR REPLACE INTO prekeys (business, id, record) VALUES (?, ?, ?)').run(id, r.id(), Buffer.from(r.serialize()));
      // Ids move forward even if the upload fails: an id is never offered twice.
      rt.setMeta(nextPreKeyIdKey(id), String(Math.max(next, ...records.map((r) => r.id() + 1))));
    })();
    try {
      await this.publish(business, signed, records);
    } catch (e) {
      rt.guard(generation);
      const drop = rt.stmt('DELETE FROM prekeys WHERE business = ? AND id = ?');
      rt.db.transaction(() => records.forEach((r) => drop.run(id, r.id())))();
      throw e;
    }
  }

  /** The lowest one-time prekey id never used: provisioning used 1..ONE_TIME_PREKEYS. */
  private nextPreKeyId(id: string): number {
    const stored = this.rt.meta(nextPreKeyIdKey(id));
    if (stored !== undefined) return Number(stored);
    const max = (this.rt.stmt('SELECT MAX(id) AS m FROM prekeys WHERE business = ?').get(id) as { m: number | null }).m ?? 0;
    return Math.max(max, ONE_TIME_PREKEYS) + 1;
  }

  /** Signed prekeys held for a business, oldest first; the last is the published one. */
  private signedPreKeys(id: string): SignedPreKeyRecord[] {
    return (this.rt.stmt('SELECT id, record FROM signed_prekeys WHERE business = ? ORDER BY id').all(id) as Row[]).map((r) => SignedPreKeyRecord.deserialize(bytes(r.record)));
  }

  private lastResortKyber(id: string): KyberPreKeyRecord {
    const row = this.rt.stmt('SELECT id, record FROM kyber_prekeys WHERE business = ? AND last_resort = 1 ORDER BY id DESC LIMIT 1').get(id) as Row | undefined;
    if (!row) throw new ReferenceFailure('REF_BAD_BUNDLE', `business ${id} has no last-resort Kyber prekey`);
    return KyberPreKeyRecord.deserialize(bytes(row.record));
  }

  /** PUT /v0/keys: the current signed and Kyber prekeys, and `prekeys` added to the directory (PROTOCOL §4). */
  private async publish(business: Business, signed: SignedPreKeyRecord, prekeys: PreKeyRecord[]): Promise<void> {
    const bundle = publishedBundle({
      pair: IdentityKeyPair.deserialize(bytes(business.identity)),
      registrationId: business.registration_id,
      signed,
      kyber: this.lastResortKyber(business.phone_number_id),
      prekeys,
    });
    await this.transport.putKeys(business.display_phone_number, bundle);
  }

  /** Only a fault calls this: the business comes back from a restart with a new identity, published at once. */
  private async regenerate(b: Business, generation: number): Promise<void> {
    const rt = this.rt;
    const id = generateIdentity(rt.now(), rt.seams.signKyberPreKey);
    rt.guard(generation);
    rt.db.transaction(() => {
      rt.stmt('UPDATE businesses SET identity = ?, registration_id = ? WHERE phone_number_id = ?').run(Buffer.from(id.pair.serialize()), id.registrationId, b.phone_number_id);
      for (const table of ['prekeys', 'signed_prekeys', 'kyber_prekeys']) rt.stmt(`DELETE FROM ${table} WHERE business = ?`).run(b.phone_number_id);
      storeIdentityKeys(rt, b.phone_number_id, id);
    })();
    rt.businessesChanged();
    await this.transport.putKeys(b.display_phone_number, publishedBundle(id));
  }
}
