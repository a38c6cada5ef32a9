// Media a consumer sends (reference/inbound-media.ts, PROTOCOL §4.2, §7): fetched
// from the transport's media store, served by media id for 7 days, gone after.
import { createHash, randomBytes } from 'node:crypto';
import t from 'tap';
import { Aes256GcmSiv } from '@signalapp/libsignal-client';
import { BUSINESS, Kit, NOW_MS } from './harness-kit.ts';

const CONSUMER = '447700900123';
const DAY_MS = 86_400_000;
const FILE = Buffer.from('inbound media canary');

/** Puts the encrypted file in the fake transport's store; returns the content object naming it. */
function stored(kit: Kit, id: string, file = FILE): Record<string, unknown> {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const ct = Aes256GcmSiv.new(new Uint8Array(key)).encrypt(new Uint8Array(file), new Uint8Array(nonce), new Uint8Array(0));
  kit.transport.media.set(id, Buffer.concat([nonce, Buffer.from(ct)]));
  return { v: 0, type: 'document', document: { id, mime_type: 'text/plain', sha256: createHash('sha256').update(file).digest('base64'), filename: 'n.txt', media_key: key.toString('base64') } };
}

const consumers = new WeakMap<Kit, ReturnType<Kit['consumer']>>();

async function deliver(kit: Kit, content: Record<string, unknown>, id: string, first: boolean): Promise<void> {
  let c = consumers.get(kit);
  if (!c) consumers.set(kit, (c = kit.consumer(CONSUMER)));
  const bundle = first ? kit.transport.bundles.get(BUSINESS.display_phone_number) : undefined;
  const ct = await c.encrypt(BUSINESS.display_phone_number, JSON.stringify(content), bundle, new Date(NOW_MS));
  await kit.call('POST', '/transport/v0/envelopes', kit.transport.token, { id, from: CONSUMER, to: BUSINESS.display_phone_number, type: ct.type, body: ct.body, timestamp: NOW_MS / 1000 });
  await kit.idle();
}

const getMedia = (kit: Kit, id: string) => kit.call('GET', `/v23.0/${id}`, BUSINESS.access_token);

t.test('a consumer\'s file is served by its media id until 7 days, refused after, gone from storage', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  await deliver(kit, stored(kit, '1234567890123456'), 'wamid.media-1', true);
  const hook = kit.hooks.deliveries.find((d) => d.raw.includes('wamid.media-1'));
  t.ok(hook, 'forwarded');
  t.notOk(hook!.raw.includes('media_key'), 'the webhook does not carry the media key');
  t.ok(hook!.raw.includes('"id":"1234567890123456"'), 'the webhook names the file by its id');
  const meta = await getMedia(kit, '1234567890123456');
  t.equal(meta.status, 200);
  t.equal(meta.body.sha256, createHash('sha256').update(FILE).digest('base64'));
  t.equal(meta.body.file_size, FILE.length);
  const url = new URL(meta.body.url as string);
  const file = await fetch(`${kit.reference.url}${url.pathname}`, { headers: { authorization: `Bearer ${BUSINESS.access_token}` } });
  t.same(Buffer.from(await file.arrayBuffer()), FILE, 'the download is the consumer\'s file');
  const dump = (await kit.control('GET', '/storage')).body.records as Array<{ store: string; bytes: string }>;
  t.ok(dump.some((r) => r.store === 'inbound_media'), 'kept at rest');
  t.notOk(dump.some((r) => Buffer.from(r.bytes, 'base64').includes(FILE)), 'sealed');

  await kit.control('POST', '/clock/advance', { ms: 7 * DAY_MS - 1 });
  t.equal((await getMedia(kit, '1234567890123456')).status, 200, 'served a millisecond before 7 days');
  await kit.control('POST', '/clock/advance', { ms: 1 });
  t.equal((await getMedia(kit, '1234567890123456')).status, 400, 'refused at 7 days');
  const after = (await kit.control('GET', '/storage')).body.records as Array<{ store: string; bytes: string }>;
  t.notOk(after.some((r) => r.store === 'inbound_media' || r.store === 'media_urls'), 'the file and its URLs are gone');
});

t.test('a file that is missing or does not match its digest is not served; the message still is', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const content = stored(kit, '2234567890123456');
  kit.transport.media.delete('2234567890123456');
  await deliver(kit, content, 'wamid.media-missing', true);
  t.ok(kit.hooks.deliveries.some((d) => d.raw.includes('wamid.media-missing')), 'forwarded');
  t.equal((await getMedia(kit, '2234567890123456')).status, 400);
  const wrong = stored(kit, '3234567890123456');
  (wrong.document as Record<string, unknown>).sha256 = createHash('sha256').update('other').digest('base64');
  await deliver(kit, wrong, 'wamid.media-wrong', false);
  t.equal((await getMedia(kit, '3234567890123456')).status, 400);
});

t.test('fault inbound-media-id-never-expires: served after 7 days, purged at 30', async (t) => {
  const kit = await Kit.start('inbound-media-id-never-expires');
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  await deliver(kit, stored(kit, '4234567890123456'), 'wamid.media-f', true);
  await kit.control('POST', '/clock/advance', { ms: 8 * DAY_MS });
  t.equal((await getMedia(kit, '4234567890123456')).status, 200);
  await kit.control('POST', '/clock/advance', { ms: 22 * DAY_MS });
  t.equal((await getMedia(kit, '4234567890123456')).status, 400);
});
