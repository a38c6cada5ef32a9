// The mock WhatsApp transport: key directory and envelope relay
// (PROTOCOL.md §4). It never sees plaintext; what the target sends it is
// recorded in the case's wire log for the cases to judge. Every record is
// capped (bounded.ts), so a flooding target cannot grow the harness.

import { http, HttpResponse, type RequestHandler } from 'msw';
import { HARNESS_ORIGIN, jsonAnswer, type FastRoute } from './harness-server.ts';
import { pushBounded } from '../core/bounded.ts';
import { publishedBundleProblem, type FetchedBundle, type PublishedBundle, type WirePreKey } from '../signal/bundle.ts';

export interface RelayedEnvelope {
  id: string;
  from: string;
  to: string;
  type: number;
  body: Buffer;
  timestamp: number;
  /** The whole JSON object the target sent, to check nothing else rides along. */
  raw: Record<string, unknown>;
}

/** A business's read receipt or typing indicator for a consumer (PROTOCOL.md §4). */
export interface BusinessReceipt {
  type: 'read' | 'typing';
  from: string;
  to: string;
  message_ids: string[];
  timestamp: number;
}

function receiptProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'receipt is not a JSON object';
  const r = v as Record<string, unknown>;
  if (r.type !== 'read' && r.type !== 'typing') return 'type is not "read" or "typing"';
  if (typeof r.from !== 'string' || !/^\d+$/.test(r.from)) return 'from is not a WhatsApp id';
  if (typeof r.to !== 'string' || !/^\d+$/.test(r.to)) return 'to is not a WhatsApp id';
  if (!Array.isArray(r.message_ids) || !r.message_ids.every((id) => typeof id === 'string')) return 'message_ids is not a list of ids';
  if (!Number.isInteger(r.timestamp)) return 'timestamp is not integer seconds';
  return null;
}

interface DirectoryEntry {
  bundle: PublishedBundle;
  unused: WirePreKey[];
  /** Every one-time prekey uploaded, by id: a later PUT (a top-up, a rotation) adds to it. */
  uploaded: Map<number, WirePreKey>;
}

const byId = (prekeys: WirePreKey[], into = new Map<number, WirePreKey>()): Map<number, WirePreKey> => {
  for (const p of prekeys) into.set(p.id, p);
  return into;
};

const ENVELOPE_FIELDS = ['id', 'from', 'to', 'type', 'body', 'timestamp'];
/** The longest a held media fetch or envelope answer waits for its release (real time). */
const MEDIA_HOLD_MS = 20_000;
/** A held answer waits for its release, or MEDIA_HOLD_MS at most. */
async function bounded(held: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([held, new Promise<void>((r) => (timer = setTimeout(r, MEDIA_HOLD_MS)))]);
  clearTimeout(timer);
}

/** Envelopes in one batch at most (PROTOCOL §4). */
const MAX_BATCH = 1000;

function envelopeProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'envelope is not a JSON object';
  const e = v as Record<string, unknown>;
  if (typeof e.id !== 'string' || !e.id.startsWith('wamid.')) return 'id is not a wamid string';
  if (typeof e.from !== 'string' || !/^\d+$/.test(e.from)) return 'from is not a WhatsApp id';
  if (typeof e.to !== 'string' || !/^\d+$/.test(e.to)) return 'to is not a WhatsApp id';
  if (e.type !== 2 && e.type !== 3) return 'type is not 2 (Whisper) or 3 (PreKey)';
  if (typeof e.body !== 'string' || e.body === '') return 'body is not base64 text';
  if (!Number.isInteger(e.timestamp)) return 'timestamp is not integer seconds';
  return null;
}

export class MockTransport {
  token = '';
  /** The previous world's token: a request the target had in flight when it was reset may still bear it. */
  #retired = '';
  #directory = new Map<string, DirectoryEntry>();
  #inboxes = new Map<string, RelayedEnvelope[]>();
  /** Every envelope accepted for relay, in arrival order. */
  envelopes: RelayedEnvelope[] = [];
  /** Protocol violations by the target, each a sentence for the evidence. */
  problems: string[] = [];
  // --- integrity (PROTOCOL §4.1)
  /** Integrity signals the target sent (POST /v0/integrity-signals), as JSON. */
  integritySignals: unknown[] = [];
  /** Sender address → retry-after (ms) the transport answers its envelopes with. */
  #rejecting = new Map<string, number>();
  /** Envelope POSTs answered 429 integrity_rejected, per sender. */
  rejections: Array<{ from: string; id: string }> = [];

  /** From now on, envelopes from `address` are rejected for integrity (429), until `allow`. */
  reject(address: string, retryAfterMs: number): void {
    this.#rejecting.set(address, retryAfterMs);
  }

  allow(address: string): void {
    this.#rejecting.delete(address);
  }
  // --- statuses (PROTOCOL §4)
  /** Recipient addresses whose envelopes are answered 410 undeliverable. */
  #undeliverable = new Set<string>();
  /** Envelope POSTs answered 410 undeliverable, in arrival order. */
  undelivered: Array<{ to: string; id: string }> = [];

  /** From now on, envelopes to `address` are answered 410 undeliverable. */
  refuseDeliveryTo(address: string): void {
    this.#undeliverable.add(address);
  }

  // --- retention (PROTOCOL §12)
  /** Consumers whose phone is off: envelopes to them are answered 503 recipient_offline. */
  #offline = new Set<string>();
  /** Envelope POSTs answered recipient_offline, in arrival order. */
  offlineRefusals: Array<{ to: string; id: string }> = [];

  offline(address: string): void {
    this.#offline.add(address);
  }

  online(address: string): void {
    this.#offline.delete(address);
  }
  // --- inbound media (PROTOCOL §4.2)
  /** The media store: files consumers uploaded, encrypted, by media id. */
  #media = new Map<string, Buffer>();
  /** Media ids the target fetched, in order. */
  mediaFetches: string[] = [];

  /** When set, the next media fetch is answered only once released (a case crashes the target meanwhile). */
  #mediaHold: { held: Promise<void>; release: () => void } | undefined;

  /**
   * The next GET of any media waits for the returned release (at most
   * MEDIA_HOLD_MS), so a case can restart the target while a message is
   * accepted but not yet forwarded. Later fetches are answered at once.
   */
  holdNextMediaFetch(): () => void {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    this.#mediaHold = { held, release };
    return () => release();
  }

  /** When set, the next envelope POST to `to` is relayed at once but answered only once released. */
  #answerHold: { to: string; held: Promise<void>; release: () => void; taken: boolean } | undefined;

  /**
   * The next envelope POST (single or batch) carrying an envelope to `to` is
   * relayed at once, but its answer waits for the release (at most
   * MEDIA_HOLD_MS): the transport has the envelope and the target does not
   * know yet, the moment a crash makes a target post it twice. `taken` says
   * whether a POST is being held.
   */
  holdNextEnvelopeAnswer(to: string): { release: () => void; taken: () => boolean } {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const hold = { to, held, release, taken: false };
    this.#answerHold = hold;
    return { release: () => release(), taken: () => hold.taken };
  }

  /** The held answer's wait, when this POST (of envelopes to `recipients`) is the one held. */
  #answerAfter(recipients: unknown[]): Promise<void> | undefined {
    const hold = this.#answerHold;
    if (!hold || !recipients.some((e) => (e as { to?: unknown } | null)?.to === hold.to)) return undefined;
    this.#answerHold = undefined;
    hold.taken = true;
    return bounded(hold.held);
  }

  /** A consumer's phone uploads an encrypted file (the target fetches it with GET /v0/media/{id}). */
  putMedia(id: string, encrypted: Buffer): void {
    this.#media.set(id, encrypted);
  }
  /** Every bundle the target published, per address, in order. */
  uploads = new Map<string, PublishedBundle[]>();
  /** Read receipts and typing indicators businesses sent, in arrival order. */
  receipts: BusinessReceipt[] = [];
  // --- throughput (npm run bench)
  /** Called for every envelope accepted for relay, so a driver need not poll (the bench). */
  onEnvelope?: (envelope: RelayedEnvelope) => void;

  reset(token: string): void {
    this.#retired = this.token;
    this.token = token;
    this.#directory.clear();
    this.#inboxes.clear();
    this.envelopes = [];
    this.problems = [];
    this.integritySignals = [];
    this.#rejecting.clear();
    this.rejections = [];
    this.uploads.clear();
    this.receipts = [];
    this.#undeliverable.clear();
    this.undelivered = [];
    this.#offline.clear();
    this.offlineRefusals = [];
    this.#media.clear();
    this.mediaFetches = [];
    this.#mediaHold?.release();
    this.#mediaHold = undefined;
    this.#answerHold?.release();
    this.#answerHold = undefined;
  }

  /**
   * An adversarial directory: the bundle with a one-time prekey of our choice,
   * whether or not it was handed out before.
   */
  bundleWithPreKey(address: string, preKeyId: number): FetchedBundle | undefined {
    const entry = this.#directory.get(address);
    const prekey = entry?.uploaded.get(preKeyId);
    if (!entry || !prekey) return undefined;
    const { prekeys: _all, ...rest } = entry.bundle;
    return { ...rest, prekey };
  }

  /** Hands out every one-time prekey still unused, as many first contacts would. */
  drainPreKeys(address: string): WirePreKey[] {
    const entry = this.#directory.get(address);
    if (!entry) return [];
    return entry.unused.splice(0);
  }

  /** One-time prekeys of `address` the directory has not handed out yet. */
  unusedPreKeys(address: string): number {
    return this.#directory.get(address)?.unused.length ?? 0;
  }

  /** A consumer publishes its keys and becomes reachable. */
  register(address: string, bundle: PublishedBundle): void {
    this.#directory.set(address, { bundle, unused: [...bundle.prekeys], uploaded: byId(bundle.prekeys) });
    this.#inboxes.set(address, []);
  }

  /** Hands out a bundle with a one-time prekey that is never handed out again. */
  fetchBundle(address: string): FetchedBundle | undefined {
    const entry = this.#directory.get(address);
    if (!entry) return undefined;
    const { prekeys: _all, ...rest } = entry.bundle;
    const prekey = entry.unused.shift();
    return prekey ? { ...rest, prekey } : rest;
  }

  /** Envelopes waiting for a consumer, oldest first; taking them empties the inbox. */
  take(address: string): RelayedEnvelope[] {
    const inbox = this.#inboxes.get(address) ?? [];
    this.#inboxes.set(address, []);
    return inbox;
  }

  #authorised(request: Request): boolean {
    return this.#authorisedBy(request.headers.get('authorization'), request.method, new URL(request.url).pathname);
  }

  #authorisedBy(header: string | null | undefined, method: string, path: string): boolean {
    const ok = header === `Bearer ${this.token}`;
    // Refused either way; the old token is a leftover of the last world (the target is reset next), not a protocol break.
    if (!ok && !(this.#retired && header === `Bearer ${this.#retired}`)) pushBounded(this.problems, `${method} ${path} without the transport token`);
    return ok;
  }

  /** POST /transport/v0/envelopes, for the msw handler and the fast route alike. */
  #envelope(body: unknown): { status: number; json: unknown } {
    const problem = envelopeProblem(body);
    if (problem) {
      pushBounded(this.problems, `envelope: ${problem}`);
      return { status: 400, json: { error: { code: 'bad_request', message: problem } } };
    }
    const e = body as Record<string, unknown>;
    const envelope: RelayedEnvelope = {
      id: e.id as string,
      from: e.from as string,
      to: e.to as string,
      type: e.type as number,
      body: Buffer.from(e.body as string, 'base64'),
      timestamp: e.timestamp as number,
      raw: e,
    };
    const retryAfter = this.#rejecting.get(envelope.from);
    if (retryAfter !== undefined) {
      pushBounded(this.rejections, { from: envelope.from, id: envelope.id });
      return { status: 429, json: { error: { code: 'integrity_rejected', retry_after_ms: retryAfter } } };
    }
    const extra = Object.keys(e).filter((k) => !ENVELOPE_FIELDS.includes(k));
    if (extra.length > 0) pushBounded(this.problems, `envelope ${envelope.id} carries fields beyond the protocol: ${extra.join(', ')}`);
    const inbox = this.#inboxes.get(envelope.to);
    if (inbox && this.#undeliverable.has(envelope.to)) {
      pushBounded(this.undelivered, { to: envelope.to, id: envelope.id });
      return { status: 410, json: { error: { code: 'undeliverable' } } };
    }
    if (!inbox) return { status: 404, json: { error: { code: 'unknown_address' } } };
    if (this.#offline.has(envelope.to)) {
      pushBounded(this.offlineRefusals, { to: envelope.to, id: envelope.id });
      return { status: 503, json: { error: { code: 'recipient_offline' } } };
    }
    pushBounded(this.envelopes, envelope);
    pushBounded(inbox, envelope);
    this.onEnvelope?.(envelope);
    return { status: 200, json: { ok: true } };
  }

  /** POST /transport/v0/envelopes:batch: each envelope judged as if posted alone, in order. */
  #batch(body: unknown): { status: number; json: unknown } {
    const list = (body as { envelopes?: unknown } | undefined)?.envelopes;
    if (typeof body !== 'object' || body === null || !Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH) {
      const problem = `an envelope batch is {"envelopes": [1 to ${MAX_BATCH} envelopes]}`;
      pushBounded(this.problems, `envelope batch: ${problem}`);
      return { status: 400, json: { error: { code: 'bad_request', message: problem } } };
    }
    const results = list.map((e) => {
      const a = this.#envelope(e);
      return { status: a.status, body: a.json };
    });
    return { status: 200, json: { results } };
  }

  /** The envelope relay without msw's Fetch conversion: the hottest route of a busy run. */
  fastRoutes(): FastRoute[] {
    const path = '/transport/v0/envelopes';
    const batchPath = '/transport/v0/envelopes:batch';
    return [
      (r) => {
        if (r.method !== 'POST' || r.path !== path) return undefined;
        if (!this.#authorisedBy(r.headers.authorization, r.method, path)) return jsonAnswer(401, { error: { code: 'unauthorised' } });
        let body: unknown;
        try {
          body = JSON.parse(r.body.toString('utf8'));
        } catch {
          body = undefined;
        }
        const a = this.#envelope(body);
        return { ...jsonAnswer(a.status, a.json), after: this.#answerAfter([body]) };
      },
      (r) => {
        if (r.method !== 'POST' || r.path !== batchPath) return undefined;
        if (!this.#authorisedBy(r.headers.authorization, r.method, batchPath)) return jsonAnswer(401, { error: { code: 'unauthorised' } });
        let body: unknown;
        try {
          body = JSON.parse(r.body.toString('utf8'));
        } catch {
          body = undefined;
        }
        const a = this.#batch(body);
        const list = (body as { envelopes?: unknown } | undefined)?.envelopes;
        return { ...jsonAnswer(a.status, a.json), after: this.#answerAfter(Array.isArray(list) ? list : []) };
      },
    ];
  }

  handlers(): RequestHandler[] {
    const base = `${HARNESS_ORIGIN}/transport/v0`;
    const unauthorised = () => HttpResponse.json({ error: { code: 'unauthorised' } }, { status: 401 });
    const bad = (message: string) => HttpResponse.json({ error: { code: 'bad_request', message } }, { status: 400 });
    return [
      http.put(`${base}/keys/:address`, async ({ request, params }) => {
        if (!this.#authorised(request)) return unauthorised();
        const body: unknown = await request.json().catch(() => undefined);
        const problem = publishedBundleProblem(body);
        if (problem) {
          pushBounded(this.problems, `published bundle for ${String(params.address)}: ${problem}`);
          return bad(problem);
        }
        const address = String(params.address);
        const bundle = body as PublishedBundle;
        const existing = this.#directory.get(address);
        if (!this.uploads.has(address)) this.uploads.set(address, []);
        pushBounded(this.uploads.get(address)!, bundle);
        // A later PUT replaces signed and Kyber prekeys and adds one-time prekeys.
        this.#directory.set(address, { bundle, unused: [...(existing?.unused ?? []), ...bundle.prekeys], uploaded: byId(bundle.prekeys, existing?.uploaded) });
        if (!this.#inboxes.has(address)) this.#inboxes.set(address, []);
        return HttpResponse.json({ ok: true });
      }),
      http.get(`${base}/keys/:address`, ({ request, params }) => {
        if (!this.#authorised(request)) return unauthorised();
        const bundle = this.fetchBundle(String(params.address));
        if (!bundle) return HttpResponse.json({ error: { code: 'unknown_address' } }, { status: 404 });
        return HttpResponse.json(bundle);
      }),
      http.post(`${base}/envelopes`, async ({ request }) => {
        if (!this.#authorised(request)) return unauthorised();
        const a = this.#envelope(await request.json().catch(() => undefined));
        return HttpResponse.json(a.json as Record<string, unknown>, { status: a.status });
      }),
      http.get(`${base}/media/:id`, async ({ request, params }) => {
        if (!this.#authorised(request)) return unauthorised();
        const id = String(params.id);
        pushBounded(this.mediaFetches, id);
        const hold = this.#mediaHold;
        if (hold) {
          this.#mediaHold = undefined;
          await bounded(hold.held);
        }
        const file = this.#media.get(id);
        if (!file) return HttpResponse.json({ error: { code: 'unknown_media' } }, { status: 404 });
        return new HttpResponse(new Uint8Array(file), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
      }),
      http.post(`${base}/integrity-signals`, async ({ request }) => {
        if (!this.#authorised(request)) return unauthorised();
        const body: unknown = await request.json().catch(() => undefined);
        if (typeof body !== 'object' || body === null || typeof (body as { business?: unknown }).business !== 'string') {
          pushBounded(this.problems, 'integrity signal is not a JSON object with a business');
          return bad('integrity signal needs a business');
        }
        pushBounded(this.integritySignals, body);
        return HttpResponse.json({ ok: true });
      }),
      http.post(`${base}/receipts`, async ({ request }) => {
        if (!this.#authorised(request)) return unauthorised();
        const body: unknown = await request.json().catch(() => undefined);
        const problem = receiptProblem(body);
        if (problem) {
          pushBounded(this.problems, `receipt: ${problem}`);
          return bad(problem);
        }
        const r = body as BusinessReceipt;
        if (!this.#inboxes.has(r.to)) return HttpResponse.json({ error: { code: 'unknown_address' } }, { status: 404 });
        pushBounded(this.receipts, { type: r.type, from: r.from, to: r.to, message_ids: r.message_ids, timestamp: r.timestamp });
        return HttpResponse.json({ ok: true });
      }),
    ];
  }
}
