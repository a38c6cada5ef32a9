// The sweeper on the virtual clock and offline consumers (PROTOCOL §12).
import t from 'tap';
import { Kit } from './harness-kit.ts';

const CONSUMER = '447700900123';
const DAY_MS = 86_400_000;

async function stores(kit: Kit): Promise<Array<{ region: string; store: string; key: string; bytes: string }>> {
  return (await kit.control('GET', '/storage')).body.records as Array<{ region: string; store: string; key: string; bytes: string }>;
}

t.test('capabilities declare the sweep granularity', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  const caps = (await kit.control('GET', '/capabilities')).body as { retention?: { sweep_granularity_ms?: number }; capabilities: string[] };
  t.equal(caps.retention?.sweep_granularity_ms, 60_000);
  t.ok(caps.capabilities.includes('retention'));
});

t.test('a message is stored sealed, kept until 30 days, and gone with the consumer at 30 days', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.consumer(CONSUMER);
  const id = ((await kit.sendText(CONSUMER, 'sweep canary')).body.messages as Array<{ id: string }>)[0]!.id;
  await kit.idle();
  const before = await stores(kit);
  t.ok(before.some((r) => r.key === id), 'the message is at rest');
  // The kit's window-opening message names the consumer in its id: leave it out.
  const all = Buffer.concat(before.filter((r) => !r.key.startsWith('wamid.window-')).map((r) => Buffer.from(r.bytes, 'base64'))).toString('latin1');
  t.notOk(all.includes('sweep canary'), 'no plaintext content');
  t.notOk(all.includes(CONSUMER), 'no plaintext number');
  await kit.control('POST', '/clock/advance', { ms: 30 * DAY_MS - 1 });
  t.ok((await stores(kit)).some((r) => r.key === id), 'kept a millisecond before 30 days');
  await kit.control('POST', '/clock/advance', { ms: 1 });
  const after = await stores(kit);
  t.notOk(after.some((r) => r.key === id), 'gone at 30 days');
  t.notOk(after.some((r) => r.store === 'sessions' || r.store === 'remote_identities'), 'the consumer\'s session went with their last message');
});

t.test('an offline consumer gets the message on the next clock advance; never after 30 days', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.consumer(CONSUMER);
  kit.transport.offline.add(CONSUMER);
  await kit.sendText(CONSUMER, 'later');
  await kit.idle();
  t.equal(kit.transport.envelopes.length, 0, 'not delivered while offline');
  kit.transport.offline.clear();
  await kit.control('POST', '/clock/advance', { ms: 60_000 });
  await kit.idle();
  t.equal(kit.transport.envelopes.length, 1, 'posted again once the clock moved');

  kit.transport.offline.add(CONSUMER);
  await kit.sendText(CONSUMER, 'too late');
  await kit.idle();
  await kit.control('POST', '/clock/advance', { ms: 30 * DAY_MS });
  kit.transport.offline.clear();
  await kit.control('POST', '/clock/advance', { ms: 60_000 });
  await kit.idle();
  t.equal(kit.transport.envelopes.length, 1, 'never posted after 30 days');
  t.ok(kit.hooks.deliveries.some((d) => JSON.stringify(d.body).includes('"failed"')), 'the business heard it failed');
});

t.test('biz_opaque_callback_data is sealed at rest and purged with its message', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.consumer(CONSUMER);
  kit.openWindow(CONSUMER);
  const sent = await kit.send(CONSUMER, { messaging_product: 'whatsapp', to: CONSUMER, type: 'text', text: { body: 'x' }, biz_opaque_callback_data: 'opaque canary' });
  const id = (sent.body.messages as Array<{ id: string }>)[0]!.id;
  await kit.idle();
  const held = (await stores(kit)).filter((r) => r.store === 'opaque_callback_data');
  t.same(held.map((r) => r.key), [id], 'kept for the statuses of its message');
  t.notOk(Buffer.from(held[0]!.bytes, 'base64').includes('opaque canary'), 'sealed');
  t.ok(kit.hooks.deliveries.some((d) => d.raw.includes('opaque canary')), 'still echoed on the sent status');
  await kit.control('POST', '/clock/advance', { ms: 30 * DAY_MS });
  t.notOk((await stores(kit)).some((r) => r.store === 'opaque_callback_data'), 'gone with its message at 30 days');
});
