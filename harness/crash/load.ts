// Traffic in both directions that keeps going while the target crashes:
// each (business, consumer) pair sends a few consumer messages and a few
// business messages at a time, the consumer decrypts what was relayed and
// acknowledges it with delivered and read receipts. A request the target did
// not answer 200 (it was down, or died while answering) was not accepted: a
// consumer envelope is posted again, byte for byte, until it is, as the
// transport would; a Graph send is not repeated (that would be another
// message). Every acceptance and observation goes into an ExactlyOnceLedger.

import type { Business, World } from '../run/world.ts';
import type { Consumer, OutgoingEnvelope } from '../parties/consumer.ts';
import { ExactlyOnceLedger } from '../verify/exactly-once.ts';

/** How long a request is retried while the target is down, before the message counts as never accepted. */
const RETRY_FOR_MS = 60_000;
const RETRY_PAUSE_MS = 100;

export interface Pair {
  business: Business;
  consumer: Consumer;
}

export interface CrashPlan {
  /** Crash after this many messages were started (any order; each once). */
  at: readonly number[];
  /** The crash itself: a SIGKILL and restart, or `control.restart`. Runs while other traffic is in flight. */
  crash: (n: number) => Promise<void>;
}

export interface LoadProgress {
  started: number;
  crashes: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CrashLoad {
  readonly ledger = new ExactlyOnceLedger();
  /** Requests that failed while the target was down or dying (retried, or given up on for Graph sends). */
  failedRequests = 0;
  /** Receipts still to be accepted, per pair: wamids the consumer decrypted. */
  readonly #unacked = new Map<Pair, string[]>();
  #started = 0;
  #crashes = 0;

  constructor(
    private readonly world: World,
    readonly pairs: readonly Pair[],
    /** Messages per direction per round of one pair. */
    private readonly batch = 2,
    /** Pairs that carry no traffic of the load but whose consumer receives and acknowledges in the drain (a case's own messages). */
    private readonly watched: readonly Pair[] = [],
  ) {
    world.env.transport.onEnvelope = (e) => this.ledger.sawRelay(e);
    world.env.receivers.onDelivery = (d) => this.ledger.sawDelivery(d);
  }

  close(): void {
    this.world.env.transport.onEnvelope = undefined;
    this.world.env.receivers.onDelivery = undefined;
  }

  /** Runs until `messages` were started (both directions counted), crashing as planned; crashes overlap the traffic. */
  async run(messages: number, plan?: CrashPlan, progress?: (p: LoadProgress) => void): Promise<void> {
    const due = [...(plan?.at ?? [])].sort((a, b) => a - b);
    const crashes: Promise<void>[] = [];
    // A crash that fails (the target never came back) fails the run, after the traffic stopped.
    let broken: { error: unknown } | undefined;
    const take = (): number => {
      const n = Math.max(0, Math.min(this.batch, messages - this.#started));
      this.#started += n;
      while (plan && due.length > 0 && this.#started >= due[0]!) {
        due.shift();
        this.#crashes++;
        crashes.push(plan.crash(this.#crashes).catch((error: unknown) => void (broken ??= { error })));
      }
      progress?.({ started: this.#started, crashes: this.#crashes });
      return n;
    };
    await Promise.all(
      this.pairs.map(async (pair) => {
        for (let n = take(); n > 0; n = take()) {
          const inbound = Math.ceil(n / 2);
          await Promise.all([this.#inbound(pair, inbound), this.#outbound(pair, n - inbound)]);
          await this.#receive(pair);
        }
      }),
    );
    await Promise.all(crashes);
    if (broken) throw broken.error;
  }

  /**
   * After the traffic: receives, acknowledges and waits until everything
   * accepted was seen, or nothing new happened for `quietMs`.
   */
  async drain(quietMs = 10_000): Promise<void> {
    let last = '';
    let since = Date.now();
    while (!this.ledger.complete() && Date.now() - since < quietMs) {
      try {
        await this.world.settle();
      } catch {
        // Not idle yet, or down: look again.
      }
      for (const pair of [...this.pairs, ...this.watched]) await this.#receive(pair);
      const now = JSON.stringify(this.ledger.tally());
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      await pause(50);
    }
  }

  async #inbound(pair: Pair, count: number): Promise<void> {
    const envelopes: OutgoingEnvelope[] = [];
    for (let i = 0; i < count; i++) {
      envelopes.push(await pair.consumer.encrypt(pair.business.waId, { v: 0, type: 'text', text: { body: `crash load ${pair.consumer.waId} ${this.#started}.${i}` } }));
    }
    await Promise.all(envelopes.map((e) => this.#postUntilAccepted(pair, e)));
  }

  async #postUntilAccepted(pair: Pair, envelope: OutgoingEnvelope): Promise<void> {
    const deadline = Date.now() + RETRY_FOR_MS;
    while (Date.now() < deadline) {
      try {
        if ((await pair.consumer.post(envelope)).response.status === 200) return this.ledger.acceptInbound(envelope.id);
      } catch {
        // Down: the transport tries again.
      }
      this.failedRequests++;
      await pause(RETRY_PAUSE_MS);
    }
  }

  async #outbound(pair: Pair, count: number): Promise<void> {
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        try {
          const res = await this.world.graph.sendText(pair.business, pair.consumer.waId, `crash reply ${this.#started}.${i}`);
          const wamid = (res.json as { messages?: Array<{ id?: unknown }> } | undefined)?.messages?.[0]?.id;
          if (res.status === 200 && typeof wamid === 'string') return this.ledger.acceptOutbound(wamid);
        } catch {
          // Down: never accepted.
        }
        this.failedRequests++;
      }),
    );
  }

  /** Decrypts what was relayed to the consumer and acknowledges it (delivered, then read), retrying while the target is down. */
  async #receive(pair: Pair): Promise<void> {
    const fresh: string[] = [];
    for (const r of await pair.consumer.receive()) {
      this.ledger.sawReceived(r);
      if (r.plaintext !== undefined) fresh.push(r.envelope.id);
    }
    pair.consumer.forgetReceived();
    const ids = [...(this.#unacked.get(pair) ?? []), ...fresh];
    if (ids.length === 0) return;
    for (const type of ['delivered', 'read'] as const) {
      let accepted = false;
      try {
        accepted = (await pair.consumer.receipt(type, pair.business.waId, ids)).status === 200;
      } catch {
        // Down: acknowledged again in the next round.
      }
      if (!accepted) {
        this.failedRequests++;
        this.#unacked.set(pair, ids);
        return;
      }
      this.ledger.acceptReceipt(type, ids);
    }
    this.#unacked.delete(pair);
  }
}
