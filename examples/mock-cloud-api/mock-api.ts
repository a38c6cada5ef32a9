// The mock's own API, which no Cloud API client knows: configure a business,
// make a consumer write, move a sent message to delivered or read, and drive
// the clock. Tests (and the conformance adapter) use it instead of a phone.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, parseBody, readBody, sendJson } from './http.ts';
import { newMessageId, STATUS_RANK, type Business, type MockState, type Status } from './state.ts';
import { verifyCallback, type WebhookQueue } from './webhooks.ts';
import { messageNotification, statusNotification } from './notifications.ts';

/** A refusal of the mock API: its own small shape, `{"error": "…"}`. */
class MockApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const text = (body: Record<string, unknown>, key: string, pattern = /./): string => {
  const v = body[key];
  if (typeof v !== 'string' || !pattern.test(v)) throw new MockApiError(400, `${key} must be a string matching ${pattern}`);
  return v;
};
const DIGITS = /^\d{1,20}$/;
const clock = (state: MockState) => ({ unix_ms: state.nowMs, iso: new Date(state.nowMs).toISOString() });

async function configure(state: MockState, body: Record<string, unknown>): Promise<unknown> {
  const business: Business = {
    wabaId: text(body, 'waba_id', DIGITS),
    phoneNumberId: text(body, 'phone_number_id', DIGITS),
    displayPhoneNumber: text(body, 'display_phone_number', DIGITS),
    accessToken: text(body, 'access_token'),
    appSecret: text(body, 'app_secret'),
    webhookUrl: text(body, 'webhook_url', /^https?:\/\//),
    verifyToken: text(body, 'verify_token'),
    active: false,
  };
  // The callback is used only once it echoed the challenge, as Meta does when an app subscribes.
  business.active = await verifyCallback(business);
  state.businesses.set(business.phoneNumberId, business);
  return { phone_number_id: business.phoneNumberId, webhook_active: business.active };
}

function incoming(state: MockState, hooks: WebhookQueue, body: Record<string, unknown>): unknown {
  const business = state.businesses.get(text(body, 'to_phone_number_id', DIGITS));
  if (business === undefined) throw new MockApiError(404, 'no business has that phone number id');
  const from = text(body, 'from', DIGITS);
  const name = body.name === undefined ? '' : text(body, 'name', /^/);
  const given = body.message;
  if (!isObject(given) || typeof given.type !== 'string') throw new MockApiError(400, 'message must be an object with a type');
  // The message as given, with the sender and the mock's own time stamped on.
  const message = { ...given, from, id: typeof given.id === 'string' ? given.id : newMessageId(), timestamp: state.timestamp() };
  state.received.set(message.id, { id: message.id, phoneNumberId: business.phoneNumberId, from });
  state.consumerWrote(business.phoneNumberId, from);
  hooks.send(business, messageNotification(business, from, name, message));
  return { id: message.id };
}

function status(state: MockState, hooks: WebhookQueue, body: Record<string, unknown>): unknown {
  const message = state.sent.get(text(body, 'message_id'));
  if (message === undefined) throw new MockApiError(404, 'no message was sent with that id');
  const next = text(body, 'status', /^(delivered|read)$/) as Status;
  // Statuses only move forward: a late `delivered` after `read` changes nothing.
  const changed = STATUS_RANK[next] > STATUS_RANK[message.status];
  if (changed) {
    message.status = next;
    const business = state.businesses.get(message.phoneNumberId)!;
    hooks.send(business, statusNotification(business, message, next, state.timestamp()));
  }
  return { message_id: message.id, status: message.status, changed };
}

function advance(state: MockState, hooks: WebhookQueue, body: Record<string, unknown>): unknown {
  const ms = body.ms;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0) throw new MockApiError(400, 'ms must be a non-negative integer');
  state.nowMs += ms;
  hooks.pump();
  return clock(state);
}

async function answer(state: MockState, hooks: WebhookQueue, req: IncomingMessage, path: string): Promise<unknown> {
  const route = `${req.method} ${path}`;
  if (route === 'GET /mock/clock') return clock(state);
  if (route === 'GET /mock/idle') return { idle: hooks.idle(), ...hooks.counts() };
  const bytes = await readBody(req);
  const body = bytes === undefined ? undefined : bytes.length === 0 ? {} : parseBody(bytes, 'application/json');
  if (body === undefined) throw new MockApiError(400, 'the body must be a JSON object');
  switch (route) {
    case 'POST /mock/reset':
      state.reset();
      hooks.clear();
      return { ok: true };
    case 'POST /mock/businesses':
      return configure(state, body);
    case 'POST /mock/simulate/incoming':
      return incoming(state, hooks, body);
    case 'POST /mock/simulate/status':
      return status(state, hooks, body);
    case 'POST /mock/clock/advance':
      return advance(state, hooks, body);
    default:
      throw new MockApiError(404, `no such mock endpoint: ${route}`);
  }
}

export async function serveMockApi(state: MockState, hooks: WebhookQueue, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    sendJson(res, 200, await answer(state, hooks, req, path));
  } catch (e) {
    if (!(e instanceof MockApiError)) throw e;
    sendJson(res, e.status, { error: e.message });
  }
}
