// What must survive: replays never forwarded, queued webhooks kept across a
// restart, retries bounded by 7 virtual days.
import t from 'tap';
import { BUSINESS, Kit, NOW_MS } from './harness-kit.ts';

const CONSUMER = '447700900123';
const DAY = 24 * 3600_000;

t.test('a replayed ciphertext under a new id is acknowledged and dropped', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const consumer = kit.consumer(CONSUMER);
  const bundle = kit.transport.bundles.get(BUSINESS.display_phone_number);
  const ct = await consumer.encrypt(BUSINESS.display_phone_number, JSON.stringify({ v: 0, type: 'text', text: { body: 'once' } }), bundle, new Date(NOW_MS));
  const post = (id: string) =>
    kit.call('POST', '/transport/v0/envelopes', kit.transport.token, { id, from: CONSUMER, to: BUSINESS.display_phone_number, ...ct, timestamp: NOW_MS / 1000 });
  t.equal((await post('wamid.a')).status, 200);
  await kit.idle();
  t.equal((await post('wamid.b')).status, 200);
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 1);
  const unknown = await kit.call('POST', '/transport/v0/envelopes', kit.transport.token, { id: 'x', from: CONSUMER, to: '19999999999', ...ct, timestamp: 1 });
  t.equal(unknown.status, 404);
  const bad = await kit.call('POST', '/transport/v0/envelopes', kit.transport.token, { id: 'x', from: CONSUMER });
  t.match(bad, { status: 400, body: { error: { code: 'bad_request' } } });
});

t.test('a queued webhook survives a restart', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.hooks.status = 503;
  await kit.inbound(kit.consumer(CONSUMER), 'wamid.in1', 'keep me', true);
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 1);
  await kit.reference.close();
  kit.hooks.status = 200;
  await kit.boot();
  await kit.control('POST', '/clock/advance', { ms: 30_000 });
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 2);
  t.same(kit.hooks.deliveries[1].raw, kit.hooks.deliveries[0].raw);
});

t.test('retries stop 7 virtual days after the first attempt', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.hooks.status = 500;
  await kit.inbound(kit.consumer(CONSUMER), 'wamid.in1', 'never acked', true);
  await kit.idle();
  for (let i = 0; i < 30; i++) {
    await kit.control('POST', '/clock/advance', { ms: DAY / 2 });
    await kit.idle();
  }
  const attempts = kit.hooks.deliveries.length;
  t.ok(attempts > 3 && attempts < 30, `bounded retries (${attempts})`);
  const dump = await kit.control('GET', '/storage');
  t.notOk((dump.body.records as { store: string }[]).some((r) => r.store === 'outbox'), 'given up and removed');
});

t.test('reset wipes everything', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  await kit.sendText(CONSUMER, 'x');
  await kit.idle();
  await kit.control('POST', '/reset', { transport: { url: kit.transport.url, token: kit.transport.token } });
  const dump = await kit.control('GET', '/storage');
  t.same([...new Set((dump.body.records as { store: string }[]).map((r) => r.store))], ['meta']);
  t.same((await kit.control('GET', '/clock')).body, { now_ms: NOW_MS }, 'clock kept when now_ms is absent');
  t.equal((await kit.sendText(CONSUMER, 'x')).status, 401, 'business gone');
});
