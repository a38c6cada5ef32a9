// A worked example of an adapter (--adapter=FILE): it makes the mock in
// examples/mock-cloud-api, which knows nothing of the conformance protocol,
// act for the harness through the mock's own API. Copy it for your server:
// each method below is one act the harness needs, translated into whatever
// your server offers for it (a REST call here; a CLI, a database row or a
// message queue elsewhere). The interface is harness/target/adapter-interface.ts.
//
//   npm run conformance -- --target=http://127.0.0.1:PORT --adapter=examples/adapters/mock-cloud-api.ts
//
// Only fetch against the mock is used; nothing is imported but types.

import type { AdapterBusiness, AdapterInboundMessage, AdapterReceipt, ConformanceAdapter, CreateAdapter } from '../../harness/target/adapter-interface.ts';

/** Every call to the mock gets a deadline: a hung server must fail the call, not the whole run's patience. */
const CALL_TIMEOUT_MS = 15_000;

const createAdapter: CreateAdapter = ({ target }) => {
  const base = target.replace(/\/+$/, '');

  /** One call to the mock's API; anything but 2xx throws with what the mock said, which the harness shows. */
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`mock-cloud-api: ${method} ${path} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  const adapter: ConformanceAdapter = {
    adapterVersion: 1,
    name: 'mock-cloud-api',
    // The mock serves messages (send, mark read, phone number read) and
    // webhooks, and verifies a callback before using it. It has no media,
    // registration, block list or settings endpoints, so those are not
    // declared: their cases are then n/a instead of failing for a reason
    // that is no bug of the mock.
    capabilities: ['webhooks.verification'],

    // The mock forgets everything (its clock starts over) on POST /mock/reset.
    async reset() {
      await call('POST', '/mock/reset', {});
    },

    // The mock's business config names things its own way (snake_case) and
    // runs the hub.challenge handshake itself before answering. A callback
    // that failed the handshake is not an error of the adapter: the
    // verification case gives such callbacks on purpose and checks that the
    // server never posts to them.
    async configureBusiness(b: AdapterBusiness) {
      await call('POST', '/mock/businesses', {
        waba_id: b.wabaId,
        phone_number_id: b.phoneNumberId,
        display_phone_number: b.displayPhoneNumber,
        access_token: b.accessToken,
        app_secret: b.appSecret,
        webhook_url: b.webhookUrl,
        verify_token: b.verifyToken,
      });
    },

    // A consumer writes: the mock stamps `from` and its own timestamp on the
    // message object, keeps its id, and posts the messages webhook. Its
    // answer names the id the webhook carries.
    async deliverMessage(m: AdapterInboundMessage) {
      const { id } = await call<{ id: string }>('POST', '/mock/simulate/incoming', {
        to_phone_number_id: m.business.phoneNumberId,
        from: m.from,
        name: m.profileName,
        message: m.message,
      });
      return { id };
    },

    // The mock moves one message at a time; a receipt for several messages
    // (a phone acknowledges in batches) becomes one call per message, in order.
    async applyReceipt(r: AdapterReceipt) {
      for (const id of r.messageIds) await call('POST', '/mock/simulate/status', { message_id: id, status: r.status });
    },

    // The mock's clock answers in its own shape ({unix_ms, iso}); the harness wants Unix milliseconds.
    async now() {
      return (await call<{ unix_ms: number }>('GET', '/mock/clock')).unix_ms;
    },

    async advanceClock(ms: number) {
      return (await call<{ unix_ms: number }>('POST', '/mock/clock/advance', { ms })).unix_ms;
    },

    // Idle means: no webhook in flight and none due at the mock's current time
    // (retries scheduled later do not count, as in PROTOCOL.md §3).
    async idle() {
      return (await call<{ idle: boolean }>('GET', '/mock/idle')).idle;
    },
  };
  return adapter;
};

export default createAdapter;
