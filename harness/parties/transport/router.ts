// The transport's HTTP routes (PROTOCOL.md §4), the one table of what the
// target may call and which part answers it. Two adapters serve the table
// through the harness server: msw handlers, the server's routing table, and
// fast routes for the envelope relay, the hottest route of a busy run (the
// bench), which skip msw's Fetch conversion. Both answer alike: the token is
// checked, the body read as JSON, and the route's answer sent.

import { http, HttpResponse, type RequestHandler } from 'msw';
import { HARNESS_ORIGIN, jsonAnswer, type FastRoute } from '../harness-server.ts';
import { accepted, badRequest, refused, type Answer, type JsonAnswer } from './answer.ts';
import type { EnvelopeAnswerHold } from './answer-hold.ts';
import type { Integrity } from './integrity.ts';
import type { KeyDirectory } from './key-directory.ts';
import type { MediaStore } from './media-store.ts';
import type { ProtocolProblems } from './problems.ts';
import type { BusinessReceipts } from './receipts.ts';
import type { UnreachableRecipients } from './recipients.ts';
import { extraFields, readEnvelope, type Relay, type RelayedEnvelope } from './relay.ts';
import type { TokenGate } from './token-gate.ts';

/** Envelopes in one batch at most (PROTOCOL §4). */
const MAX_BATCH = 1000;

const BASE = '/transport/v0';

/** The parts the routes reach. */
export interface TransportParts {
  problems: ProtocolProblems;
  relay: Relay;
  directory: KeyDirectory;
  integrity: Integrity;
  recipients: UnreachableRecipients;
  media: MediaStore;
  receipts: BusinessReceipts;
  answerHold: EnvelopeAnswerHold;
}

interface RouteRequest {
  /** Path parameters, decoded (msw's pattern syntax, `:name`). */
  params: Record<string, string>;
  /** The body as JSON; undefined when it is not JSON (or for a GET). */
  body: unknown;
}

type Route = { method: 'GET' | 'PUT' | 'POST'; path: string } & (
  | { served: 'msw'; answer: (r: RouteRequest) => Answer | Promise<Answer> }
  /** A fast route answers at once; `fast+msw` routes are served by msw too, for the paths a fast route does not take. */
  | { served: 'fast' | 'fast+msw'; answer: (r: RouteRequest) => JsonAnswer }
);

const verbs = { GET: http.get, PUT: http.put, POST: http.post };

function toResponse(a: Answer): Response {
  if ('file' in a) return new HttpResponse(new Uint8Array(a.file), { status: a.status, headers: { 'content-type': 'application/octet-stream' } });
  return HttpResponse.json(a.json as Record<string, unknown>, { status: a.status });
}

export class TransportRouter {
  /** Called for every envelope accepted for relay, so a driver need not poll (the bench). */
  onEnvelope?: (envelope: RelayedEnvelope) => void;
  readonly #routes: Route[];

  constructor(
    private readonly parts: TransportParts,
    private readonly gate: TokenGate,
  ) {
    const { directory, media, integrity, receipts } = parts;
    this.#routes = [
      { method: 'PUT', path: '/keys/:address', served: 'msw', answer: (r) => directory.publish(r.params.address!, r.body) },
      { method: 'GET', path: '/keys/:address', served: 'msw', answer: (r) => this.#bundle(r.params.address!) },
      { method: 'POST', path: '/envelopes', served: 'fast+msw', answer: (r) => this.#single(r.body) },
      // msw's patterns read ':batch' as a parameter: the batch is a fast route only.
      { method: 'POST', path: '/envelopes:batch', served: 'fast', answer: (r) => this.#batch(r.body) },
      { method: 'GET', path: '/media/:id', served: 'msw', answer: (r) => media.fetch(r.params.id!) },
      { method: 'POST', path: '/integrity-signals', served: 'msw', answer: (r) => integrity.signal(r.body) },
      { method: 'POST', path: '/receipts', served: 'msw', answer: (r) => receipts.receive(r.body) },
    ];
  }

  #bundle(address: string): JsonAnswer {
    const bundle = this.parts.directory.fetchBundle(address);
    if (!bundle) return refused(404, 'unknown_address');
    return { status: 200, json: bundle };
  }

  /** One envelope, judged by each part in turn: malformed, rejected for integrity, undeliverable, unknown, offline, else relayed. */
  #envelope(body: unknown): JsonAnswer {
    const { problems, relay, integrity, recipients } = this.parts;
    const read = readEnvelope(body);
    if ('problem' in read) {
      problems.note(`envelope: ${read.problem}`);
      return badRequest(read.problem);
    }
    const { envelope } = read;
    const rejected = integrity.refusal(envelope);
    if (rejected) return rejected;
    const extra = extraFields(envelope);
    if (extra.length > 0) problems.note(`envelope ${envelope.id} carries fields beyond the protocol: ${extra.join(', ')}`);
    const known = relay.knows(envelope.to);
    const undeliverable = known ? recipients.undeliverable(envelope) : undefined;
    if (undeliverable) return undeliverable;
    if (!known) return refused(404, 'unknown_address');
    const offline = recipients.offlineRefusal(envelope);
    if (offline) return offline;
    relay.deliver(envelope);
    this.onEnvelope?.(envelope);
    return accepted();
  }

  /** POST /transport/v0/envelopes; its answer may be held (EnvelopeAnswerHold). */
  #single(body: unknown): JsonAnswer {
    const a = this.#envelope(body);
    return { ...a, after: this.parts.answerHold.after([body]) };
  }

  /** POST /transport/v0/envelopes:batch: each envelope judged as if posted alone, in order. */
  #batch(body: unknown): JsonAnswer {
    const list = (body as { envelopes?: unknown } | undefined)?.envelopes;
    if (typeof body !== 'object' || body === null || !Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH) {
      const problem = `an envelope batch is {"envelopes": [1 to ${MAX_BATCH} envelopes]}`;
      this.parts.problems.note(`envelope batch: ${problem}`);
      return { ...badRequest(problem), after: this.parts.answerHold.after(Array.isArray(list) ? list : []) };
    }
    const results = list.map((e) => {
      const a = this.#envelope(e);
      return { status: a.status, body: a.json };
    });
    return { status: 200, json: { results }, after: this.parts.answerHold.after(list) };
  }

  /** The fast adapter: the routes served without msw, tried by the server before msw. */
  fastRoutes(): FastRoute[] {
    return this.#routes.flatMap((route) => {
      if (route.served === 'msw') return [];
      const path = BASE + route.path;
      const fast: FastRoute = (r) => {
        if (r.method !== route.method || r.path !== path) return undefined;
        if (!this.gate.allows(r.headers.authorization, r.method, path)) return jsonAnswer(401, { error: { code: 'unauthorised' } });
        let body: unknown;
        try {
          body = JSON.parse(r.body.toString('utf8'));
        } catch {
          body = undefined;
        }
        const a = route.answer({ params: {}, body });
        return { ...jsonAnswer(a.status, a.json), after: a.after };
      };
      return [fast];
    });
  }

  /** The msw adapter: every route msw can express. */
  handlers(): RequestHandler[] {
    return this.#routes.flatMap((route) => {
      if (route.served === 'fast') return [];
      const handler = verbs[route.method](`${HARNESS_ORIGIN}${BASE}${route.path}`, async ({ request, params }) => {
        if (!this.gate.allows(request.headers.get('authorization'), request.method, new URL(request.url).pathname)) {
          return HttpResponse.json({ error: { code: 'unauthorised' } }, { status: 401 });
        }
        const body: unknown = route.method === 'GET' ? undefined : await request.json().catch(() => undefined);
        const a = await route.answer({ params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), body });
        if ('after' in a && a.after) await a.after;
        return toResponse(a);
      });
      return [handler];
    });
  }
}
