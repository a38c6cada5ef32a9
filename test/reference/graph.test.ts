// The reference's Graph API beyond text: every type, tenants, the 24-hour window, mark read.
import t from 'tap';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { BUSINESS, Kit, NOW_MS } from './harness-kit.ts';
import { messageObject } from '../../reference/message-content.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';
import { GraphError } from '../../reference/graph-errors.ts';

const CONSUMER = '447700900123';
const code = (a: { body: Record<string, unknown> }): unknown => (a.body.error as Record<string, unknown> | undefined)?.code;

t.test('every generated outbound message passes the reference\'s checks', async (t) => {
  fc.assert(
    fc.property(outboundMessage({ replyTo: ['wamid.x'] }), (m) => {
      messageObject(m.type, sendBody(CONSUMER, m), () => true);
    }),
    { numRuns: 500 },
  );
  t.pass('500 messages');
  t.throws(() => messageObject('image', { image: { id: '1', link: 'https://x/y' } }, () => true), GraphError);
  t.throws(() => messageObject('location', { location: { latitude: 1 } }, () => true), { code: 131008 });
});

t.test('the 24-hour window, templates, and a token on another tenant', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.consumer(CONSUMER);
  const text = { messaging_product: 'whatsapp', to: CONSUMER, type: 'text', text: { body: 'hi' } };
  const template = { messaging_product: 'whatsapp', to: CONSUMER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
  const closed = await kit.send(CONSUMER, text);
  t.equal(closed.status, 400);
  t.equal(code(closed), 131047, 'never wrote: closed');
  t.equal((await kit.send(CONSUMER, template)).status, 200, 'template outside the window');
  t.equal(code(await kit.send(CONSUMER, text)), 131047, 'a template does not open it');
  kit.openWindow(CONSUMER);
  t.equal((await kit.send(CONSUMER, text)).status, 200, 'inside the window');
  await kit.control('POST', '/clock/advance', { ms: 24 * 3600_000 });
  t.equal(code(await kit.send(CONSUMER, text)), 131047, 'exactly 24 h later: closed');

  const other = { ...BUSINESS, waba_id: '1', phone_number_id: '999000111', display_phone_number: '15550000001', access_token: 'EAAGother' };
  t.equal((await kit.control('POST', '/businesses', { ...other, webhook_url: kit.hooks.url })).status, 201);
  const cross = await kit.call('POST', `/v23.0/${other.phone_number_id}/messages`, BUSINESS.access_token, text);
  t.equal(cross.status, 403);
  t.equal(code(cross), 200);
  const badId = await kit.call('POST', '/v23.0/not-a-number/messages', BUSINESS.access_token, text);
  t.equal(badId.status, 400);
  const badVersion = await kit.call('POST', `/23.0/${BUSINESS.phone_number_id}/messages`, BUSINESS.access_token, text);
  t.equal(code(badVersion), 100);
  t.equal(NOW_MS > 0, true);
});

t.test('mark read: incoming ids only, receipt and typing on the transport', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const c = kit.consumer(CONSUMER);
  await kit.inbound(c, 'wamid.in1', 'hello', true);
  await kit.idle();
  const read = await kit.send(CONSUMER, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.in1', typing_indicator: { type: 'text' } });
  t.same(read, { status: 200, body: { success: true } });
  t.same(kit.transport.receipts.map((r) => r.type), ['read', 'typing']);
  t.match(kit.transport.receipts[0], { from: BUSINESS.display_phone_number, to: CONSUMER, message_ids: ['wamid.in1'] });
  const out = await kit.sendText(CONSUMER, 'mine');
  const id = (out.body.messages as { id: string }[])[0].id;
  t.equal(code(await kit.send(CONSUMER, { messaging_product: 'whatsapp', status: 'read', message_id: id })), 131009, 'own message');
  t.equal(code(await kit.send(CONSUMER, { messaging_product: 'whatsapp', status: 'read' })), 131008, 'no id');
});

t.test('register and deregister, with data_localization_region validation', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const reg = (body: unknown) => kit.call('POST', `/v23.0/${BUSINESS.phone_number_id}/register`, BUSINESS.access_token, body);
  t.equal(code(await reg({ messaging_product: 'whatsapp' })), 131008, 'no pin');
  t.equal(code(await reg({ messaging_product: 'whatsapp', pin: '12345' })), 131009, 'short pin');
  t.equal(code(await reg({ messaging_product: 'whatsapp', pin: '123456', data_localization_region: 'US' })), 131009, 'US is not a region');
  t.same((await reg({ messaging_product: 'whatsapp', pin: '123456', data_localization_region: 'DE' })).body, { success: true });
  t.equal(code(await reg({ messaging_product: 'whatsapp', pin: '123456', data_localization_region: 'IN' })), 100, 'no change in place');
  t.same((await kit.call('POST', `/v23.0/${BUSINESS.phone_number_id}/deregister`, BUSINESS.access_token, { messaging_product: 'whatsapp' })).body, { success: true });
  t.same((await reg({ messaging_product: 'whatsapp', pin: '123456', data_localization_region: 'IN' })).body, { success: true });
});

t.test('block_users: a blocked consumer is not sent to; unblock restores it', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  kit.consumer(CONSUMER);
  const path = `/v23.0/${BUSINESS.phone_number_id}/block_users`;
  const users = { messaging_product: 'whatsapp', block_users: [{ user: `+${CONSUMER}` }] };
  t.match((await kit.call('POST', path, BUSINESS.access_token, users)).body, { block_users: { added_users: [{ input: `+${CONSUMER}`, wa_id: CONSUMER }] } });
  t.same((await kit.call('GET', path, BUSINESS.access_token)).body, { data: [{ messaging_product: 'whatsapp', wa_id: CONSUMER }] });
  t.equal(code(await kit.sendText(CONSUMER, 'x')), 131026, 'blocked');
  t.equal((await kit.call('DELETE', path, BUSINESS.access_token, users)).status, 200);
  t.equal((await kit.sendText(CONSUMER, 'x')).status, 200, 'unblocked');
  t.equal(code(await kit.call('POST', path, BUSINESS.access_token, { messaging_product: 'whatsapp', block_users: [{ user: 'x' }] })), 131009);
});

t.test('media: upload, metadata, download with the token only, expiry, delete', async (t) => {
  const { multipart } = await import('../../harness/target/multipart.ts');
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const bytes = Buffer.from('not really a png');
  const form = multipart([{ name: 'messaging_product', value: 'whatsapp' }, { name: 'type', value: 'image/png' }, { name: 'file', value: bytes, filename: 'a.png', contentType: 'image/png' }]);
  const up = await fetch(`${kit.reference.url}/v23.0/${BUSINESS.phone_number_id}/media`, { method: 'POST', headers: { authorization: `Bearer ${BUSINESS.access_token}`, 'content-type': form.contentType }, body: new Uint8Array(form.body) });
  const { id } = (await up.json()) as { id: string };
  t.equal(up.status, 200);
  const meta = await kit.call('GET', `/v23.0/${id}`, BUSINESS.access_token);
  t.match(meta.body, { mime_type: 'image/png', file_size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), id });
  const url = meta.body.url as string;
  t.equal((await fetch(url)).status, 401, 'no token');
  t.same(Buffer.from(await (await fetch(url, { headers: { authorization: `Bearer ${BUSINESS.access_token}` } })).arrayBuffer()), bytes);
  await kit.control('POST', '/clock/advance', { ms: 5 * 60_000 + 1 });
  t.equal((await fetch(url, { headers: { authorization: `Bearer ${BUSINESS.access_token}` } })).status, 400, 'expired');
  t.same((await kit.call('DELETE', `/v23.0/${id}`, BUSINESS.access_token)).body, { success: true });
  t.equal((await kit.call('GET', `/v23.0/${id}`, BUSINESS.access_token)).status, 400, 'gone');
});

t.test('GET /{version}/{phone-number-id}: the number\'s own fields for its token only', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const path = `/v23.0/${BUSINESS.phone_number_id}`;
  const read = await kit.call('GET', path, BUSINESS.access_token);
  t.equal(read.status, 200);
  t.same(read.body, { display_phone_number: BUSINESS.display_phone_number, platform_type: 'CLOUD_API', id: BUSINESS.phone_number_id });
  t.same((await kit.call('GET', `${path}?fields=display_phone_number,verified_name`, BUSINESS.access_token)).body, { display_phone_number: BUSINESS.display_phone_number, id: BUSINESS.phone_number_id }, '?fields= picks among the known fields');
  const unknown = await kit.call('GET', path, 'EAAGnotatoken');
  t.equal(unknown.status, 401);
  t.equal(code(unknown), 190);
  t.equal((await kit.call('GET', path, null)).status, 401, 'no token');
  const other = { ...BUSINESS, waba_id: '1', phone_number_id: '999000111', display_phone_number: '15550000001', access_token: 'EAAGother' };
  t.equal((await kit.control('POST', '/businesses', { ...other, webhook_url: kit.hooks.url })).status, 201);
  const cross = await kit.call('GET', `/v23.0/${other.phone_number_id}`, BUSINESS.access_token);
  t.equal(cross.status, 403, 'another business\'s number: permission denied');
  t.equal(code(cross), 200);
});
