// The simulated path (PROTOCOL §14) goes through the same seams as the
// transport's: each reference fault that breaks a rule of a message's way to
// the business, its statuses, its webhooks or its life at rest breaks it for
// simulated traffic too, so the suite's faults stay catchable when the
// harness drives a target through simulation. Each rule below holds on the
// clean reference and fails under every fault it names.
import t from 'tap';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUSINESS, Kit, NOW_MS } from './harness-kit.ts';
import { expectedSignature, valueOf, WebhookReceiver } from './fixtures.ts';

const CONSUMER = '447700900123';
const NOBODY = '447700900999';
const DAY_MS = 86_400_000;
const PAST_RETENTION_MS = 30 * DAY_MS + 120_000;
const OTHER = { waba_id: '102290129340399', phone_number_id: '106540352242923', display_phone_number: '15550783882', access_token: 'EAAGother', app_secret: 'app-secret-2', verify_token: 'verify-2' };
const SILENT = { waba_id: '102290129340400', phone_number_id: '106540352242924', display_phone_number: '15550783883', access_token: 'EAAGsilent', app_secret: 'app-secret-3', verify_token: 'verify-3' };

/**
 * Records what reaches it: the rest-of-Meta sinks, or a callback that
 * echoes the verification challenge only when `echo` is set; `hold` keeps POSTs unanswered.
 */
class Recorder {
  readonly posts: Array<{ path: string; body: Buffer }> = [];
  private held: Array<() => void> = [];
  hold = false;
  echo = false;
  release(): void {
    this.hold = false;
    for (const answer of this.held.splice(0)) answer();
  }
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));
  url = '';
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  stop(): Promise<void> {
    return new Promise((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'POST') this.posts.push({ path: req.url ?? '', body: Buffer.concat(chunks) });
    const challenge = new URL(req.url ?? '/', 'http://recorder.invalid').searchParams.get('hub.challenge');
    const answer = (): void => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(this.echo && challenge !== null ? challenge : 'not the challenge');
    };
    if (req.method === 'POST' && this.hold) this.held.push(answer);
    else answer();
  }
}

interface World {
  kit: Kit;
  other: WebhookReceiver;
  sinks: Recorder;
  silent: Recorder;
}

const control = (w: World, method: string, path: string, body?: unknown) => w.kit.control(method, path, body);
const idle = (w: World) => w.kit.idle();
const advance = async (w: World, ms: number): Promise<void> => {
  await control(w, 'POST', '/clock/advance', { ms });
  await idle(w);
};
const simulate = async (w: World, message: Record<string, unknown>, phoneNumberId = BUSINESS.phone_number_id): Promise<string> => {
  const a = await control(w, 'POST', '/simulate/messages', { phone_number_id: phoneNumberId, from: CONSUMER, profile_name: 'Consumer 0123', message });
  if (a.status !== 200) throw new Error(`simulate: ${JSON.stringify(a)}`);
  await idle(w);
  return a.body.id as string;
};
const receipt = async (w: World, status: 'delivered' | 'read', ids: string[]): Promise<void> => {
  await control(w, 'POST', '/simulate/receipts', { phone_number_id: BUSINESS.phone_number_id, from: CONSUMER, status, message_ids: ids });
  await idle(w);
};
const send = async (w: World, to: string, body: Record<string, unknown>): Promise<string> => {
  const a = await w.kit.send(to, { messaging_product: 'whatsapp', to, ...body });
  if (a.status !== 200) throw new Error(`send: ${JSON.stringify(a)}`);
  await idle(w);
  return (a.body.messages as { id: string }[])[0].id;
};
const sendText = (w: World, text: string, extra: Record<string, unknown> = {}) => send(w, CONSUMER, { type: 'text', text: { body: text }, ...extra });
const statusesOf = (w: World, id: string): Array<Record<string, unknown>> =>
  w.kit.hooks.deliveries.flatMap((d) => ((valueOf(d).statuses as Array<Record<string, unknown>> | undefined) ?? []).filter((s) => s.id === id));
const firstMessage = (w: World): Record<string, unknown> => (valueOf(w.kit.hooks.deliveries[0]).messages as Array<Record<string, unknown>>)[0];
const dump = async (w: World): Promise<Array<{ store: string; key: string; region: string; bytes: Buffer }>> =>
  ((await control(w, 'GET', '/storage')).body.records as Array<{ store: string; key: string; region: string; bytes: string }>).map((r) => ({ ...r, bytes: Buffer.from(r.bytes, 'base64') }));
const dumpHolds = async (w: World, needle: string): Promise<boolean> => (await dump(w)).some((r) => r.bytes.includes(needle));
const register = (w: World, body: Record<string, unknown> = {}) => w.kit.call('POST', `/v23.0/${BUSINESS.phone_number_id}/register`, BUSINESS.access_token, { messaging_product: 'whatsapp', pin: '123456', ...body });
const text = (body: string) => ({ type: 'text', text: { body } });

interface Rule {
  name: string;
  faults: string[];
  /** True when the rule holds for simulated traffic. */
  holds(w: World): Promise<boolean>;
}

const RULES: Rule[] = [
  { name: 'the text arrives exactly', faults: ['inbound-text-trimmed'], holds: async (w) => (await simulate(w, text(' padded ')), (firstMessage(w).text as { body: string }).body === ' padded ') },
  { name: 'only the owner hears of its events', faults: ['cross-tenant-webhook'], holds: async (w) => (await simulate(w, text('mine')), w.other.deliveries.length === 0) },
  {
    name: 'the signature is HMAC(own app secret, raw body)',
    faults: ['webhook-wrong-secret', 'webhook-signature-reserialised', 'webhook-other-tenant-secret'],
    holds: async (w) => {
      await simulate(w, text('caf\u00e9 / \u{1F600}'));
      const d = w.kit.hooks.deliveries[0];
      return d.signature === expectedSignature(BUSINESS.app_secret, d.raw);
    },
  },
  { name: 'timestamps are seconds', faults: ['webhook-timestamp-milliseconds'], holds: async (w) => (await simulate(w, text('when')), firstMessage(w).timestamp === String(NOW_MS / 1000)) },
  { name: 'a message is delivered once', faults: ['inbound-forwarded-twice'], holds: async (w) => (await simulate(w, text('once')), w.kit.hooks.deliveries.length === 1) },
  {
    name: 'no delivered after read',
    faults: ['status-delivered-after-read'],
    holds: async (w) => {
      await simulate(w, text('hi'));
      const id = await sendText(w, 'answer');
      await receipt(w, 'read', [id]);
      return JSON.stringify(statusesOf(w, id).map((s) => s.status)) === '["sent","read"]';
    },
  },
  {
    name: 'biz_opaque_callback_data is echoed on every status',
    faults: ['opaque-data-dropped'],
    holds: async (w) => {
      await simulate(w, text('hi'));
      const id = await sendText(w, 'tracked', { biz_opaque_callback_data: 'track-me' });
      await receipt(w, 'delivered', [id]);
      const all = statusesOf(w, id);
      return all.length === 2 && all.every((s) => s.biz_opaque_callback_data === 'track-me');
    },
  },
  {
    // Not a simulated consumer and not on the transport: the send fails as it does today.
    name: 'an undeliverable message fails with errors',
    faults: ['failed-status-without-errors', 'unknown-recipient-reported-sent'],
    holds: async (w) => {
      const id = await send(w, NOBODY, { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
      const all = statusesOf(w, id);
      return all.length === 1 && all[0].status === 'failed' && Array.isArray(all[0].errors);
    },
  },
  {
    name: 'failed deliveries are retried with growing delays',
    faults: ['webhook-no-retry', 'webhook-fixed-interval'],
    holds: async (w) => {
      w.kit.hooks.status = 500;
      await simulate(w, text('retry me'));
      for (let i = 0; i < 6; i++) await advance(w, 30_000);
      // Attempts at 0, 30 s and 90 s; the next is due at 210 s.
      return w.kit.hooks.deliveries.length === 3;
    },
  },
  {
    name: 'retries stop 7 days after the first attempt',
    faults: ['webhook-retry-forever'],
    holds: async (w) => {
      w.kit.hooks.status = 500;
      await simulate(w, text('give up'));
      for (let i = 0; i < 16; i++) await advance(w, DAY_MS / 2);
      const by8Days = w.kit.hooks.deliveries.length;
      for (let i = 0; i < 6; i++) await advance(w, DAY_MS / 2);
      return w.kit.hooks.deliveries.length === by8Days;
    },
  },
  {
    name: 'a queued webhook survives a restart',
    faults: ['webhook-dropped-on-restart', 'undelivered-webhooks-lost-on-restart'],
    holds: async (w) => {
      w.kit.hooks.status = 503;
      await simulate(w, text('keep me'));
      await control(w, 'POST', '/restart');
      w.kit.hooks.status = 200;
      await advance(w, 30_000);
      return w.kit.hooks.deliveries.length === 2;
    },
  },
  {
    // The moment simulated traffic has in flight: the message stored and answered, its webhook attempted, not yet acknowledged.
    name: 'a webhook in flight at a restart is delivered after it',
    faults: ['undelivered-webhooks-lost-on-restart'],
    holds: async (w) => {
      w.silent.echo = true;
      await control(w, 'POST', '/businesses', { ...SILENT, webhook_url: `${w.silent.url}/hook` });
      w.silent.hold = true;
      const message = control(w, 'POST', '/simulate/messages', { phone_number_id: SILENT.phone_number_id, from: CONSUMER, message: text('in flight') });
      try {
        if ((await message).status !== 200) return false;
        while (w.silent.posts.length === 0) await new Promise((r) => setTimeout(r, 5));
        await control(w, 'POST', '/restart');
      } finally {
        w.silent.release();
      }
      await idle(w);
      return w.silent.posts.length === 2;
    },
  },
  {
    name: 'an unverified callback is never called',
    faults: ['webhook-verification-unchecked'],
    holds: async (w) => {
      await control(w, 'POST', '/businesses', { ...SILENT, webhook_url: `${w.silent.url}/hook` });
      await simulate(w, text('to nobody'), SILENT.phone_number_id);
      return w.silent.posts.length === 0;
    },
  },
  {
    name: 'telemetry carries counts only and the ads sink nothing',
    faults: ['telemetry-phone-sha256', 'telemetry-message-ids', 'telemetry-content', 'ads-gzip-payload'],
    holds: async (w) => {
      const id = await simulate(w, text('canary-content-1'));
      await sendText(w, 'canary-content-2');
      await advance(w, 61_000);
      const telemetry = w.sinks.posts.filter((p) => p.path === '/telemetry');
      const leaks = [createHash('sha256').update(CONSUMER).digest('hex'), id, 'canary-content'];
      return telemetry.length > 0 && telemetry.every((p) => leaks.every((l) => !p.body.includes(l))) && w.sinks.posts.every((p) => p.path !== '/ads');
    },
  },
  {
    // The notice itself comes on the transport endpoint (PROTOCOL §5.1), for a message to a simulated consumer.
    name: 'billing reaches telemetry as totals only',
    faults: ['billing-notice-to-telemetry'],
    holds: async (w) => {
      await simulate(w, text('hi'));
      const id = await sendText(w, 'billed');
      await w.kit.call('POST', '/transport/v0/billing', w.kit.transport.token, { message_id: id, billable: true, pricing_model: 'PMP', category: 'service' });
      await advance(w, 61_000);
      const telemetry = w.sinks.posts.filter((p) => p.path === '/telemetry');
      return telemetry.length > 0 && telemetry.every((p) => !p.body.includes(id));
    },
  },
  {
    name: 'a message is purged after 30 days',
    faults: ['retention-31-days', 'retention-off-by-one'],
    holds: async (w) => {
      const id = await simulate(w, text('short-lived'));
      await advance(w, PAST_RETENTION_MS);
      return !(await dump(w)).some((r) => r.store === 'messages' && r.key === id);
    },
  },
  {
    name: 'biz_opaque_callback_data goes with its message',
    faults: ['opaque-data-kept-after-purge'],
    holds: async (w) => {
      await simulate(w, text('hi'));
      await sendText(w, 'tracked', { biz_opaque_callback_data: 'track-me' });
      await advance(w, PAST_RETENTION_MS);
      return !(await dump(w)).some((r) => r.store === 'opaque_callback_data');
    },
  },
  {
    // As RET-phone-purged-with-last-message scans: the number in any form, and the message's id.
    name: 'nothing names the consumer once their last message is purged',
    faults: ['phone-kept-after-purge', 'phone-hash-kept-after-purge', 'retention-31-days'],
    holds: async (w) => {
      const id = await simulate(w, text('hi'));
      await advance(w, PAST_RETENTION_MS);
      const forms = [CONSUMER, createHash('sha256').update(CONSUMER).digest('hex'), id];
      return (await dump(w)).every((r) => forms.every((f) => !r.bytes.includes(f)));
    },
  },
  {
    name: 'content is held in the registered region',
    faults: ['content-in-default-region'],
    holds: async (w) => {
      await register(w, { data_localization_region: 'DE' });
      const id = await simulate(w, text('in Germany'));
      return (await dump(w)).find((r) => r.store === 'messages' && r.key === id)?.region === 'DE';
    },
  },
  {
    name: 'content is held in the region the settings chose',
    faults: ['storage-settings-ignored'],
    holds: async (w) => {
      await w.kit.call('POST', `/v23.0/${BUSINESS.phone_number_id}/settings`, BUSINESS.access_token, { messaging_product: 'whatsapp', storage_configuration: { enabled: true, region: 'DE' } });
      await register(w);
      const id = await simulate(w, text('in Germany'));
      return (await dump(w)).find((r) => r.store === 'messages' && r.key === id)?.region === 'DE';
    },
  },
  { name: 'no content in the clear at rest', faults: ['plaintext-at-rest'], holds: async (w) => (await simulate(w, text('canary-at-rest')), !(await dumpHolds(w, 'canary-at-rest'))) },
  {
    name: 'no consumer number in the clear beside a queued webhook',
    faults: ['outbox-lane-in-clear'],
    holds: async (w) => {
      w.kit.hooks.status = 503;
      await simulate(w, text('queued'));
      return !(await dumpHolds(w, CONSUMER));
    },
  },
];

async function prepare(w: World): Promise<void> {
  w.kit.hooks.deliveries.length = 0;
  w.kit.hooks.status = 200;
  w.other.deliveries.length = 0;
  w.sinks.posts.length = 0;
  w.silent.posts.length = 0;
  w.silent.echo = false;
  const reset = await control(w, 'POST', '/reset', {
    now_ms: NOW_MS,
    transport: { url: w.kit.transport.url, token: w.kit.transport.token },
    sinks: { telemetry: `${w.sinks.url}/telemetry`, ads: `${w.sinks.url}/ads` },
  });
  if (reset.status !== 200) throw new Error(`reset: ${JSON.stringify(reset)}`);
  for (const [b, url] of [[BUSINESS, w.kit.hooks.url], [OTHER, w.other.url]] as const) {
    const made = await control(w, 'POST', '/businesses', { ...b, webhook_url: url });
    if (made.status !== 201) throw new Error(`provision: ${JSON.stringify(made)}`);
  }
}

async function world(t: { teardown(fn: () => unknown): void }, fault?: string): Promise<World> {
  const w: World = { kit: await Kit.start(fault), other: await new WebhookReceiver().start(), sinks: await new Recorder().start(), silent: await new Recorder().start() };
  t.teardown(async () => {
    await w.kit.stop();
    await w.other.stop();
    await w.sinks.stop();
    await w.silent.stop();
  });
  return w;
}

t.test('every rule holds for simulated traffic on the clean reference', async (t) => {
  const w = await world(t);
  for (const rule of RULES) {
    await prepare(w);
    t.ok(await rule.holds(w), rule.name);
  }
});

for (const fault of [...new Set(RULES.flatMap((r) => r.faults))].sort()) {
  t.test(`${fault} breaks simulated traffic too`, async (t) => {
    const w = await world(t, fault);
    for (const rule of RULES.filter((r) => r.faults.includes(fault))) {
      await prepare(w);
      t.notOk(await rule.holds(w), rule.name);
    }
  });
}
