// Each business's webhook endpoint. It verifies X-Hub-Signature-256 over the
// raw bytes as they arrived (never a re-serialisation), records every
// delivery, and answers the verification handshake like a business would.
// On command it misbehaves like a real endpoint in trouble (500, a hung
// answer, a reset connection, a slow answer), per business, so cases can
// drive an outage schedule over the virtual clock.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { HARNESS_ORIGIN, type FastRoute } from './harness-server.ts';
import { pushBounded } from '../core/bounded.ts';
import type { HookMode } from '../core/hook-mode.ts';

/** How the endpoint answers a webhook POST (the kernel's vocabulary: generators draw it too). */

/** How the endpoint answers the verification GET. */
export type VerificationAnswer = 'echo' | 'wrong-challenge' | 'forbidden';

/**
 * A "timeout" holds the request this long (real time) and then answers 504:
 * longer than the 3 s acknowledgement limit the facts name as one reading, so
 * a target with a short timeout gives up first and one with a long timeout
 * still sees a failure. A "slow" answer is 200 after a noticeable pause that
 * stays inside any timeout.
 */
export const TIMEOUT_HOLD_MS = 3_500;
export const SLOW_ANSWER_MS = 600;

export interface WebhookBusiness {
  /** Path segment under /hooks/ that identifies the receiving business. */
  key: string;
  appSecret: string;
  verifyToken: string;
  /** Default 'echo'. */
  verification?: VerificationAnswer;
}

export interface WebhookDelivery {
  business: string;
  raw: Buffer;
  signatureHeader: string | null;
  /** The signature is the HMAC of the raw body under this business's app secret. */
  signatureValid: boolean;
  /** Keys of other businesses whose secret the signature verifies under (a tenant leak). */
  verifiesFor: string[];
  json: unknown;
  /** What the endpoint answered: an HTTP status, or 0 for a reset connection. */
  answer: number;
  /** The endpoint acknowledged it (2xx): the delivery counts as made. */
  acked: boolean;
  /** Virtual time (ms) the harness knew the target to be at when it arrived. */
  atMs: number;
}

export interface VerificationRequest {
  business: string;
  mode: string | null;
  verifyToken: string | null;
  challenge: string | null;
  /** What the endpoint answered with (the body), or null when it refused. */
  answered: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function hubSignature(secret: string, raw: Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
}

export function signatureMatches(secret: string, raw: Buffer, header: string | null): boolean {
  if (header === null) return false;
  const expected = Buffer.from(hubSignature(secret, raw));
  const got = Buffer.from(header.trim().toLowerCase());
  return expected.length === got.length && timingSafeEqual(expected, got);
}

export class WebhookReceivers {
  #businesses = new Map<string, WebhookBusiness>();
  #modes = new Map<string, HookMode>();
  /** Capped (bounded.ts): a flooding target leaves the first and last deliveries; `recorded` counts them all. */
  deliveries: WebhookDelivery[] = [];
  verifications: VerificationRequest[] = [];
  /** Webhook POSTs since the last reset, kept or not: harness/verify/webhook-flood.ts judges it. */
  recorded = 0;
  /** Set by the world whenever it moves the target's clock: stamps deliveries. */
  virtualNowMs = 0;
  // --- throughput (npm run bench)
  /** Called for every webhook POST recorded, so a driver need not poll (the bench). */
  onDelivery?: (delivery: WebhookDelivery) => void;

  reset(): void {
    this.#businesses.clear();
    this.#modes.clear();
    this.deliveries = [];
    this.verifications = [];
    this.recorded = 0;
  }

  add(b: WebhookBusiness): void {
    this.#businesses.set(b.key, b);
  }

  /** From now on, the business's endpoint answers webhook POSTs this way. */
  setMode(key: string, mode: HookMode): void {
    this.#modes.set(key, mode);
  }

  modeOf(key: string): HookMode {
    return this.#modes.get(key) ?? 'ok';
  }

  for(key: string): WebhookDelivery[] {
    return this.deliveries.filter((d) => d.business === key);
  }

  /** Records one webhook POST and returns what the endpoint answers (0: a reset). */
  #record(b: WebhookBusiness, raw: Buffer, header: string | null, mode: HookMode): number {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      json = undefined;
    }
    const verifiesFor = [...this.#businesses.values()]
      .filter((other) => other.key !== b.key && signatureMatches(other.appSecret, raw, header))
      .map((other) => other.key);
    const answer = mode === 'ok' || mode === 'slow' ? 200 : mode === 'error-500' ? 500 : mode === 'timeout' ? 504 : 0;
    const delivery: WebhookDelivery = {
      business: b.key,
      raw,
      signatureHeader: header,
      signatureValid: signatureMatches(b.appSecret, raw, header),
      verifiesFor,
      json,
      answer,
      acked: answer >= 200 && answer < 300,
      atMs: this.virtualNowMs,
    };
    pushBounded(this.deliveries, delivery);
    this.recorded++;
    this.onDelivery?.(delivery);
    return answer;
  }

  /** Webhook POSTs to an endpoint answering normally, without msw's Fetch conversion (the bench's hottest route). */
  fastRoutes(): FastRoute[] {
    return [
      (r) => {
        if (r.method !== 'POST' || !r.path.startsWith('/hooks/')) return undefined;
        const key = r.path.slice('/hooks/'.length);
        const b = this.#businesses.get(key);
        // Anything unusual (unknown business, a query, an outage mode) goes the msw way.
        if (!b || this.modeOf(key) !== 'ok') return undefined;
        this.#record(b, r.body, r.headers['x-hub-signature-256'] ?? null, 'ok');
        return { status: 200, body: Buffer.alloc(0) };
      },
    ];
  }

  handlers(): RequestHandler[] {
    const base = `${HARNESS_ORIGIN}/hooks/:business`;
    return [
      http.get(base, ({ request, params }) => {
        const key = String(params.business);
        const b = this.#businesses.get(key);
        const q = new URL(request.url).searchParams;
        const seen: VerificationRequest = {
          business: key,
          mode: q.get('hub.mode'),
          verifyToken: q.get('hub.verify_token'),
          challenge: q.get('hub.challenge'),
          answered: null,
        };
        pushBounded(this.verifications, seen);
        const answer = b?.verification ?? 'echo';
        if (!b || answer === 'forbidden' || seen.mode !== 'subscribe' || seen.verifyToken !== b.verifyToken) {
          return new HttpResponse('forbidden', { status: 403 });
        }
        // A business that got its own token wrong answers something else than the challenge.
        seen.answered = answer === 'echo' ? (seen.challenge ?? '') : `not-${seen.challenge ?? ''}`;
        return new HttpResponse(seen.answered, { status: 200, headers: { 'content-type': 'text/plain' } });
      }),
      http.post(base, async ({ request, params }) => {
        const key = String(params.business);
        const b = this.#businesses.get(key);
        if (!b) return HttpResponse.json({ error: 'unknown business' }, { status: 404 });
        const raw = Buffer.from(await request.arrayBuffer());
        const mode = this.modeOf(key);
        const answer = this.#record(b, raw, request.headers.get('x-hub-signature-256'), mode);
        if (mode === 'slow') await sleep(SLOW_ANSWER_MS);
        if (mode === 'timeout') await sleep(TIMEOUT_HOLD_MS);
        // Status 0 makes the harness server destroy the socket: a connection reset.
        if (mode === 'reset') return Response.error();
        return new HttpResponse(answer === 200 ? null : '{"error":"outage"}', { status: answer });
      }),
    ];
  }
}
