// Each fault must change exactly the behaviour it names, observably.
import t from 'tap';
import { FAULTS } from '../../reference/faults/index.ts';
import { startReference } from '../../reference/server.ts';
import { BUSINESS, Kit, NOW_MS } from './harness-kit.ts';
import { expectedSignature, valueOf } from './fixtures.ts';

const CONSUMER = '447700900123';

t.test('registry: unique names and an error naming the valid ones', async (t) => {
  t.equal(new Set(FAULTS.map((f) => f.name)).size, FAULTS.length);
  t.ok(FAULTS.length >= 7);
  await t.rejects(startReference({ port: 0, controlToken: 'x', fault: 'no-such-fault' }), {
    code: 'REF_UNKNOWN_FAULT',
    message: /no-such-fault.*envelope-plaintext-metadata/,
  });
});

async function withFault(t: { teardown(fn: () => unknown): void }, fault: string): Promise<Kit> {
  const kit = await Kit.start(fault);
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  return kit;
}

t.test('envelope-plaintext-metadata', async (t) => {
  const kit = await withFault(t, 'envelope-plaintext-metadata');
  kit.consumer(CONSUMER);
  await kit.sendText(CONSUMER, 'secret canary');
  await kit.idle();
  t.equal(kit.transport.envelopes[0].preview, 'secret canary');
});

t.test('webhook-wrong-secret', async (t) => {
  const kit = await withFault(t, 'webhook-wrong-secret');
  kit.consumer(CONSUMER);
  await kit.sendText(CONSUMER, 'x');
  await kit.idle();
  const d = kit.hooks.deliveries[0];
  t.match(d.signature, /^sha256=[0-9a-f]{64}$/);
  t.not(d.signature, expectedSignature(BUSINESS.app_secret, d.raw));
});

t.test('inbound-forwarded-twice', async (t) => {
  const kit = await withFault(t, 'inbound-forwarded-twice');
  await kit.inbound(kit.consumer(CONSUMER), 'wamid.in1', 'once', true);
  await kit.idle();
  t.equal(kit.hooks.deliveries.length, 2);
});

t.test('inbound-text-trimmed', async (t) => {
  const kit = await withFault(t, 'inbound-text-trimmed');
  await kit.inbound(kit.consumer(CONSUMER), 'wamid.in1', '  padded  ', true);
  await kit.idle();
  t.match(valueOf(kit.hooks.deliveries[0]), { messages: [{ text: { body: 'padded' } }] });
});

t.test('outbound-text-trimmed', async (t) => {
  const kit = await withFault(t, 'outbound-text-trimmed');
  const consumer = kit.consumer(CONSUMER);
  await kit.sendText(CONSUMER, ' Cafe\u0301 ');
  await kit.idle();
  const e = kit.transport.envelopes[0];
  const c = JSON.parse(await consumer.decrypt(BUSINESS.display_phone_number, e.type as number, e.body as string));
  t.equal(c.text.body, 'Caf\u00e9');
});

t.test('status-delivered-after-read', async (t) => {
  const kit = await withFault(t, 'status-delivered-after-read');
  kit.consumer(CONSUMER);
  const id = ((await kit.sendText(CONSUMER, 'x')).body.messages as { id: string }[])[0].id;
  await kit.idle();
  await kit.call('POST', '/transport/v0/receipts', kit.transport.token, {
    type: 'read', from: CONSUMER, to: BUSINESS.display_phone_number, message_ids: [id], timestamp: NOW_MS / 1000,
  });
  await kit.idle();
  // Statuses due together may share a delivery: read them all.
    const statuses = kit.hooks.deliveries.flatMap((d) => (valueOf(d).statuses as { status: string }[]).map((s) => s.status));
  t.same(statuses, ['sent', 'read', 'delivered']);
});

t.test('wa-id-keeps-plus', async (t) => {
  const kit = await withFault(t, 'wa-id-keeps-plus');
  const res = await kit.sendText(`+${CONSUMER}`, 'x');
  t.same(res.body.contacts, [{ input: `+${CONSUMER}`, wa_id: `+${CONSUMER}` }]);
});
