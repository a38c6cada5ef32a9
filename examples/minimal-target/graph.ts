// The Graph API a business calls: POST /{version}/{phone-number-id}/messages,
// to send a message or to mark an incoming one read. Errors use the Graph
// error envelope (https://developers.facebook.com/docs/graph-api/guides/error-handling).

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formFields } from './form.ts';
import { BodyTooLarge, bearer, isObject, parseJson, readBody, sendJson } from './http.ts';
import { relay } from './outbound.ts';
import { transportCall } from './transport.ts';
import { SendRefused, validateSend } from './validate.ts';
import type { Business } from './business.ts';
import { pairKey, remember, type World } from './world.ts';

const WINDOW_MS = 24 * 3_600_000;

const TITLES: Record<number, string> = {
  100: 'Invalid parameter',
  190: 'Invalid OAuth access token',
  200: 'Permissions error',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131021: 'Recipient cannot be sender',
  131047: 'Re-engagement message',
  131051: 'Unsupported message type',
  137000: 'Identity key mismatch',
};

function graphError(res: ServerResponse, status: number, code: number, details: string): void {
  const title = TITLES[code] ?? 'Error';
  sendJson(res, status, {
    error: { message: `(#${code}) ${title}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: randomBytes(9).toString('base64url') },
  });
}

export async function handleGraph(world: World, req: IncomingMessage, res: ServerResponse, segments: string[]): Promise<void> {
  // Read the whole body first, so that every answer, error or not, comes after it.
  let bytes: Buffer;
  try {
    bytes = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLarge) return graphError(res, 413, 100, 'The request body is too large.');
    throw e;
  }

  // The token may also come as the access_token query parameter (Graph API overview).
  const token = bearer(req) ?? new URL(req.url ?? '/', 'http://target.invalid').searchParams.get('access_token') ?? undefined;
  const business = token === undefined ? undefined : world.byToken(token);
  if (!business) return graphError(res, 401, 190, 'The access token is missing or not valid.');

  const [version, phoneNumberId, edge, ...rest] = segments;
  if (!/^v[0-9]+\.[0-9]+$/.test(version ?? '')) return graphError(res, 400, 100, `Unknown Graph API version "${version}".`);
  // GET /{phone-number-id}: the number's own fields (operation getPhoneNumberById).
  if (req.method === 'GET' && edge === undefined && phoneNumberId === business.phoneNumberId) {
    return sendJson(res, 200, { id: business.phoneNumberId, display_phone_number: business.display });
  }
  if (req.method !== 'POST' || edge !== 'messages' || rest.length > 0) return graphError(res, 400, 100, 'Unsupported request: this target serves POST /{phone-number-id}/messages only.');
  if (!/^[0-9]+$/.test(phoneNumberId ?? '')) return graphError(res, 400, 100, `"${phoneNumberId}" is not a phone-number id.`);
  if (phoneNumberId !== business.phoneNumberId) {
    if (world.businesses.has(phoneNumberId!)) return graphError(res, 403, 200, 'This access token may not use that phone number.');
    return graphError(res, 400, 100, `Object with ID "${phoneNumberId}" does not exist.`);
  }

  // JSON, or the form bodies the Content-Type of Meta's OpenAPI description allows (form.ts).
  const json = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
  const body = json ? parseJson(bytes) : formFields(req.headers['content-type'], bytes);
  if (body === undefined && !json) return graphError(res, 400, 100, 'The body must be JSON, application/x-www-form-urlencoded or multipart/form-data.');
  if (!isObject(body)) return graphError(res, 400, 100, 'The body is not a JSON object.');

  try {
    if (body.status !== undefined) return markRead(world, business, body, res);
    return await send(world, business, body, res); // awaited, so that a refusal lands in the catch below
  } catch (e) {
    if (e instanceof SendRefused) return graphError(res, 400, e.code, e.details);
    throw e;
  }
}

async function send(world: World, business: Business, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
  const v = validateSend(body);
  // A business cannot message its own number (131021 in Meta's error codes).
  if (v.waId === business.display.replace(/^\+/, '')) return graphError(res, 400, 131021, 'The recipient is the sending business number.');

  // A send pinned to an identity the target no longer holds for the consumer is refused (PROTOCOL.md §9).
  if (v.identityKeyHash !== undefined) {
    const held = await business.signal.consumerIdentityHash(v.waId);
    if (held !== undefined && held !== v.identityKeyHash) return graphError(res, 400, 137000, 'The recipient\'s identity key has changed.');
  }

  // The 24-hour customer-service window: free-form messages only within 24 h of the consumer's last message.
  if (v.type !== 'template') {
    const last = world.lastInbound.get(pairKey(business, v.waId));
    if (last === undefined || world.nowMs - last > WINDOW_MS) {
      return graphError(res, 400, 131047, 'More than 24 hours have passed since the recipient last replied; send a template message.');
    }
  }

  // The Signal plaintext is the message object without routing fields (PROTOCOL.md §7).
  const content: Record<string, unknown> = { v: 0, type: v.type, [v.type]: body[v.type] };
  if (body.context !== undefined) content.context = body.context;

  const id = `wamid.${randomBytes(24).toString('base64url')}`;
  const message = { id, business, consumer: v.waId, plaintext: JSON.stringify(content), acceptedMs: world.nowMs, opaque: v.opaque };
  remember(world.sent, id, message);
  relay(world, message);
  sendJson(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: v.waId }], messages: [{ id }] });
}

function markRead(world: World, business: Business, body: Record<string, unknown>, res: ServerResponse): void {
  if (body.messaging_product !== 'whatsapp') return graphError(res, 400, body.messaging_product === undefined ? 131008 : 131009, 'messaging_product must be "whatsapp".');
  if (body.status !== 'read') return graphError(res, 400, 131009, 'status must be "read".');
  if (typeof body.message_id !== 'string') return graphError(res, 400, body.message_id === undefined ? 131008 : 131009, 'message_id must be a message id.');
  // Only incoming messages can be marked read.
  const incoming = world.received.get(body.message_id);
  if (!incoming || incoming.business !== business) return graphError(res, 400, 100, 'message_id is not a message this business received.');
  const typing = isObject(body.typing_indicator) && body.typing_indicator.type === 'text';
  world.work.spawn('read receipt', async () => {
    const receipt = { from: business.display, to: incoming.consumer, message_ids: [incoming.id], timestamp: world.seconds() };
    await transportCall(world, 'POST', '/v0/receipts', { type: 'read', ...receipt });
    if (typing) await transportCall(world, 'POST', '/v0/receipts', { type: 'typing', ...receipt });
  });
  sendJson(res, 200, { success: true });
}
