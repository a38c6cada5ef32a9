// Each business's webhook endpoint. It verifies X-Hub-Signature-256 over the
// raw bytes as they arrived (never a re-serialisation), records every
// delivery, and answers the verification handshake like a business would.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { HARNESS_ORIGIN } from './harness-server.ts';

export interface WebhookBusiness {
  /** Path segment under /hooks/ that identifies the receiving business. */
  key: string;
  appSecret: string;
  verifyToken: string;
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
}

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
  deliveries: WebhookDelivery[] = [];

  reset(): void {
    this.#businesses.clear();
    this.deliveries = [];
  }

  add(b: WebhookBusiness): void {
    this.#businesses.set(b.key, b);
  }

  for(key: string): WebhookDelivery[] {
    return this.deliveries.filter((d) => d.business === key);
  }

  handlers(): RequestHandler[] {
    const base = `${HARNESS_ORIGIN}/hooks/:business`;
    return [
      http.get(base, ({ request, params }) => {
        const b = this.#businesses.get(String(params.business));
        const q = new URL(request.url).searchParams;
        if (!b || q.get('hub.mode') !== 'subscribe' || q.get('hub.verify_token') !== b.verifyToken) {
          return new HttpResponse('forbidden', { status: 403 });
        }
        return new HttpResponse(q.get('hub.challenge') ?? '', { status: 200, headers: { 'content-type': 'text/plain' } });
      }),
      http.post(base, async ({ request, params }) => {
        const key = String(params.business);
        const b = this.#businesses.get(key);
        if (!b) return HttpResponse.json({ error: 'unknown business' }, { status: 404 });
        const raw = Buffer.from(await request.arrayBuffer());
        const header = request.headers.get('x-hub-signature-256');
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          json = undefined;
        }
        const verifiesFor = [...this.#businesses.values()]
          .filter((other) => other.key !== key && signatureMatches(other.appSecret, raw, header))
          .map((other) => other.key);
        this.deliveries.push({
          business: key,
          raw,
          signatureHeader: header,
          signatureValid: signatureMatches(b.appSecret, raw, header),
          verifiesFor,
          json,
        });
        return new HttpResponse(null, { status: 200 });
      }),
    ];
  }
}
