// The Graph API the mock serves: POST /{version}/{phone-number-id}/messages
// (send, mark read) and GET /{version}/{phone-number-id}. Checks come in the
// order Graph answers them: token, phone-number id, the body, the recipient,
// the 24-hour window.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphError, parseBody, readBody, sendGraphError, sendJson } from './http.ts';
import { newMessageId, type Business, type MockState } from './state.ts';
import { recipientDigits, validateSend } from './validate.ts';
import type { WebhookQueue } from './webhooks.ts';
import { statusNotification } from './notifications.ts';

const badToken = () => new GraphError(401, 190, 'Invalid OAuth access token', 'the access token is missing, malformed or unknown', 'OAuthException', 463);
const badParameter = (details: string) => new GraphError(400, 100, 'Invalid parameter', details);

function token(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) return /^Bearer (\S+)$/.exec(header)?.[1];
  return url.searchParams.get('access_token') ?? undefined;
}

/** The business that owns `phoneNumberId`, provided the caller's token is that business's. */
function owner(state: MockState, caller: Business, phoneNumberId: string, method: string): Business {
  const b = state.businesses.get(phoneNumberId);
  if (b === undefined) {
    throw new GraphError(400, 100, `Unsupported ${method.toLowerCase()} request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, 'unknown phone-number id', 'GraphMethodException', 33);
  }
  if (b !== caller) throw new GraphError(403, 200, 'Permission denied', 'the access token has no permission on this phone number');
  return b;
}

function markRead(state: MockState, business: Business, body: Record<string, unknown>): unknown {
  if (body.messaging_product !== 'whatsapp') throw badParameter('messaging_product must be "whatsapp"');
  const id = body.message_id;
  const incoming = typeof id === 'string' ? state.received.get(id) : undefined;
  // Only what a consumer sent this number can be marked read: an outgoing or unknown id is refused alike.
  if (incoming === undefined || incoming.phoneNumberId !== business.phoneNumberId) throw badParameter(`message_id ${JSON.stringify(id)} is not a message this number received`);
  return { success: true };
}

function send(state: MockState, hooks: WebhookQueue, business: Business, body: Record<string, unknown>): unknown {
  const refusal = validateSend(body);
  if (refusal) throw refusal;
  const to = body.to as string;
  const waId = recipientDigits(to)!;
  if (waId === business.displayPhoneNumber) throw new GraphError(400, 131021, 'Recipient cannot be sender', 'a business number cannot message itself');
  if ((body.type ?? 'text') !== 'template' && !state.windowOpen(business.phoneNumberId, waId)) {
    throw new GraphError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed since the recipient last replied to the sender number.');
  }
  const message = { id: newMessageId(), phoneNumberId: business.phoneNumberId, recipient: waId, status: 'sent' as const, opaque: body.biz_opaque_callback_data as string | undefined };
  state.sent.set(message.id, message);
  hooks.send(business, statusNotification(business, message, 'sent', state.timestamp()));
  return { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: waId }], messages: [{ id: message.id }] };
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function phoneNumber(business: Business, url: URL): unknown {
  const all: Record<string, unknown> = { id: business.phoneNumberId, display_phone_number: business.displayPhoneNumber, verified_name: 'Mock Business', quality_rating: 'GREEN' };
  const fields = url.searchParams.get('fields')?.split(',').map((f) => f.trim()) ?? Object.keys(all);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k === 'id' || fields.includes(k)));
}

async function answer(state: MockState, hooks: WebhookQueue, req: IncomingMessage, url: URL): Promise<unknown> {
  const method = req.method ?? 'GET';
  const caller = state.businessByToken(token(req, url) ?? '');
  if (caller === undefined) throw badToken();
  const [version, phoneNumberId, edge, ...rest] = url.pathname.split('/').slice(1);
  if (!/^v\d+\.\d+$/.test(version ?? '') || phoneNumberId === undefined || rest.length > 0) throw badParameter(`unknown path ${url.pathname}`);
  const business = owner(state, caller, safeDecode(phoneNumberId), method);
  if (edge === undefined && method === 'GET') return phoneNumber(business, url);
  if (edge !== 'messages' || method !== 'POST') {
    throw new GraphError(400, 100, `Unsupported ${method.toLowerCase()} request. Object with ID '${business.phoneNumberId}' does not support this operation`, `${method} ${url.pathname} is not served`, 'GraphMethodException');
  }
  const bytes = await readBody(req);
  const body = bytes === undefined ? undefined : parseBody(bytes, req.headers['content-type']);
  if (body === undefined) throw badParameter('the body is not a JSON object or a form');
  return body.status === 'read' ? markRead(state, business, body) : send(state, hooks, business, body);
}

export async function serveGraph(state: MockState, hooks: WebhookQueue, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    sendJson(res, 200, await answer(state, hooks, req, url));
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    // Drain what the client is still sending, so it reads the refusal rather than a reset.
    req.resume();
    sendGraphError(res, e);
  }
}
