// The transport endpoint the harness calls as WhatsApp's transport
// (PROTOCOL.md §5): a consumer's envelopes and receipts.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, bearer, isObject, parseJson, readBody, sendJson } from './http.ts';
import { Undecryptable } from './signal.ts';
import { reportStatuses } from './statuses.ts';
import { changeValue } from './webhooks.ts';
import type { Business } from './business.ts';
import { pairKey, remember, type SentMessage, type World } from './world.ts';

const badRequest = (res: ServerResponse, message: string) => sendJson(res, 400, { error: { code: 'bad_request', message } });
const digits = (v: unknown): v is string => typeof v === 'string' && /^[0-9]{1,20}$/.test(v);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function handleTransport(world: World, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLarge) return badRequest(res, 'body too large');
    throw e;
  }
  if (!world.wiring || bearer(req) !== world.wiring.transportToken) return sendJson(res, 401, { error: { code: 'unauthorized' } });
  if (req.method !== 'POST') return sendJson(res, 404, { error: { code: 'not_found' } });
  const body = parseJson(bytes);
  if (!isObject(body)) return badRequest(res, 'the body is not a JSON object');
  if (path === '/transport/v0/envelopes') return envelope(world, body, res);
  if (path === '/transport/v0/receipts') return receipt(world, body, res);
  sendJson(res, 404, { error: { code: 'not_found' } });
}

function envelope(world: World, e: Record<string, unknown>, res: ServerResponse): void {
  if (typeof e.id !== 'string' || e.id === '' || !digits(e.from) || !digits(e.to) || typeof e.body !== 'string' || !BASE64.test(e.body)) {
    return badRequest(res, 'an envelope has id, from, to, type and a base64 body');
  }
  if (e.type !== 2 && e.type !== 3) return badRequest(res, 'type must be 2 (Whisper) or 3 (PreKey)');
  const business = world.byDisplay(e.to);
  if (!business) return sendJson(res, 404, { error: { code: 'unknown_address' } });
  const envelope = { id: e.id, consumer: e.from, type: e.type, body: e.body };
  // Accepted now, processed in the background, one at a time per session.
  world.work.spawn('inbound envelope', () => world.lanes.run(pairKey(business, envelope.consumer), () => receive(world, business, envelope)));
  sendJson(res, 200, { ok: true });
}

async function receive(world: World, business: Business, e: { id: string; consumer: string; type: number; body: string }): Promise<void> {
  if (world.received.has(e.id)) return; // already processed: never forwarded twice
  let plaintext: Uint8Array;
  let identityChanged: boolean;
  try {
    ({ plaintext, identityChanged } = await business.signal.decrypt(e.consumer, { type: e.type, body: e.body }));
  } catch (err) {
    if (err instanceof Undecryptable) return; // damaged or replayed: dropped, the session carries on
    throw err;
  }
  const content = parseJson(Buffer.from(plaintext));
  if (!isObject(content) || typeof content.type !== 'string' || content.type === '') return;

  remember(world.received, e.id, { id: e.id, business, consumer: e.consumer });
  remember(world.lastInbound, pairKey(business, e.consumer), world.nowMs);
  const timestamp = String(world.seconds());
  const contacts = [{ wa_id: e.consumer }];

  if (identityChanged) {
    // Before the message itself, the business learns that the consumer's security code changed (PROTOCOL.md §9).
    const hash = await business.signal.consumerIdentityHash(e.consumer);
    const system = { body: `${e.consumer}'s security code changed.`, type: 'customer_identity_changed', identity: hash };
    world.webhooks.send(business, changeValue(business, {
      contacts: [{ wa_id: e.consumer, identity_key_hash: hash }],
      messages: [{ from: e.consumer, id: `wamid.${randomBytes(24).toString('base64url')}`, timestamp, type: 'system', system }],
    }));
  }

  // The content object becomes the webhook's message as it is (PROTOCOL.md §7); only routing fields are ours.
  const { v: _v, context, ...rest } = content;
  const message: Record<string, unknown> = { ...rest, from: e.consumer, id: e.id, timestamp, type: content.type };
  if (isObject(context) && typeof context.message_id === 'string') {
    const quoted = world.sent.get(context.message_id);
    message.context = { ...(quoted ? { from: business.display } : {}), id: context.message_id };
  }
  world.webhooks.send(business, changeValue(business, { contacts, messages: [message] }));
}

function receipt(world: World, r: Record<string, unknown>, res: ServerResponse): void {
  if ((r.type !== 'delivered' && r.type !== 'read') || !digits(r.from) || !digits(r.to) || !Array.isArray(r.message_ids)) {
    return badRequest(res, 'a receipt has type delivered or read, from, to and message_ids');
  }
  const status: 'delivered' | 'read' = r.type;
  const changes = r.message_ids
    .map((id) => (typeof id === 'string' ? world.sent.get(id) : undefined))
    .filter((m): m is SentMessage => m !== undefined && m.consumer === r.from && m.business.display === r.to)
    .map((message) => ({ message, status }));
  reportStatuses(world, changes);
  sendJson(res, 200, { ok: true });
}
