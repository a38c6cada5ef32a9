// The conformance control plane (PROTOCOL.md §1–§3): what the target can do,
// reset and provisioning, the virtual clock, idleness.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, bearer, isObject, parseJson, readBody, sendJson } from './http.ts';
import { retransmit } from './outbound.ts';
import { BusinessSignal } from './signal.ts';
import { keysPath, transportCall } from './transport.ts';
import { World } from './world.ts';

export const CAPABILITIES = ['graph.messages', 'transport.signal', 'control.provision', 'webhooks', 'control.idle', 'control.clock', 'tls'];

/** What the server holds between requests: the World, replaced on every reset. */
export interface Target {
  world: World;
  readonly controlToken: string;
}

const badRequest = (res: ServerResponse, message: string) => sendJson(res, 400, { error: { code: 'bad_request', message } });
// Production mode takes https:// URLs only (PROTOCOL.md §11).
const insecure = (res: ServerResponse, what: string) => sendJson(res, 400, { error: { code: 'insecure_url', message: `${what} must be https:// in production mode` } });
const text = (v: unknown): v is string => typeof v === 'string' && v !== '';

export async function handleControl(target: Target, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLarge) return badRequest(res, 'body too large');
    throw e;
  }
  if (bearer(req) !== target.controlToken) return sendJson(res, 401, { error: { code: 'unauthorized', message: 'wrong or missing control token' } });
  const body = bytes.length > 0 ? parseJson(bytes) : {};
  const route = `${req.method} ${path}`;
  if (req.method === 'POST' && !isObject(body)) return badRequest(res, 'the body is not a JSON object');
  const b = (isObject(body) ? body : {}) as Record<string, unknown>;
  const world = target.world;

  switch (route) {
    case 'GET /conformance/v0/capabilities':
      return sendJson(res, 200, {
        protocol: '0',
        implementation: { name: 'minimal-target', version: '0.1.0' },
        graph_versions: ['v23.0'],
        capabilities: CAPABILITIES,
      });

    case 'POST /conformance/v0/reset': {
      const t = b.transport;
      if (!isObject(t) || !text(t.url) || !text(t.token)) return badRequest(res, 'reset needs transport {url, token}');
      if (b.now_ms !== undefined && !Number.isSafeInteger(b.now_ms)) return badRequest(res, 'now_ms must be an integer');
      const trust = b.trust;
      if (trust !== undefined && !(isObject(trust) && text(trust.ca_pem))) return badRequest(res, 'trust must be {ca_pem}');
      const production = b.production === true;
      if (production && !t.url.startsWith('https://')) return insecure(res, 'transport.url');
      target.world = new World((b.now_ms as number | undefined) ?? world.nowMs, {
        transportUrl: t.url.replace(/\/+$/, ''),
        transportToken: t.token,
        trustedCa: isObject(trust) ? (trust.ca_pem as string) : undefined,
        production,
      });
      return sendJson(res, 200, { ok: true });
    }

    case 'POST /conformance/v0/businesses': {
      const fields = ['waba_id', 'phone_number_id', 'display_phone_number', 'access_token', 'app_secret', 'webhook_url'] as const;
      const missing = fields.filter((f) => !text(b[f]));
      if (missing.length > 0) return badRequest(res, `missing ${missing.join(', ')}`);
      const display = (b.display_phone_number as string).replace(/^\+/, '');
      if (!/^[0-9]{7,15}$/.test(display)) return badRequest(res, 'display_phone_number must be a phone number');
      if (!/^https?:\/\//.test(b.webhook_url as string)) return badRequest(res, 'webhook_url must be an http(s) URL');
      if (world.wiring?.production && !(b.webhook_url as string).startsWith('https://')) return insecure(res, 'webhook_url');
      const business = {
        wabaId: b.waba_id as string,
        phoneNumberId: b.phone_number_id as string,
        display,
        accessToken: b.access_token as string,
        appSecret: b.app_secret as string,
        webhookUrl: b.webhook_url as string,
        signal: new BusinessSignal(display, world.nowMs),
      };
      // Usable once its bundle is in the key directory (PROTOCOL.md §2, §4).
      const put = await transportCall(world, 'PUT', keysPath(display), business.signal.bundle());
      if (put.status !== 200) return sendJson(res, 502, { error: { code: 'transport_refused_keys', message: `the key directory answered ${put.status}` } });
      world.businesses.set(business.phoneNumberId, business);
      return sendJson(res, 201, { ok: true });
    }

    case 'GET /conformance/v0/clock':
      return sendJson(res, 200, { now_ms: world.nowMs });

    case 'POST /conformance/v0/clock/advance': {
      if (!Number.isSafeInteger(b.ms) || (b.ms as number) < 0) return badRequest(res, 'ms must be a whole number');
      world.nowMs += b.ms as number;
      // Everything that fell due up to the new time starts before the answer.
      world.webhooks.runDue();
      retransmit(world);
      return sendJson(res, 200, { now_ms: world.nowMs });
    }

    case 'POST /conformance/v0/idle':
      return sendJson(res, 200, { idle: await world.work.idle(10_000) });

    default:
      return sendJson(res, 404, { error: { code: 'not_found', message: `no ${route}` } });
  }
}
