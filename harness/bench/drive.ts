// The bench's load: consumers and one business driving the target through
// the whole round trip, every message verified, with nothing polled. Each
// consumer has one send in flight at a time (the target serialises a session
// anyway); status webhooks are awaited in the background so the next send
// need not wait for them.

import type { World, Business } from '../core/world.ts';
import type { Consumer } from '../parties/consumer.ts';
import type { WebhookDelivery } from '../parties/webhook-receiver.ts';
import type { RelayedEnvelope } from '../parties/transport.ts';
import { newMessageId } from '../parties/consumer.ts';
import { Rendezvous } from './rendezvous.ts';

/** How long one step may take before the message counts as failed. */
const STEP_TIMEOUT_MS = 20_000;
const STATUSES = ['sent', 'delivered', 'read'] as const;

export interface LoadResult {
  verified: number;
  failed: number;
  seconds: number;
  perSecond: number;
}

export interface LoadStop {
  /** Stop starting messages after this many started (the RSS run). */
  messages?: number;
  /** Stop starting messages after this long (ms). */
  durationMs?: number;
}

type Fail = (what: string) => void;

/** A message whose remaining verification runs in the background. */
interface Pending {
  done: Promise<boolean>;
}
const done = (ok: boolean): Pending => ({ done: Promise.resolve(ok) });

interface ValueOf {
  statuses?: Array<{ id?: unknown; status?: unknown }>;
  messages?: Array<{ id?: unknown; text?: { body?: unknown } }>;
}

function valueOf(d: WebhookDelivery): ValueOf | undefined {
  const entry = (d.json as { entry?: Array<{ changes?: Array<{ value?: ValueOf }> }> } | undefined)?.entry;
  return entry?.[0]?.changes?.[0]?.value;
}

export class Driver {
  readonly envelopes = new Rendezvous<RelayedEnvelope>();
  readonly hooks = new Rendezvous<WebhookDelivery>();
  #sinceTrim = 0;

  constructor(
    private readonly world: World,
    private readonly business: Business,
    private readonly consumers: Consumer[],
    private readonly fail: Fail,
  ) {
    const env = world.env;
    env.transport.onEnvelope = (e) => this.envelopes.arrive(e.id, e);
    env.receivers.onDelivery = (d) => {
      const v = valueOf(d);
      for (const s of v?.statuses ?? []) if (typeof s.id === 'string') this.hooks.arrive(`${s.id}|${String(s.status)}`, d);
      for (const m of v?.messages ?? []) if (typeof m.id === 'string') this.hooks.arrive(`${m.id}|in`, d);
    };
  }

  close(): void {
    this.envelopes.close();
    this.hooks.close();
    this.world.env.transport.onEnvelope = undefined;
    this.world.env.receivers.onDelivery = undefined;
  }

  /** The parties' own records are not needed once a message is verified: drop them now and then. */
  #trim(): void {
    if (++this.#sinceTrim < 2_000) return;
    this.#sinceTrim = 0;
    const { transport, receivers } = this.world.env;
    transport.envelopes = [];
    transport.receipts = [];
    receivers.deliveries = [];
    for (const c of this.consumers) c.forgetReceived();
  }

  async #verifiedHook(key: string, what: string): Promise<boolean> {
    const d = await this.hooks.wait(key, STEP_TIMEOUT_MS);
    if (!d) return this.#no(`${what}: no webhook within ${STEP_TIMEOUT_MS / 1000} s`);
    if (!d.signatureValid) return this.#no(`${what}: webhook signature does not verify`);
    return true;
  }

  #no(what: string): false {
    this.fail(what);
    return false;
  }

  /** Graph send → decrypt → delivered and read receipts; resolves with the statuses' verification still running. */
  async #outbound(c: Consumer, n: number): Promise<Pending> {
    const body = `bench ${c.waId} #${n}`;
    const res = await this.world.graph.sendText(this.business, c.waId, body);
    const wamid = (res.json as { messages?: Array<{ id?: unknown }> } | undefined)?.messages?.[0]?.id;
    if (res.status !== 200 || typeof wamid !== 'string') return done(this.#no(`send to ${c.waId}: HTTP ${res.status}`));
    const statuses = STATUSES.map((s) => this.#verifiedHook(`${wamid}|${s}`, `${wamid} ${s}`));
    const envelope = await this.envelopes.wait(wamid, STEP_TIMEOUT_MS);
    if (!envelope) return done(this.#no(`${wamid}: no envelope relayed within ${STEP_TIMEOUT_MS / 1000} s`));
    const got = (await c.receive()).find((r) => r.envelope.id === wamid);
    const text = (got?.content as { text?: { body?: unknown } } | undefined)?.text?.body;
    if (text !== body) return done(this.#no(`${wamid}: decrypted ${got?.error ?? JSON.stringify(text)}, sent ${JSON.stringify(body)}`));
    for (const type of ['delivered', 'read'] as const) {
      const r = await c.receipt(type, this.business.waId, [wamid]);
      if (r.status !== 200) return done(this.#no(`${wamid}: ${type} receipt answered HTTP ${r.status}`));
    }
    return { done: Promise.all(statuses).then((ok) => ok.every(Boolean)) };
  }

  /** Consumer encrypt → transport endpoint → signed message webhook with the same text. */
  async #inbound(c: Consumer, n: number): Promise<Pending> {
    const id = newMessageId();
    const body = `bench in ${c.waId} #${n}`;
    const hook = this.hooks.wait(`${id}|in`, STEP_TIMEOUT_MS);
    const sent = await c.send(this.business.waId, { v: 0, type: 'text', text: { body } }, id);
    if (sent.response.status !== 200) return done(this.#no(`${id}: transport endpoint answered HTTP ${sent.response.status}`));
    return { done: hook.then((d) => {
      if (!d) return this.#no(`${id}: no message webhook within ${STEP_TIMEOUT_MS / 1000} s`);
      if (!d.signatureValid) return this.#no(`${id}: message webhook signature does not verify`);
      const text = valueOf(d)?.messages?.[0]?.text?.body;
      if (text !== body) return this.#no(`${id}: webhook text ${JSON.stringify(text)}, sent ${JSON.stringify(body)}`);
      return true;
    }) };
  }

  async run(kind: 'outbound' | 'inbound', stop: LoadStop, progress?: (verified: number) => void): Promise<LoadResult> {
    let started = 0;
    let verified = 0;
    let failed = 0;
    const start = performance.now();
    const deadline = stop.durationMs === undefined ? Infinity : start + stop.durationMs;
    const more = () => performance.now() < deadline && (stop.messages === undefined || started < stop.messages);
    const pending = new Set<Promise<void>>();
    const one = kind === 'outbound' ? this.#outbound.bind(this) : this.#inbound.bind(this);
    await Promise.all(
      this.consumers.map(async (c) => {
        while (more()) {
          const n = ++started;
          const m = await one(c, n).catch((e: unknown) => done(this.#no(`message ${n}: ${(e as Error).message}`)));
          const p: Promise<void> = m.done.then((ok) => {
            pending.delete(p);
            if (ok) verified++;
            else failed++;
            if (progress && ok && verified % 10_000 === 0) progress(verified);
            this.#trim();
          });
          pending.add(p);
        }
      }),
    );
    await Promise.all(pending);
    const seconds = (performance.now() - start) / 1000;
    return { verified, failed, seconds, perSecond: verified / seconds };
  }
}
