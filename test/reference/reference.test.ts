import t from 'tap';
import { BUSINESS, CONTROL_TOKEN, Kit, NOW_MS } from './harness-kit.ts';
import { expectedSignature, valueOf } from './fixtures.ts';

const CONSUMER = '447700900123';

t.test('control plane: auth, capabilities, reset, provisioning, clock', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  t.equal((await kit.call('GET', '/conformance/v0/capabilities', null)).status, 401, 'missing control token');
  t.equal((await kit.call('GET', '/conformance/v0/capabilities', 'wrong')).status, 401, 'wrong control token');
  const caps = await kit.control('GET', '/capabilities');
  t.equal(caps.body.protocol, '0');
  t.ok((caps.body.capabilities as string[]).includes('transport.signal'));
  t.equal((await kit.control('POST', '/reset', '{nope')).status, 400, 'unparseable reset');

  await kit.resetAndProvision();
  const bundle = kit.transport.bundles.get(BUSINESS.display_phone_number);
  t.ok(bundle, 'bundle published under display_phone_number');
  t.equal((bundle?.prekeys as unknown[]).length, 100, '100 one-time prekeys');
  t.same((await kit.control('GET', '/clock')).body, { now_ms: NOW_MS });
  t.same((await kit.control('POST', '/clock/advance', { ms: 60000 })).body, { now_ms: NOW_MS + 60000 });
  t.same((await kit.control('POST', '/idle')).body, { idle: true });
  const dump = await kit.control('GET', '/storage');
  const stores = new Set((dump.body.records as { store: string; region: string }[]).map((r) => r.store));
  t.ok(stores.has('businesses') && stores.has('prekeys'), 'storage dump lists business and keys');
});

t.test('Graph API errors', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const code = (a: { body: Record<string, unknown> }): unknown => (a.body.error as Record<string, unknown>).code;
  const text = { messaging_product: 'whatsapp', to: CONSUMER, type: 'text', text: { body: 'hi' } };

  const noAuth = await kit.send(CONSUMER, text, null as unknown as string);
  t.equal(noAuth.status, 401);
  t.equal(code(noAuth), 0);
  const badAuth = await kit.send(CONSUMER, text, 'nope');
  t.equal(badAuth.status, 401);
  t.equal(code(badAuth), 190);
  t.match(badAuth.body, { error: { message: '(#190) Invalid OAuth access token', type: 'OAuthException', error_data: { messaging_product: 'whatsapp' } } });
  t.equal(code(await kit.send(CONSUMER, '{"messaging_product":')), 100, 'malformed JSON');
  t.equal(code(await kit.send(CONSUMER, { ...text, to: undefined })), 131008, 'missing to');
  t.equal(code(await kit.send(CONSUMER, { ...text, to: '12ab' })), 131009, 'invalid to');
  t.equal(code(await kit.send(CONSUMER, { ...text, text: {} })), 131008, 'missing text.body');
  t.equal(code(await kit.send(CONSUMER, { ...text, text: { body: 'x'.repeat(4097) } })), 131009, 'body too long');
  t.equal(code(await kit.send(CONSUMER, { ...text, type: 'hologram', hologram: { body: 'x' } })), 131051, 'unknown type');
  const unknown = await kit.call('GET', '/v23.0/nothing/here', BUSINESS.access_token);
  t.equal(unknown.status, 400);
  t.equal(code(unknown), 100);
  kit.openWindow(CONSUMER);
  t.equal((await kit.send(CONSUMER, { ...text, text: { body: 'x'.repeat(4096) } })).status, 200, '4096 chars accepted');
});

t.test('outbound text: the consumer decrypts exactly what was sent; sent status is signed', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const consumer = kit.consumer(CONSUMER);
  const text = '  Cafe\u0301 \u{1F600}\n ';
  const res = await kit.sendText(`+${CONSUMER}`, text);
  t.equal(res.status, 200);
  t.same(res.body.contacts, [{ input: `+${CONSUMER}`, wa_id: CONSUMER }]);
  const id = (res.body.messages as { id: string }[])[0].id;
  t.match(id, /^wamid\.[A-Za-z0-9_-]+$/);
  await kit.idle();

  t.equal(kit.transport.envelopes.length, 1);
  const env = kit.transport.envelopes[0];
  t.same(Object.keys(env).sort(), ['body', 'from', 'id', 'timestamp', 'to', 'type'], 'routing fields only');
  t.match(env, { id, from: BUSINESS.display_phone_number, to: CONSUMER, type: 3, timestamp: NOW_MS / 1000 });
  const plain = JSON.parse(await consumer.decrypt(BUSINESS.display_phone_number, env.type as number, env.body as string));
  t.same(plain, { v: 0, type: 'text', text: { body: text } }, 'body bytes unchanged');

  t.equal(kit.hooks.deliveries.length, 1);
  const hook = kit.hooks.deliveries[0];
  t.equal(hook.signature, expectedSignature(BUSINESS.app_secret, hook.raw));
  t.match(valueOf(hook), { statuses: [{ id, status: 'sent', recipient_id: CONSUMER, timestamp: String(NOW_MS / 1000) }] });
});

t.test('concurrent sends to one consumer all decrypt', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const consumer = kit.consumer(CONSUMER);
  const bodies = Array.from({ length: 10 }, (_, i) => `message ${i}`);
  const answers = await Promise.all(bodies.map((b) => kit.sendText(CONSUMER, b)));
  t.ok(answers.every((a) => a.status === 200));
  await kit.idle();
  t.equal(kit.transport.envelopes.length, 10);
  const got: string[] = [];
  for (const e of kit.transport.envelopes) {
    const c = JSON.parse(await consumer.decrypt(BUSINESS.display_phone_number, e.type as number, e.body as string)) as { text: { body: string } };
    got.push(c.text.body);
  }
  t.same(got.sort(), [...bodies].sort());
});

t.test('unknown recipient: failed status with 131026', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const res = await kit.sendText('447700900999', 'hello?');
  t.equal(res.status, 200);
  await kit.idle();
  t.equal(kit.transport.envelopes.length, 0);
  t.match(valueOf(kit.hooks.deliveries[0]), { statuses: [{ status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] }] });
});

t.test('inbound: decrypted, forwarded once, signed; replays dropped', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const consumer = kit.consumer(CONSUMER);
  t.equal((await kit.call('POST', '/transport/v0/envelopes', 'wrong', {})).status, 401, 'transport token required');
  const text = ' hi\u00a0there ';
  t.same((await kit.inbound(consumer, 'wamid.in1', text, true)).body, { ok: true });
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 1);
  const hook = kit.hooks.deliveries[0];
  t.equal(hook.signature, expectedSignature(BUSINESS.app_secret, hook.raw));
  t.match(hook.body, { object: 'whatsapp_business_account', entry: [{ id: BUSINESS.waba_id }] });
  t.same(valueOf(hook).messages, [{ from: CONSUMER, id: 'wamid.in1', timestamp: String(NOW_MS / 1000), type: 'text', text: { body: text } }]);
  t.match(valueOf(hook), { contacts: [{ wa_id: CONSUMER }], metadata: { phone_number_id: BUSINESS.phone_number_id } });

  // Same id again: acknowledged, not forwarded.
  const again = await kit.call('POST', '/transport/v0/envelopes', kit.transport.token, {
    id: 'wamid.in1', from: CONSUMER, to: BUSINESS.display_phone_number, type: 3, body: 'AAAA', timestamp: NOW_MS / 1000,
  });
  t.equal(again.status, 200);
  // Garbage under a new id: acknowledged, not forwarded.
  const garbage = await kit.call('POST', '/transport/v0/envelopes', kit.transport.token, {
    id: 'wamid.in2', from: CONSUMER, to: BUSINESS.display_phone_number, type: 2, body: 'AAAA', timestamp: NOW_MS / 1000,
  });
  t.equal(garbage.status, 200);
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 1, 'nothing more forwarded');

  // A reply from the business now uses the session the consumer started.
  await kit.sendText(CONSUMER, 'reply');
  await kit.idle();
  const env = kit.transport.envelopes[0];
  t.equal(env.type, 2, 'Whisper message on the existing session');
  t.match(await consumer.decrypt(BUSINESS.display_phone_number, env.type as number, env.body as string), /"reply"/);
});

t.test('receipts: delivered then read; never delivered after read', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.consumer(CONSUMER);
  const a = ((await kit.sendText(CONSUMER, 'a')).body.messages as { id: string }[])[0].id;
  const b = ((await kit.sendText(CONSUMER, 'b')).body.messages as { id: string }[])[0].id;
  await kit.idle();
  const receipt = (type: string, ids: string[], from = CONSUMER) =>
    kit.call('POST', '/transport/v0/receipts', kit.transport.token, { type, from, to: BUSINESS.display_phone_number, message_ids: ids, timestamp: NOW_MS / 1000 + 5 });
  t.equal((await receipt('delivered', [a])).status, 200);
  t.equal((await receipt('read', [a, b])).status, 200);
  t.equal((await receipt('delivered', [b])).status, 200);
  t.equal((await receipt('read', [a], '447700900555')).status, 200, 'someone else cannot mark it');
  t.equal((await receipt('seen', [a])).status, 400);
  await kit.idle();
  // One webhook may carry several statuses (a receipt for two messages): take them all.
  const statuses = kit.hooks.deliveries
    .flatMap((d) => (valueOf(d).statuses as { id: string; status: string }[] | undefined) ?? [])
    .filter((s) => s.status !== 'sent')
    .map((s) => `${s.id === a ? 'a' : 'b'}:${s.status}`);
  t.same(statuses, ['a:delivered', 'a:read', 'b:read']);
});

t.test('webhook retries follow the virtual clock', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.consumer(CONSUMER);
  kit.hooks.status = 500;
  await kit.sendText(CONSUMER, 'retry me');
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 1, 'first attempt failed');
  await kit.control('POST', '/clock/advance', { ms: 10_000 });
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 1, 'not due yet');
  kit.hooks.status = 204;
  await kit.control('POST', '/clock/advance', { ms: 20_000 });
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 2, 'retried after 30 s');
  t.same(kit.hooks.deliveries[1].raw, kit.hooks.deliveries[0].raw, 'same bytes');
  await kit.control('POST', '/clock/advance', { ms: 3_600_000 });
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 2, 'delivered once is done');
});

t.test('restart with the same data dir keeps business, identity and sessions', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const consumer = kit.consumer(CONSUMER);
  await kit.inbound(consumer, 'wamid.before', 'before', true);
  await kit.idle();
  await kit.reference.close();
  await kit.boot();
  t.same((await kit.control('GET', '/clock')).body, { now_ms: NOW_MS }, 'clock survives');
  // The consumer's session (built on the published bundle) still works: identity persisted.
  t.equal((await kit.inbound(consumer, 'wamid.after', 'after', false)).status, 200);
  const sent = await kit.sendText(CONSUMER, 'still here');
  t.equal(sent.status, 200, 'access token still valid');
  await kit.idle();
  const bodies = kit.hooks.deliveries.map((d) => (valueOf(d).messages as { text: { body: string } }[] | undefined)?.[0]?.text.body).filter(Boolean);
  t.same(bodies, ['before', 'after']);
  t.match(await consumer.decrypt(BUSINESS.display_phone_number, kit.transport.envelopes[0].type as number, kit.transport.envelopes[0].body as string), /still here/);
});

t.test('control token is checked before anything else', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  const res = await kit.call('POST', '/conformance/v0/reset', `${CONTROL_TOKEN}x`, {});
  t.equal(res.status, 401);
  t.match(res.body, { error: { code: 'unauthorized' } });
});

t.test('biz_opaque_callback_data is echoed on the failed status of its message', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const to = '447700900998';
  kit.openWindow(to);
  const data = 'ünïcødé 😀 order #42';
  const res = await kit.send(to, { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'x' }, biz_opaque_callback_data: data });
  t.equal(res.status, 200);
  await kit.idle();
  t.match(valueOf(kit.hooks.deliveries[0]), { statuses: [{ status: 'failed', biz_opaque_callback_data: data }] });
});
