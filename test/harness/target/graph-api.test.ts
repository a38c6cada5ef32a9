// The typed Graph client sends exactly the request each endpoint documents:
// method, path and query, the caller's Bearer token, content type and body
// byte for byte (cases and fuzz commands built these by hand before, and a
// changed byte would change what the target is asked).
import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TargetClient } from '../../../harness/target/target-client.ts';
import { GraphApi } from '../../../harness/target/graph-api.ts';
import { LogSwitch } from '../../../harness/core/wire-log.ts';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

async function loopback(t: { teardown(fn: () => unknown): void }) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, contentType: req.headers['content-type'], body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new TargetClient(base, new LogSwitch());
  t.teardown(() => {
    client.close();
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  const graph = new GraphApi(client, 'v23.0');
  /** The one request `call` made. */
  const only = async (call: () => Promise<unknown>): Promise<Seen> => {
    const before = seen.length;
    await call();
    if (seen.length !== before + 1) throw new Error(`expected one request, saw ${seen.length - before}`);
    return seen.at(-1)!;
  };
  return { graph, base, only };
}

const b = { phoneNumberId: '106540352242922', accessToken: 'EAATtoken123' };
const exact = (s: Seen, body: string) => s.body.toString('utf8') === body;

t.test('messages: send, text, template, mark read with and without typing', async (t) => {
  const { graph, only } = await loopback(t);
  let s = await only(() => graph.sendMessage(b, { messaging_product: 'whatsapp', to: '1' }));
  t.match(s, { method: 'POST', url: '/v23.0/106540352242922/messages', authorization: 'Bearer EAATtoken123', contentType: 'application/json' });
  t.ok(exact(s, '{"messaging_product":"whatsapp","to":"1"}'));
  s = await only(() => graph.sendText(b, '447700900123', 'hi'));
  t.ok(exact(s, '{"messaging_product":"whatsapp","recipient_type":"individual","to":"447700900123","type":"text","text":{"body":"hi"}}'));
  s = await only(() => graph.sendTemplate(b, '447700900123', 'region_check'));
  t.ok(exact(s, '{"messaging_product":"whatsapp","recipient_type":"individual","to":"447700900123","type":"template","template":{"name":"region_check","language":{"code":"en_US"}}}'));
  s = await only(() => graph.markRead(b, 'wamid.X'));
  t.ok(exact(s, '{"messaging_product":"whatsapp","status":"read","message_id":"wamid.X"}'));
  s = await only(() => graph.markRead(b, 'wamid.X', true));
  t.ok(exact(s, '{"messaging_product":"whatsapp","status":"read","message_id":"wamid.X","typing_indicator":{"type":"text"}}'));
});

t.test('a send at another path: version and phone-number id as given, URI-encoded', async (t) => {
  const { graph, only } = await loopback(t);
  let s = await only(() => graph.sendMessage(b, {}, { at: { version: 'v 1', phoneNumberId: '../x' } }));
  t.equal(s.url, '/v%201/..%2Fx/messages');
  s = await only(() => graph.sendMessage(b, {}, { at: {} }));
  t.equal(s.url, '/v23.0/106540352242922/messages');
});

t.test('auth: the caller\'s token by default, another token or none when a case says so', async (t) => {
  const { graph, only } = await loopback(t);
  t.equal((await only(() => graph.sendMessage(b, {}, { auth: { token: 'other' } }))).authorization, 'Bearer other');
  t.equal((await only(() => graph.sendMessage(b, {}, { auth: { token: null } }))).authorization, undefined);
  t.equal((await only(() => graph.media.get(b, '42', { token: null }))).authorization, undefined);
});

t.test('the phone number read', async (t) => {
  const { graph, only } = await loopback(t);
  const s = await only(() => graph.phoneNumber(b));
  t.match(s, { method: 'GET', url: '/v23.0/106540352242922?fields=id,display_phone_number,verified_name', authorization: 'Bearer EAATtoken123' });
  t.equal(s.body.length, 0);
});

t.test('media: multipart upload, get, delete, download of a handed-out URL', async (t) => {
  const { graph, base, only } = await loopback(t);
  const up = await only(() => graph.media.upload(b, { bytes: Buffer.from('png bytes'), filename: 'a.png', mime: 'image/png' }));
  t.match(up, { method: 'POST', url: '/v23.0/106540352242922/media', authorization: 'Bearer EAATtoken123' });
  const boundary = /^multipart\/form-data; boundary=(----cc[0-9a-f]{24})$/.exec(up.contentType ?? '')?.[1];
  t.ok(boundary, `a multipart content type: ${up.contentType}`);
  const expected =
    `--${boundary}\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage/png\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\npng bytes\r\n` +
    `--${boundary}--\r\n`;
  t.equal(up.body.toString('utf8'), expected);

  const got = await only(() => graph.media.get(b, '5551'));
  t.match(got, { method: 'GET', url: '/v23.0/5551', authorization: 'Bearer EAATtoken123', contentType: undefined });
  t.equal(got.body.length, 0);
  const gone = await only(() => graph.media.delete(b, '5551'));
  t.match(gone, { method: 'DELETE', url: '/v23.0/5551', authorization: 'Bearer EAATtoken123', contentType: undefined });
  t.equal(gone.body.length, 0);

  const url = `${base}/media-download/5551?sig=abc&exp=1`;
  const dl = await only(() => graph.media.download(b, url));
  t.match(dl, { method: 'GET', url: '/media-download/5551?sig=abc&exp=1', authorization: 'Bearer EAATtoken123' });
  t.equal((await only(() => graph.media.download(b, url, { token: null }))).authorization, undefined);
  t.equal(graph.baseUrl, base);
});

t.test('registration: register with a pin and optional region, a generated body as is, deregister', async (t) => {
  const { graph, only } = await loopback(t);
  let s = await only(() => graph.registration.register(b, '246810'));
  t.match(s, { method: 'POST', url: '/v23.0/106540352242922/register', authorization: 'Bearer EAATtoken123', contentType: 'application/json' });
  t.ok(exact(s, '{"messaging_product":"whatsapp","pin":"246810"}'));
  s = await only(() => graph.registration.register(b, '123456', 'DE'));
  t.ok(exact(s, '{"messaging_product":"whatsapp","pin":"123456","data_localization_region":"DE"}'));
  s = await only(() => graph.registration.registerWith(b, { pin: '1' }));
  t.ok(exact(s, '{"pin":"1"}'));
  s = await only(() => graph.registration.deregister(b));
  t.match(s, { method: 'POST', url: '/v23.0/106540352242922/deregister', authorization: 'Bearer EAATtoken123' });
  t.ok(exact(s, '{"messaging_product":"whatsapp"}'));
});

t.test('settings: Local Storage on in a region, or off; the settings read', async (t) => {
  const { graph, only } = await loopback(t);
  let s = await only(() => graph.settings.localStorage(b, 'IN'));
  t.match(s, { method: 'POST', url: '/v23.0/106540352242922/settings', authorization: 'Bearer EAATtoken123', contentType: 'application/json' });
  t.ok(exact(s, '{"storage_configuration":{"enabled":true,"region":"IN"}}'));
  s = await only(() => graph.settings.localStorage(b));
  t.ok(exact(s, '{"storage_configuration":{"enabled":false}}'));
  s = await only(() => graph.settings.get(b));
  t.match(s, { method: 'GET', url: '/v23.0/106540352242922/settings', authorization: 'Bearer EAATtoken123', contentType: undefined });
  t.equal(s.body.length, 0);
});

t.test('block_users: block, unblock, list', async (t) => {
  const { graph, only } = await loopback(t);
  const body = '{"messaging_product":"whatsapp","block_users":[{"user":"+447700900123"}]}';
  let s = await only(() => graph.blockUsers.block(b, ['+447700900123']));
  t.match(s, { method: 'POST', url: '/v23.0/106540352242922/block_users', authorization: 'Bearer EAATtoken123', contentType: 'application/json' });
  t.ok(exact(s, body));
  s = await only(() => graph.blockUsers.unblock(b, ['+447700900123']));
  t.match(s, { method: 'DELETE', url: '/v23.0/106540352242922/block_users', authorization: 'Bearer EAATtoken123' });
  t.ok(exact(s, body));
  s = await only(() => graph.blockUsers.list(b));
  t.match(s, { method: 'GET', url: '/v23.0/106540352242922/block_users', authorization: 'Bearer EAATtoken123', contentType: undefined });
  t.equal(s.body.length, 0);
});

t.test('documented request forms: the token in the query, form bodies, media scoped to a number, messaging_product in the query', async (t) => {
  const { graph, only } = await loopback(t);
  let s = await only(() => graph.sendMessage({ ...b, accessToken: 'EAA/t+k=' }, { messaging_product: 'whatsapp' }, { auth: { inQuery: true } }));
  t.match(s, { url: '/v23.0/106540352242922/messages?access_token=EAA%2Ft%2Bk%3D', authorization: undefined, contentType: 'application/json' });
  s = await only(() => graph.sendMessageForm(b, { messaging_product: 'whatsapp', to: '+1 (555) 000', template: '{"name":"x"}' }, 'urlencoded'));
  t.match(s, { url: '/v23.0/106540352242922/messages', authorization: 'Bearer EAATtoken123', contentType: 'application/x-www-form-urlencoded' });
  t.ok(exact(s, 'messaging_product=whatsapp&to=%2B1+%28555%29+000&template=%7B%22name%22%3A%22x%22%7D'));
  s = await only(() => graph.sendMessageForm(b, { messaging_product: 'whatsapp', to: '1' }, 'multipart'));
  t.match(s.contentType, /^multipart\/form-data; boundary=/);
  t.match(s.body.toString(), /name="messaging_product"\r\n\r\nwhatsapp\r\n[^]*name="to"\r\n\r\n1\r\n/);
  s = await only(() => graph.media.get(b, '987', {}, { phoneNumberId: '111' }));
  t.match(s, { method: 'GET', url: '/v23.0/987?phone_number_id=111', authorization: 'Bearer EAATtoken123' });
  s = await only(() => graph.media.delete(b, '987', {}, { phoneNumberId: '111' }));
  t.match(s, { method: 'DELETE', url: '/v23.0/987?phone_number_id=111' });
  s = await only(() => graph.media.upload(b, { bytes: Buffer.from('png'), filename: 'q.png', mime: 'image/png' }, {}, { productInQuery: true }));
  t.equal(s.url, '/v23.0/106540352242922/media?messaging_product=whatsapp');
  t.notMatch(s.body.toString(), /messaging_product/, 'not a form field then');
});
