// The bench's load: consumers and one business driving the target through
// the whole round trip, every message verified, with nothing polled. Each
// consumer sends a small batch at a time (the target serialises a session
// anyway) and acknowledges it with one receipt of each kind; status webhooks
// are awaited in the background so the next batch need not wait for them.

import type { World, Business } from '../run/world.ts';
import type { Consumer, OutgoingEnvelope } from '../parties/consumer.ts';
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
    /** Messages per consumer per round: sent together, acknowledged by one receipt of each kind. */
    private readonly batch = 4,
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

  /**
   * Graph sends → decrypt → delivered and read receipts for a batch of
   * messages to one consumer (a receipt lists many ids, as the protocol
   * allows); resolves with the statuses' verification still running.
   */
  async #outbound(c: Consumer, ns: number[]): Promise<Pending[]> {
    const bodies = ns.map((n) => `bench ${c.waId} #${n}`);
    const answers = await Promise.all(bodies.map((body) => this.world.graph.sendText(this.business, c.waId, body)));
    const out: Pending[] = [];
    const live: Array<{ wamid: string; body: string; statuses: Array<Promise<boolean>>; slot: number }> = [];
    answers.forEach((res, i) => {
      const wamid = (res.json as { messages?: Array<{ id?: unknown }> } | undefined)?.messages?.[0]?.id;
      if (res.status !== 200 || typeof wamid !== 'string') {
        out.push(done(this.#no(`send to ${c.waId}: HTTP ${res.status}`)));
        return;
      }
      live.push({ wamid, body: bodies[i]!, statuses: STATUSES.map((s) => this.#verifiedHook(`${wamid}|${s}`, `${wamid} ${s}`)), slot: out.length });
      out.push(done(false)); // replaced below
    });
    const arrived = await Promise.all(live.map((m) => this.envelopes.wait(m.wamid, STEP_TIMEOUT_MS)));
    const received = new Map((await c.receive()).map((r) => [r.envelope.id, r]));
    const acked: typeof live = [];
    live.forEach((m, i) => {
      if (!arrived[i]) return void (out[m.slot] = done(this.#no(`${m.wamid}: no envelope relayed within ${STEP_TIMEOUT_MS / 1000} s`)));
      const got = received.get(m.wamid);
      const text = (got?.content as { text?: { body?: unknown } } | undefined)?.text?.body;
      if (text !== m.body) return void (out[m.slot] = done(this.#no(`${m.wamid}: decrypted ${got?.error ?? JSON.stringify(text)}, sent ${JSON.stringify(m.body)}`)));
      acked.push(m);
    });
    if (acked.length === 0) return out;
    for (const type of ['delivered', 'read'] as const) {
      const r = await c.receipt(type, this.business.waId, acked.map((m) => m.wamid));
      if (r.status !== 200) {
        for (const m of acked) out[m.slot] = done(this.#no(`${m.wamid}: ${type} receipt answered HTTP ${r.status}`));
        return out;
      }
    }
    for (const m of acked) out[m.slot] = { done: Promise.all(m.statuses).then((ok) => ok.every(Boolean)) };
    return out;
  }

  /** Consumer encrypt → transport endpoint → signed message webhook with the same text. */
  /**
   * Consumer encrypt → transport endpoint → signed message webhook with the
   * same text. Encryption is sequential (concurrent encrypts on one session
   * would reuse a message key); the posts then go out together.
   */
  async #inbound(c: Consumer, ns: number[]): Promise<Pending[]> {
    const envelopes = [];
    for (const n of ns) {
      const id = newMessageId();
      const body = `bench in ${c.waId} #${n}`;
      envelopes.push({ body, envelope: await c.encrypt(this.business.waId, { v: 0, type: 'text', text: { body } }, id) });
    }
    return Promise.all(envelopes.map(({ body, envelope }) => this.#inboundOne(c, body, envelope)));
  }

  async #inboundOne(c: Consumer, body: string, envelope: OutgoingEnvelope): Promise<Pending> {
    const id = envelope.id;
    const hook = this.hooks.wait(`${id}|in`, STEP_TIMEOUT_MS);
    const sent = await c.post(envelope);
    if (sent.response.status !== 200) return done(this.#no(`${id}: transport endpoint answered HTTP ${sent.response.status}`));
    return {
      done: hook.then((d) => {
        if (!d) return this.#no(`${id}: no message webhook within ${STEP_TIMEOUT_MS / 1000} s`);
        if (!d.signatureValid) return this.#no(`${id}: message webhook signature does not verify`);
        const text = valueOf(d)?.messages?.[0]?.text?.body;
        if (text !== body) return this.#no(`${id}: webhook text ${JSON.stringify(text)}, sent ${JSON.stringify(body)}`);
        return true;
      }),
    };
  }

  async run(kind: 'outbound' | 'inbound', stop: LoadStop, progress?: (verified: number) => void): Promise<LoadResult> {
    let started = 0;
    let verified = 0;
    let failed = 0;
    const start = performance.now();
    const deadline = stop.durationMs === undefined ? Infinity : start + stop.durationMs;
    const take = (): number[] => {
      if (performance.now() >= deadline) return [];
      const n = Math.min(this.batch, (stop.messages ?? Infinity) - started);
      const ns = Array.from({ length: Math.max(0, n) }, (_, i) => started + i + 1);
      started += ns.length;
      return ns;
    };
    const pending = new Set<Promise<void>>();
    const one = kind === 'outbound' ? this.#outbound.bind(this) : this.#inbound.bind(this);
    await Promise.all(
      this.consumers.map(async (c) => {
        for (let ns = take(); ns.length > 0; ns = take()) {
          const batch = await one(c, ns).catch((e: unknown) => ns.map(() => done(this.#no(`messages ${ns.join(', ')}: ${(e as Error).message}`))));
          for (const m of batch) {
            const p: Promise<void> = m.done.then((ok) => {
              pending.delete(p);
              if (ok) verified++;
              else failed++;
              if (progress && ok && verified % 10_000 === 0) progress(verified);
              this.#trim();
            });
            pending.add(p);
          }
        }
      }),
    );
    await Promise.all(pending);
    const seconds = (performance.now() - start) / 1000;
    return { verified, failed, seconds, perSecond: verified / seconds };
  }
}
