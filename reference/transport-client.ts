import { ReferenceFailure } from './errors.ts';
import { call } from './http-client.ts';
import type { Runtime } from './runtime.ts';
import { RETRY_AFTER_MS } from './durations.ts';

// Calls to the harness's WhatsApp transport (PROTOCOL §4). Real time bounds a
// hung transport; it is not a protocol decision, so the wall clock is fine.
const TIMEOUT_MS = 10_000;

// Envelope requests out at once, and envelopes in one request at most (PROTOCOL §4).
const IN_FLIGHT = 2;
const MAX_BATCH = 500;

interface Answer {
  status: number;
  json: unknown;
}

export type EnvelopeOutcome = 'accepted' | 'unknown_address' | 'undeliverable' | 'offline' | { integrityRejected: number };

interface QueuedEnvelope {
  envelope: Record<string, unknown>;
  generation: number;
  resolve(outcome: EnvelopeOutcome): void;
  reject(e: unknown): void;
}

/** What the transport's answer to one envelope means for the message. */
function envelopeOutcome(a: Answer): EnvelopeOutcome {
  if (a.status === 200) return 'accepted';
  if (a.status === 404) return 'unknown_address';
  if (a.status === 410) return 'undeliverable';
  // PROTOCOL §12: not delivered yet; the target keeps it and posts it again later.
  if (a.status === 503 && (a.json as { error?: { code?: unknown } } | null)?.error?.code === 'recipient_offline') return 'offline';
  // §4.1: the transport refuses this business's messages for a while.
  const error = (a.json as { error?: { code?: unknown; retry_after_ms?: unknown } } | null)?.error;
  if (a.status === 429 && error?.code === 'integrity_rejected') {
    const retry = error.retry_after_ms;
    return { integrityRejected: typeof retry === 'number' && retry >= 0 ? retry : RETRY_AFTER_MS };
  }
  throw new ReferenceFailure('REF_TRANSPORT', `transport answered POST /v0/envelopes with HTTP ${a.status}`);
}

export class TransportClient {
  constructor(private readonly rt: Runtime) {}

  /** One request to the transport with its token; the answer's raw bytes. */
  private async exchange(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
    const { url, token } = this.rt.transport();
    const target = `${url}${path}`;
    try {
      return await call(this.rt, target, {
        method,
        headers: { ...extraHeaders, authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: TIMEOUT_MS,
      });
    } catch (e) {
      throw new ReferenceFailure('REF_TRANSPORT', `Cannot reach transport ${method} ${target}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async call(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer> {
    const res = await this.exchange(method, path, body, extraHeaders);
    const text = res.body.toString('utf8');
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      // A non-JSON answer is judged by its status alone.
    }
    return { status: res.status, json };
  }

  private unexpected(what: string, a: Answer): ReferenceFailure {
    return new ReferenceFailure('REF_TRANSPORT', `transport answered ${what} with HTTP ${a.status}`);
  }

  async putKeys(address: string, bundle: unknown): Promise<void> {
    const a = await this.call('PUT', `/v0/keys/${encodeURIComponent(address)}`, bundle);
    if (a.status !== 200) throw this.unexpected(`PUT /v0/keys/${address}`, a);
  }

  /** The bundle JSON, or null when nobody is registered at `address`. */
  async getKeys(address: string): Promise<unknown> {
    const a = await this.call('GET', `/v0/keys/${encodeURIComponent(address)}`);
    if (a.status === 404) return null;
    if (a.status !== 200) throw this.unexpected(`GET /v0/keys/${address}`, a);
    return a.json;
  }

  /**
   * Posts one envelope. Envelopes without extra headers share a request when
   * several are waiting (PROTOCOL §4, `envelopes:batch`): with at most
   * IN_FLIGHT requests out, what queues meanwhile leaves together, so a quiet
   * target posts one at a time and a busy one pays one round trip per batch.
   */
  postEnvelope(envelope: Record<string, unknown>, headers: Record<string, string> = {}): Promise<EnvelopeOutcome> {
    if (Object.keys(headers).length > 0) return this.call('POST', '/v0/envelopes', envelope, headers).then(envelopeOutcome);
    return new Promise((resolve, reject) => {
      this.queued.push({ envelope, generation: this.rt.generation, resolve, reject });
      this.pump();
    });
  }

  private readonly queued: QueuedEnvelope[] = [];
  private inFlight = 0;

  private pump(): void {
    while (this.inFlight < IN_FLIGHT && this.queued.length > 0) {
      const batch = this.queued.splice(0, MAX_BATCH).filter((q) => {
        if (q.generation === this.rt.generation) return true;
        q.reject(new ReferenceFailure('REF_STALE_WORK', 'work started before the last reset was abandoned'));
        return false;
      });
      if (batch.length === 0) continue;
      this.inFlight++;
      void this.post(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async post(batch: QueuedEnvelope[]): Promise<void> {
    try {
      if (batch.length === 1) {
        batch[0]!.resolve(envelopeOutcome(await this.call('POST', '/v0/envelopes', batch[0]!.envelope)));
        return;
      }
      const a = await this.call('POST', '/v0/envelopes:batch', { envelopes: batch.map((q) => q.envelope) });
      const results = (a.json as { results?: unknown } | null)?.results;
      if (a.status !== 200 || !Array.isArray(results) || results.length !== batch.length) throw this.unexpected('POST /v0/envelopes:batch', a);
      batch.forEach((q, i) => {
        const r = results[i] as { status?: unknown; body?: unknown } | null;
        try {
          q.resolve(envelopeOutcome({ status: typeof r?.status === 'number' ? r.status : 0, json: r?.body ?? null }));
        } catch (e) {
          q.reject(e);
        }
      });
    } catch (e) {
      for (const q of batch) q.reject(e);
    }
  }

  /** An encrypted file from the transport's media store (PROTOCOL §4.2), or null when it has none under `id`. */
  async getMedia(id: string): Promise<Buffer | null> {
    const res = await this.exchange('GET', `/v0/media/${encodeURIComponent(id)}`);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new ReferenceFailure('REF_TRANSPORT', `transport answered GET /v0/media/${id} with HTTP ${res.status}`);
    return res.body;
  }

  async postIntegritySignal(signal: Record<string, unknown>): Promise<void> {
    const a = await this.call('POST', '/v0/integrity-signals', signal);
    if (a.status !== 200) throw this.unexpected('POST /v0/integrity-signals', a);
  }

  /** A business's read receipt or typing indicator for a consumer (PROTOCOL §4 receipts). */
  async postReceipt(receipt: Record<string, unknown>): Promise<void> {
    const a = await this.call('POST', '/v0/receipts', receipt);
    if (a.status !== 200) throw this.unexpected('POST /v0/receipts', a);
  }
}
