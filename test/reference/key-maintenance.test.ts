// Key maintenance (reference/key-maintenance.ts): one-time prekeys topped up
// with new ids, the signed prekey rotated every 7 virtual days with a 30-day
// grace for the one it replaced, identity and sessions kept across a restart.
import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PublicKey } from '@signalapp/libsignal-client';
import { unb64, type PublishedBundle } from '../../harness/signal/bundle.ts';
import { BUSINESS, Kit, NOW_MS } from './harness-kit.ts';
import { Consumer, valueOf } from './fixtures.ts';

const DAY_MS = 86_400_000;

async function started(t: { teardown(fn: () => unknown): void }, fault?: string): Promise<Kit> {
  const kit = await Kit.start(fault);
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  return kit;
}

/** The business's bundle as last published (the fake directory keeps the latest PUT). */
const published = (kit: Kit): PublishedBundle => kit.transport.bundles.get(BUSINESS.display_phone_number) as unknown as PublishedBundle;

/** Runs SQL on the reference's database from outside, as these tests may. */
function sql<T>(kit: Kit, fn: (db: Database.Database) => T): T {
  const db = new Database(join(kit.dataDir, 'reference.sqlite3'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const storedIds = (kit: Kit, table: 'prekeys' | 'signed_prekeys'): number[] =>
  sql(kit, (db) => (db.prepare(`SELECT id FROM ${table} WHERE business = ? ORDER BY id`).all(BUSINESS.phone_number_id) as { id: number }[]).map((r) => r.id));

/** As if `n` first contacts had used the lowest one-time prekeys still stored. */
const consume = (kit: Kit, n: number): void =>
  sql(kit, (db) => {
    db.prepare('DELETE FROM prekeys WHERE business = ? AND id IN (SELECT id FROM prekeys WHERE business = ? ORDER BY id LIMIT ?)').run(BUSINESS.phone_number_id, BUSINESS.phone_number_id, n);
  });

async function advance(kit: Kit, ms: number): Promise<void> {
  await kit.control('POST', '/clock/advance', { ms });
  await kit.idle();
}

/** A first contact on `bundle` with one-time prekey `preKeyId` (or none), posted to the reference. */
async function firstContact(kit: Kit, waId: string, id: string, bundle: PublishedBundle, preKeyId: number | null): Promise<number> {
  const c = new Consumer(waId);
  kit.transport.bundles.set(waId, c.bundle());
  const prekeys = preKeyId === null ? [] : bundle.prekeys.filter((p) => p.id === preKeyId);
  const ct = await c.encrypt(BUSINESS.display_phone_number, JSON.stringify({ v: 0, type: 'text', text: { body: id } }), { ...bundle, prekeys }, new Date(NOW_MS));
  const res = await kit.call('POST', '/transport/v0/envelopes', kit.transport.token, { id, from: waId, to: BUSINESS.display_phone_number, type: ct.type, body: ct.body, timestamp: NOW_MS / 1000 });
  return res.status;
}

const forwarded = (kit: Kit): string[] =>
  kit.hooks.deliveries.flatMap((d) => ((valueOf(d).messages as { id: string }[] | undefined) ?? []).map((m) => m.id));

t.test('one-time prekeys are topped up in batches of 100 with ids never used before', async (t) => {
  const kit = await started(t);
  t.same(published(kit).prekeys.map((p) => p.id), Array.from({ length: 100 }, (_, i) => i + 1), 'provisioning publishes 1..100');
  consume(kit, 90);
  await advance(kit, 1);
  t.equal(published(kit).prekeys.length, 100, 'ten left: no top-up yet');
  t.equal(storedIds(kit, 'prekeys').length, 10);

  // The 91st first contact uses a real one-time prekey: nine are left, a batch follows.
  const first = published(kit);
  t.equal(await firstContact(kit, '447700900201', 'wamid.k91', first, 91), 200);
  await kit.idle();
  t.same(forwarded(kit), ['wamid.k91']);
  const batch = published(kit).prekeys.map((p) => p.id);
  t.same(batch, Array.from({ length: 100 }, (_, i) => 101 + i), 'the batch continues after the highest id ever published');
  t.equal(storedIds(kit, 'prekeys').length, 109);
  t.equal(published(kit).identity_key, first.identity_key, 'same identity');
  t.equal(published(kit).signed_prekey.id, first.signed_prekey.id, 'same signed prekey');

  // Even when every stored one-time prekey is gone, ids keep moving forward.
  consume(kit, 109);
  await advance(kit, 1);
  t.same(published(kit).prekeys.map((p) => p.id), Array.from({ length: 100 }, (_, i) => 201 + i));
  await kit.reference.close();
  await kit.boot();
  consume(kit, 95);
  await advance(kit, 1);
  t.equal(published(kit).prekeys[0]?.id, 301, 'the next id is stored: a restart does not start over');
});

t.test('fault prekey-refill-reuses-ids: the top-up reuses ids 1..100', async (t) => {
  const kit = await started(t, 'prekey-refill-reuses-ids');
  consume(kit, 95);
  await advance(kit, 1);
  t.equal(published(kit).prekeys[0]?.id, 1);
});

t.test('the signed prekey is rotated every 7 virtual days, the old one kept for 30', async (t) => {
  const kit = await started(t);
  const old = published(kit);
  const identity = PublicKey.deserialize(unb64(old.identity_key));
  await advance(kit, 7 * DAY_MS - 60_000);
  t.equal(published(kit).signed_prekey.id, old.signed_prekey.id, 'not yet due');
  await advance(kit, 60_000);
  const rotated = published(kit);
  t.not(rotated.signed_prekey.id, old.signed_prekey.id, 'a new id');
  t.not(rotated.signed_prekey.public_key, old.signed_prekey.public_key, 'a new key');
  t.equal(rotated.identity_key, old.identity_key, 'under the same identity');
  t.ok(identity.verify(unb64(rotated.signed_prekey.public_key), unb64(rotated.signed_prekey.signature)), 'signed by the identity key');
  t.same(rotated.kyber_prekey, old.kyber_prekey, 'the last-resort Kyber prekey is published again');
  t.same(rotated.prekeys, [], 'no one-time prekeys added by a rotation');
  t.same(storedIds(kit, 'signed_prekeys'), [1, 2], 'the replaced one is kept');

  // 29 days after the rotation a consumer who fetched the old bundle still gets through.
  await advance(kit, 29 * DAY_MS);
  t.equal(await firstContact(kit, '447700900202', 'wamid.old-bundle', old, 5), 200);
  await kit.idle();
  t.same(forwarded(kit), ['wamid.old-bundle'], 'a PreKey message on the replaced signed prekey decrypts within the grace');
  t.same(storedIds(kit, 'signed_prekeys'), [1, 2, 3], 'the rotation at day 36 keeps key 2, and key 1 is not past its grace yet');

  await advance(kit, DAY_MS);
  t.same(storedIds(kit, 'signed_prekeys'), [2, 3], 'key 1 dropped 30 days after it was replaced');
  t.equal(await firstContact(kit, '447700900203', 'wamid.too-late', old, 6), 200);
  await kit.idle();
  t.same(forwarded(kit), ['wamid.old-bundle'], 'past the grace the old bundle no longer works');
});

t.test('fault signed-prekey-never-rotated', async (t) => {
  const kit = await started(t, 'signed-prekey-never-rotated');
  await advance(kit, 20 * DAY_MS);
  t.equal(published(kit).signed_prekey.id, 1);
  t.same(storedIds(kit, 'signed_prekeys'), [1]);
});

t.test('fault old-signed-prekey-dropped-at-rotation', async (t) => {
  const kit = await started(t, 'old-signed-prekey-dropped-at-rotation');
  const old = published(kit);
  await advance(kit, 7 * DAY_MS);
  t.same(storedIds(kit, 'signed_prekeys'), [2]);
  t.equal(await firstContact(kit, '447700900204', 'wamid.old', old, 1), 200);
  await kit.idle();
  t.same(forwarded(kit), [], 'the PreKey message on the dropped key is not forwarded');
});

t.test('a restart keeps the identity and the sessions; the faults lose one or the other', async (t) => {
  for (const fault of [undefined, 'identity-regenerated-on-restart', 'sessions-lost-on-restart']) {
    await t.test(fault ?? 'clean', async (t) => {
      const kit = await started(t, fault);
      const before = published(kit);
      const consumer = kit.consumer('447700900205');
      await kit.inbound(consumer, 'wamid.r1', 'before', true);
      await kit.idle();
      t.equal((await kit.control('POST', '/restart')).status, 200);
      await kit.idle();
      t.equal(published(kit).identity_key === before.identity_key, fault !== 'identity-regenerated-on-restart', 'identity published after the restart');
      await kit.inbound(consumer, 'wamid.r2', 'after', false);
      await kit.idle();
      t.equal(forwarded(kit).includes('wamid.r2'), fault !== 'sessions-lost-on-restart', 'the session carries the next message');
    });
  }
});
