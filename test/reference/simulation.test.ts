// The simulation surface (PROTOCOL §14): a consumer's messages and receipts
// on the control plane, taking the transport's paths where decryption ends.
import t from 'tap';
import { BUSINESS, Kit, NOW_MS } from './harness-kit.ts';
import { expectedSignature, valueOf, type Delivery } from './fixtures.ts';
import { declaredSubset } from '../../reference/control.ts';

const CONSUMER = '447700900123';
const DAY_MS = 86_400_000;

const simulate = (kit: Kit, message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  kit.control('POST', '/simulate/messages', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, profile_name: 'Consumer 0123', message, ...extra });

const receipt = (kit: Kit, status: string, ids: string[]) =>
  kit.control('POST', '/simulate/receipts', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, status, message_ids: ids });

const statuses = (kit: Kit): Array<Record<string, unknown>> =>
  kit.hooks.deliveries.flatMap((d) => (valueOf(d).statuses as Array<Record<string, unknown>> | undefined) ?? []);

const messagesOf = (d: Delivery): Array<Record<string, unknown>> => (valueOf(d).messages as Array<Record<string, unknown>> | undefined) ?? [];

const sendText = (kit: Kit, text: string, extra: Record<string, unknown> = {}) =>
  kit.send(CONSUMER, { messaging_product: 'whatsapp', to: CONSUMER, type: 'text', text: { body: text }, ...extra });

const sentId = (a: { body: Record<string, unknown> }): string => (a.body.messages as { id: string }[])[0].id;

t.test('a simulated message is delivered as a signed messages webhook, its members unchanged', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const message = { id: 'wamid.sim-1', type: 'text', text: { body: ' hi\u00a0there \u{1F600} ' }, context: { id: 'wamid.earlier' }, referral: { source_type: 'ad' } };
  const answer = await simulate(kit, { ...message, from: '19999999999', timestamp: '1' });
  t.same(answer, { status: 200, body: { id: 'wamid.sim-1' } });
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 1, 'one webhook');
  const hook = kit.hooks.deliveries[0];
  t.equal(hook.signature, expectedSignature(BUSINESS.app_secret, hook.raw));
  const value = valueOf(hook);
  t.same(value.metadata, { display_phone_number: BUSINESS.display_phone_number, phone_number_id: BUSINESS.phone_number_id });
  t.same(value.contacts, [{ profile: { name: 'Consumer 0123' }, wa_id: CONSUMER }]);
  t.same(value.messages, [{ from: CONSUMER, ...message, timestamp: String(NOW_MS / 1000) }], 'from and timestamp are the target\'s; the rest as given');
  t.equal(kit.transport.envelopes.length + kit.transport.receipts.length, 0, 'no transport involved');

  // No id: the target gives one, and the webhook carries it.
  const made = await simulate(kit, { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '\u{1F44D}' } });
  t.equal(made.status, 200);
  t.match(made.body.id, /^wamid\./);
  await kit.idle();
  t.same(messagesOf(kit.hooks.deliveries[1]).map((m) => m.id), [made.body.id]);

  // The same id again: answered, not forwarded twice (as a replayed envelope).
  t.same((await simulate(kit, message)).body, { id: 'wamid.sim-1' });
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 2, 'a repeated id is not forwarded again');
});

t.test('a send to a simulated consumer is handed over at once, and receipts become statuses', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  t.match(await sendText(kit, 'before the window'), { status: 400, body: { error: { code: 131047 } } }, 'the window is closed before the consumer writes');
  t.equal((await simulate(kit, { id: 'wamid.sim-in', type: 'text', text: { body: 'hello' } })).status, 200);
  await kit.idle();
  // The window is open, and the consumer is on no transport: handed over, `sent` follows.
  const first = await sendText(kit, 'one', { biz_opaque_callback_data: 'tracking-1' });
  const second = await sendText(kit, 'two');
  t.equal(first.status, 200);
  t.equal(second.status, 200);
  await kit.idle();
  t.equal(kit.transport.envelopes.length, 0, 'no envelope posted');
  const [a, b] = [sentId(first), sentId(second)];
  t.same(
    statuses(kit).map((s) => [s.id, s.status]),
    [
      [a, 'sent'],
      [b, 'sent'],
    ],
  );
  t.equal(statuses(kit)[0].biz_opaque_callback_data, 'tracking-1');
  t.equal(statuses(kit)[0].recipient_id, CONSUMER);

  const before = kit.hooks.deliveries.length;
  t.same((await receipt(kit, 'delivered', [a, b, 'wamid.not-ours'])).body, { ok: true });
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, before + 1, 'the statuses of one receipt go in one delivery');
  t.same(
    statuses(kit).slice(2).map((s) => [s.id, s.status, s.biz_opaque_callback_data]),
    [
      [a, 'delivered', 'tracking-1'],
      [b, 'delivered', undefined],
    ],
  );
  await receipt(kit, 'read', [a]);
  await receipt(kit, 'delivered', [a]);
  await kit.idle();
  t.same(statuses(kit).slice(4).map((s) => [s.id, s.status, s.timestamp]), [[a, 'read', String(NOW_MS / 1000)]], 'read, and no delivered after it');

  // Marking the consumer's message read tells no transport: there is no phone behind it.
  const read = await kit.send(CONSUMER, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.sim-in' });
  t.same(read.body, { success: true });
  t.equal(kit.transport.receipts.length, 0);
});

t.test('the simulated consumer survives a restart and goes with their last message', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  await simulate(kit, { type: 'text', text: { body: 'hello' } });
  await kit.idle();
  t.same((await kit.control('POST', '/restart')).body, { ok: true });
  const after = await sendText(kit, 'after the restart');
  await kit.idle();
  t.match(statuses(kit), [{ id: sentId(after), status: 'sent' }], 'still handed over after a restart');

  const stores = async (): Promise<string[]> => ((await kit.control('GET', '/storage')).body.records as { store: string }[]).map((r) => r.store);
  t.ok((await stores()).includes('simulated_consumers'), 'recorded at rest');
  await kit.control('POST', '/clock/advance', { ms: 31 * DAY_MS });
  await kit.idle();
  t.notOk((await stores()).includes('simulated_consumers'), 'purged with the consumer\'s last message');
  // Neither simulated any more nor on the transport: a template fails as to any unknown number.
  const template = await kit.send(CONSUMER, { messaging_product: 'whatsapp', to: CONSUMER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
  await kit.idle();
  t.match(statuses(kit).find((s) => s.id === sentId(template)), { status: 'failed', errors: [{ code: 131026 }] });
});

t.test('a region move re-keys the mark of a simulated consumer with their other rows', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  await simulate(kit, { type: 'text', text: { body: 'hello' } });
  await kit.idle();
  const moved = await kit.call('POST', `/v23.0/${BUSINESS.phone_number_id}/register`, BUSINESS.access_token, { messaging_product: 'whatsapp', pin: '123456', data_localization_region: 'DE' });
  t.equal(moved.status, 200);
  const after = await sendText(kit, 'from Germany');
  t.equal(after.status, 200, 'the window is still open');
  await kit.idle();
  t.match(statuses(kit), [{ id: sentId(after), status: 'sent' }], 'still handed over');
  t.equal(kit.transport.envelopes.length, 0);
});

t.test('refusals: unauthorised 401, malformed 400, unknown number 404, production 403', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const path = '/conformance/v0/simulate/messages';
  t.equal((await kit.call('POST', path, 'wrong', {})).status, 401);
  const text = { type: 'text', text: { body: 'x' } };
  const malformed: Array<[string, unknown]> = [
    ['not JSON', '{"phone_number_id":'],
    ['no from', { phone_number_id: BUSINESS.phone_number_id, message: text }],
    ['from not digits', { phone_number_id: BUSINESS.phone_number_id, from: '+44 7700', message: text }],
    ['no message', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER }],
    ['no type', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, message: { text: { body: 'x' } } }],
    ['no object of the type', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, message: { type: 'image' } }],
    ['text without a body', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, message: { type: 'text', text: {} } }],
    ['context in send form', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, message: { ...text, context: { message_id: 'wamid.x' } } }],
    ['profile_name not a string', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, profile_name: 7, message: text }],
  ];
  for (const [what, body] of malformed) {
    t.match(await kit.control('POST', '/simulate/messages', body), { status: 400, body: { error: { code: 'bad_request' } } }, what);
  }
  t.match(await kit.control('POST', '/simulate/receipts', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, status: 'sent', message_ids: [] }), { status: 400 }, 'receipt status');
  t.match(await kit.control('POST', '/simulate/receipts', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, status: 'read', message_ids: 'wamid.x' }), { status: 400 }, 'receipt ids');
  t.equal((await simulate(kit, text, { phone_number_id: '999' })).status, 404, 'unknown phone_number_id');
  t.equal((await kit.control('POST', '/simulate/receipts', { phone_number_id: '999', from: CONSUMER, status: 'read', message_ids: [] })).status, 404);
  t.equal(kit.hooks.deliveries.length, 0, 'nothing forwarded');

  const production = await kit.control('POST', '/reset', { now_ms: NOW_MS, transport: { url: 'https://127.0.0.1:9', token: 't' }, production: true });
  t.equal(production.status, 200);
  t.match(await simulate(kit, text), { status: 403, body: { error: { code: 'forbidden' } } });
  t.equal((await kit.control('POST', '/simulate/receipts', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, status: 'read', message_ids: [] })).status, 403);
  t.equal((await kit.control('POST', '/simulate/messages', '{nope')).status, 403, 'refused before the body is read');
});

t.test('simulate is declared, and --capabilities can leave it out', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  t.ok(((await kit.control('GET', '/capabilities')).body.capabilities as string[]).includes('simulate'));
  t.same(declaredSubset(['simulate', 'graph.messages', 'webhooks', 'control.provision']), ['graph.messages', 'webhooks', 'control.provision', 'simulate']);
  t.notOk(declaredSubset(['graph.messages', 'transport.signal']).includes('simulate'));
});
