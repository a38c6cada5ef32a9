// The example mock Cloud API server (examples/mock-cloud-api), started as a
// user starts it, driven through its Graph API and its own simulation API,
// with its webhooks caught by a loopback receiver; then the worked-example
// adapter (examples/adapters/mock-cloud-api.ts) called directly against it.
import t from 'tap';
import { startExample } from './start-example.ts';
import { once } from 'node:events';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createAdapter from '../../examples/adapters/mock-cloud-api.ts';
import type { AdapterBusiness } from '../../harness/target/adapter-interface.ts';

const MAIN = fileURLToPath(new URL('../../examples/mock-cloud-api/main.ts', import.meta.url));
const ADAPTER = fileURLToPath(new URL('../../examples/adapters/mock-cloud-api.ts', import.meta.url));
const DAY_MS = 24 * 60 * 60 * 1000;

// The first three tests take a few seconds; the whole suite through the adapter, about a minute.
t.setTimeout(120_000);

const startMock = () => startExample(MAIN, []);

interface Post {
  path: string;
  raw: string;
  signature: string | undefined;
  json: any;
}

/** Webhook callbacks on loopback: /good and /flaky echo the challenge, /bad does not; /flaky answers 500 while `failing`. */
async function startReceiver(): Promise<{ base: string; posts: Post[]; verifications: URLSearchParams[]; control: { failing: boolean }; server: Server }> {
  const posts: Post[] = [];
  const verifications: URLSearchParams[] = [];
  const control = { failing: true };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver.invalid');
    if (req.method === 'GET') {
      verifications.push(url.searchParams);
      res.end(url.pathname === '/bad' ? 'not the challenge' : (url.searchParams.get('hub.challenge') ?? ''));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      posts.push({ path: url.pathname, raw, signature: req.headers['x-hub-signature-256'] as string | undefined, json: JSON.parse(raw) });
      res.statusCode = url.pathname === '/flaky' && control.failing ? 500 : 200;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, verifications, control, server };
}

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Polls until `find` answers something, for at most 5 s. */
async function waitFor<T>(find: () => T | undefined): Promise<T | undefined> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = find();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sign = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw, 'utf8').digest('hex')}`;
const statusesIn = (posts: Post[], id: string) => posts.flatMap((p) => (p.json.entry?.[0]?.changes?.[0]?.value?.statuses ?? []) as any[]).filter((s) => s.id === id);
const messagesIn = (posts: Post[]) => posts.flatMap((p) => (p.json.entry?.[0]?.changes?.[0]?.value?.messages ?? []) as any[]);

function business(n: number, path: string, base: string) {
  return {
    waba_id: `10${n}0000000000`,
    phone_number_id: `20${n}0000000000`,
    display_phone_number: `1555000000${n}`,
    access_token: `EAAmock${n}token`,
    app_secret: `secret-${n}`,
    webhook_url: `${base}${path}`,
    verify_token: `verify-${n}`,
  };
}

t.test('the mock serves the Graph API and posts signed webhooks', async (t) => {
  const mock = await startMock();
  const rx = await startReceiver();
  t.teardown(async () => {
    await mock.stop();
    rx.server.closeAllConnections();
    rx.server.close();
  });
  const m = (path: string, body?: unknown) => call(body === undefined ? 'GET' : 'POST', `${mock.url}/mock${path}`, body);
  const graph = (b: ReturnType<typeof business>, body: unknown, token = b.access_token) => call('POST', `${mock.url}/v23.0/${b.phone_number_id}/messages`, body, { authorization: `Bearer ${token}` });
  const settle = async () => {
    const deadline = Date.now() + 5_000;
    while (!(await m('/idle')).json.idle && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  t.same((await m('/reset', {})).json, { ok: true }, 'reset');
  const a = business(1, '/good', rx.base);
  const bad = business(2, '/bad', rx.base);
  const flaky = business(3, '/flaky', rx.base);
  t.same((await m('/businesses', a)).json, { phone_number_id: a.phone_number_id, webhook_active: true }, 'a callback that echoes the challenge is activated');
  t.same((await m('/businesses', bad)).json, { phone_number_id: bad.phone_number_id, webhook_active: false }, 'one that does not is left inactive');
  const v = rx.verifications[0]!;
  t.same([v.get('hub.mode'), v.get('hub.verify_token'), (v.get('hub.challenge') ?? '').length > 0], ['subscribe', a.verify_token, true], 'the handshake is the documented GET');

  const consumer = '447700900123';
  const text = (body: string, extra: Record<string, unknown> = {}) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer, type: 'text', text: { body }, ...extra });
  const template = { messaging_product: 'whatsapp', to: `+${consumer}`, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

  // Graph errors, in Meta's envelope.
  const unauth = await graph(a, text('hi'), 'EAAwrong');
  t.same([unauth.status, unauth.json.error.code, unauth.json.error.type], [401, 190, 'OAuthException'], 'an unknown token is 401 / 190');
  t.match(unauth.json.error, { message: String, fbtrace_id: String, error_data: { details: String } }, 'with message, fbtrace_id and details');
  const foreign = await graph({ ...a, phone_number_id: bad.phone_number_id }, text('hi'));
  t.same([foreign.status, foreign.json.error.code], [403, 200], "a business's token on another's number is 403");
  t.equal((await graph(a, { ...text('hi'), type: 'hologram', hologram: {} })).json.error.code, 131051, 'an unknown type is 131051');
  t.equal((await graph(a, { ...text('hi'), text: {} })).json.error.code, 131008, 'a missing text.body is 131008');
  t.equal((await graph(a, { ...text('hi'), to: '12ab' })).json.error.code, 131009, 'a `to` that is no number is 131009');
  t.equal((await graph(a, text('hi'))).json.error.code, 131047, 'a free-form send before the consumer wrote is 131047');
  const sentTemplate = await graph(a, template);
  t.equal(sentTemplate.status, 200, 'a template is sent any time');
  t.match(sentTemplate.json, { messaging_product: 'whatsapp', contacts: [{ input: `+${consumer}`, wa_id: consumer }], messages: [{ id: /^wamid\./ }] }, 'the documented send answer');

  // A consumer writes, through the simulation API.
  await m('/clock/advance', { ms: 90_500 });
  const { unix_ms: now } = (await m('/clock')).json;
  const inbound = await m('/simulate/incoming', { to_phone_number_id: a.phone_number_id, from: consumer, name: 'Ada', message: { id: 'wamid.from-consumer-1', type: 'text', text: { body: 'héllo / there' } } });
  t.same(inbound.json, { id: 'wamid.from-consumer-1' }, 'the given id is kept');
  const hook = await waitFor(() => rx.posts.find((p) => messagesIn([p]).some((x) => x.id === 'wamid.from-consumer-1')));
  t.ok(hook, 'the messages webhook arrives');
  t.equal(hook!.signature, sign(a.app_secret, hook!.raw), "signed with the business's app secret over the raw body");
  t.same(hook!.json, {
    object: 'whatsapp_business_account',
    entry: [{ id: a.waba_id, changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: a.display_phone_number, phone_number_id: a.phone_number_id },
      contacts: [{ profile: { name: 'Ada' }, wa_id: consumer }],
      messages: [{ id: 'wamid.from-consumer-1', type: 'text', text: { body: 'héllo / there' }, from: consumer, timestamp: String(Math.floor(now / 1000)) }],
    } }] }],
  }, 'in the Cloud API shape, timestamp in seconds of the mock clock');

  // Inside the window now; statuses move forward only.
  const sent = await graph(a, text('thanks', { biz_opaque_callback_data: 'order-42' }));
  t.equal(sent.status, 200, 'a free-form send inside the window is accepted');
  const id = sent.json.messages[0].id as string;
  t.equal((await m('/simulate/status', { message_id: id, status: 'read' })).json.changed, true, 'read');
  t.equal((await m('/simulate/status', { message_id: id, status: 'delivered' })).json.changed, false, 'a late delivered changes nothing');
  t.equal((await m('/simulate/status', { message_id: 'wamid.nope', status: 'read' })).status, 404, 'an unknown message id is 404');
  await settle();
  const statuses = statusesIn(rx.posts, id);
  t.same(statuses.map((s) => s.status), ['sent', 'read'], 'sent then read, never back');
  t.match(statuses[0], { recipient_id: consumer, timestamp: /^\d{10}$/, biz_opaque_callback_data: 'order-42' }, 'the sent status echoes biz_opaque_callback_data');
  t.equal(statuses[1].biz_opaque_callback_data, undefined, 'the deliberate deviation: read does not echo it');
  t.ok(rx.posts.every((p) => p.signature === sign(a.app_secret, p.raw)), 'every webhook is signed');

  // Mark read: only incoming messages.
  t.same((await graph(a, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.from-consumer-1' })).json, { success: true }, 'an incoming message is marked read');
  t.equal((await graph(a, { messaging_product: 'whatsapp', status: 'read', message_id: id })).json.error.code, 100, 'an outgoing one is refused');

  // The window closes 24 h after the consumer last wrote.
  await m('/clock/advance', { ms: DAY_MS + 1_000 });
  t.equal((await graph(a, text('late'))).json.error.code, 131047, 'closed after 24 h');

  // An inactive callback is never called.
  const before = rx.posts.length;
  await m('/simulate/incoming', { to_phone_number_id: bad.phone_number_id, from: consumer, message: { type: 'text', text: { body: 'x' } } });
  await settle();
  t.equal(rx.posts.filter((p) => p.path === '/bad').length, 0, 'nothing is posted to a callback that failed verification');
  t.equal(rx.posts.length, before, 'nor anywhere else');

  // Retries on the mock's clock: growing gaps, given up after 7 days.
  await m('/businesses', flaky);
  const attemptsAt: number[] = [];
  const { id: refused } = (await m('/simulate/incoming', { to_phone_number_id: flaky.phone_number_id, from: consumer, message: { type: 'text', text: { body: 'refused' } } })).json;
  const attempts = () => rx.posts.filter((p) => messagesIn([p]).some((x) => x.id === refused)).length;
  const start = (await m('/clock')).json.unix_ms as number;
  while ((await m('/clock')).json.unix_ms - start < 9 * DAY_MS) {
    await settle();
    while (attemptsAt.length < attempts()) attemptsAt.push((await m('/clock')).json.unix_ms - start);
    await m('/clock/advance', { ms: attemptsAt.at(-1)! < 3_600_000 ? 60_000 : 3_600_000 });
  }
  const gaps = attemptsAt.slice(1).map((x, i) => x - attemptsAt[i]!);
  t.ok(gaps.length >= 5 && gaps.slice(0, 5).every((g, i) => i === 0 || g > gaps[i - 1]!), `retry gaps grow (${gaps.slice(0, 6).join(', ')} ms)`);
  t.ok(attemptsAt.at(-1)! <= 7 * DAY_MS, `no attempt after 7 days (last at ${attemptsAt.at(-1)} ms)`);
  rx.control.failing = false;
});

t.test('the adapter drives the mock through its own API', async (t) => {
  const mock = await startMock();
  const rx = await startReceiver();
  t.teardown(async () => {
    await mock.stop();
    rx.server.closeAllConnections();
    rx.server.close();
  });
  const adapter = await createAdapter({ target: `${mock.url}/`, graphVersion: 'v23.0' });
  t.equal(adapter.adapterVersion, 1, 'speaks adapter version 1');
  t.same(adapter.capabilities, ['webhooks.verification'], 'declares the handshake, no media or registration');
  await adapter.reset!();
  const b: AdapterBusiness = { wabaId: '1090000000000', phoneNumberId: '2090000000000', displayPhoneNumber: '15550000009', accessToken: 'EAAadapter', appSecret: 'adapter-secret', webhookUrl: `${rx.base}/good`, verifyToken: 'vt' };
  await adapter.configureBusiness(b);
  const t0 = await adapter.now!();
  t.equal(await adapter.advanceClock!(5_000), t0 + 5_000, 'advanceClock answers the new time');

  const delivered = await adapter.deliverMessage({ business: b, from: '447700900555', profileName: 'Bo', message: { id: 'wamid.adapter-in', type: 'text', text: { body: 'hi' } } });
  t.same(delivered, { id: 'wamid.adapter-in' }, 'deliverMessage names the id the webhook carries');
  const hook = await waitFor(() => rx.posts.find((p) => messagesIn([p]).some((x) => x.id === 'wamid.adapter-in')));
  t.equal(hook?.signature, sign(b.appSecret, hook!.raw), 'the webhook arrives, signed');

  const sent = await call('POST', `${mock.url}/v23.0/${b.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: '447700900555', type: 'text', text: { body: 'reply' } }, { authorization: `Bearer ${b.accessToken}` });
  t.equal(sent.status, 200, 'the window the adapter opened lets the business reply');
  const id = sent.json.messages[0].id as string;
  await adapter.applyReceipt({ business: b, from: '447700900555', status: 'delivered', messageIds: [id] });
  await adapter.applyReceipt({ business: b, from: '447700900555', status: 'read', messageIds: [id] });
  const deadline = Date.now() + 5_000;
  while (!(await adapter.idle!()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  t.equal(await adapter.idle!(), true, 'idle once every webhook was attempted');
  t.same(statusesIn(rx.posts, id).map((s) => s.status), ['sent', 'delivered', 'read'], 'receipts become status webhooks in order');
  await t.rejects(adapter.applyReceipt({ business: b, from: '447700900555', status: 'read', messageIds: ['wamid.unknown'] }), /HTTP 404/, 'a refusal of the mock is an error naming it');
});

t.test('the mock imports nothing but Node and its own modules', async (t) => {
  const dir = fileURLToPath(new URL('../../examples/mock-cloud-api/', import.meta.url));
  const outside: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const [, spec] of readFileSync(join(dir, file), 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
      if (!spec!.startsWith('node:') && !/^\.\/[\w-]+\.ts$/.test(spec!)) outside.push(`${file} -> ${spec}`);
    }
  }
  t.same(outside, [], 'self-contained: no harness/, reference/ or package import');
});

// The whole suite through the adapter, as a mock's author runs it. By hand:
//   npx tsx examples/mock-cloud-api/main.ts --port=0        (prints URL)
//   npm run conformance -- --target=URL --adapter=examples/adapters/mock-cloud-api.ts --seed=1
t.test('end to end: the suite through the adapter fails the deliberate deviation and nothing else', async (t) => {
  t.setTimeout(110_000);
  const { runConformance } = await import('../../harness/cli/conformance.ts');
  const mock = await startMock();
  const dir = await mkdtemp(join(tmpdir(), 'mock-cloud-api-run-'));
  t.teardown(async () => {
    await mock.stop();
    await rm(dir, { recursive: true, force: true });
  });
  let out = '';
  const o = { out: (s: string) => void (out += s), err: (s: string) => void (out += s) };
  const outcome = await runConformance([`--target=${mock.url}`, `--adapter=${ADAPTER}`, '--seed=1', '--runs=3', `--report=${dir}`], o);
  const failed = outcome.results.filter((r) => r.verdict === 'fail').map((r) => r.id);
  t.same(failed, ['HOOK-status-echoes-opaque-data'], 'the deliberate deviation fails, in the case that owns the rule, and nothing else does');
  t.match(outcome.results.find((r) => r.id === 'HOOK-status-echoes-opaque-data')?.message ?? '', /does not echo biz_opaque_callback_data/, 'for the documented reason');
  t.same(outcome.results.filter((r) => r.verdict === 'error').map((r) => `${r.id}: ${r.message}`), [], 'every case could be judged');
  const judged = outcome.results.filter((r) => r.verdict !== 'n/a').map((r) => r.id);
  t.ok(judged.filter((id) => id.startsWith('HOOK-')).length >= 10, `the webhook cases ran through the adapter (${judged.length} cases judged)`);
  t.match(out, /consumers: adapter/, 'the header names the consumer path');
  const signalOnly = outcome.results.find((r) => r.id === 'E2E-outbound-decrypts-exactly');
  t.match(signalOnly, { verdict: 'n/a', message: /write through the adapter/ }, 'a case that needs Signal is n/a, saying why');
  t.equal(outcome.exitCode, 1, 'exit code 1: a MUST failed');
  t.notMatch(out, /Error: /, 'no stack trace');
});
