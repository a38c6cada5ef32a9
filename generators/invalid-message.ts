// The negative twin of outboundMessage: a send request that breaks exactly
// one documented rule, saying which, and the Graph error codes the Cloud API
// answers for that class (docs/cloud-api-rules.md#error-codes-and-http-statuses).
// Where Meta's pages do not pin one code, every plausible one is listed: 100 (invalid parameter) is accepted
// beside 131008/131009 because Graph answers both for request validation.

import fc from 'fast-check';
import { outboundMessage, sendBody } from './outbound-message.ts';
import { type OutboundMessage } from './outbound-shape.ts';
import { mediaMessage } from './media-message.ts';
import { interactiveMessage } from './interactive-message.ts';
import { invalidPhoneNumber } from './invalid-phone-number.ts';
import { overLimit } from './limited-string.ts';
import { textBody } from './text-body.ts';

export type ViolationClass = 'missing' | 'invalid' | 'unsupported' | 'path';

export interface InvalidRequest {
  /** The one rule the request breaks. */
  rule: string;
  violation: ViolationClass;
  body: Record<string, unknown>;
  /** Replaces the request path's version or phone-number id; undefined: the correct path. */
  path?: { version?: string; phoneNumberId?: string };
  /** Codes that are right for this violation; undefined: any Graph error code. */
  codes?: readonly number[];
  /** HTTP statuses that are right. */
  statuses: readonly number[];
  /**
   * Set when a documented default makes the request valid after all: an
   * accepted send to this recipient is right too (a `type`-less text message:
   * the Messages reference documents `type` as optional, default `text`).
   */
  acceptedTo?: string;
}

export const CODES: Record<ViolationClass, readonly number[] | undefined> = {
  missing: [131008, 100],
  invalid: [131009, 100],
  // 100 beside 131051: Graph answers a value outside a parameter's enum with 100 (invalid parameter).
  unsupported: [131051, 100],
  path: undefined,
};
const STATUSES: Record<ViolationClass, readonly number[]> = { missing: [400], invalid: [400], unsupported: [400], path: [400, 404] };

type Breaker = (to: string) => fc.Arbitrary<{ rule: string; violation: ViolationClass; body: Record<string, unknown>; path?: InvalidRequest['path']; acceptedTo?: string }>;

const text = (to: string) => textBody({ maxLength: 50 }).map((b) => sendBody(to, { type: 'text', payload: { body: b } }));
const without = (o: Record<string, unknown>, key: string) => {
  const { [key]: _gone, ...rest } = o;
  return rest;
};
const withPayload = (body: Record<string, unknown>, change: (p: Record<string, unknown>) => Record<string, unknown>) => ({ ...body, [body.type as string]: change(body[body.type as string] as Record<string, unknown>) });
const ofType = (m: fc.Arbitrary<OutboundMessage>, to: string) => m.map((x) => sendBody(to, x));

const BREAKERS: Breaker[] = [
  (to) => ofType(outboundMessage(), to).map((b) => ({ rule: 'messaging_product missing', violation: 'missing', body: without(b, 'messaging_product') })),
  (to) => ofType(outboundMessage(), to).map((b) => ({ rule: 'to missing', violation: 'missing', body: without(b, 'to') })),
  // `type` defaults to text: without it a text message is still valid, any other type lacks its `text`.
  (to) => ofType(outboundMessage(), to).map((b) => ({ rule: 'type missing', violation: 'missing', body: without(b, 'type'), ...(b.type === 'text' ? { acceptedTo: to } : {}) })),
  (to) => ofType(outboundMessage(), to).map((b) => ({ rule: 'the object named by type missing', violation: 'missing', body: without(b, b.type as string) })),
  (to) => text(to).map((b) => ({ rule: 'text.body missing', violation: 'missing', body: { ...b, text: {} } })),
  (to) => ofType(outboundMessage({ types: ['location'] }), to).map((b) => ({ rule: 'location.latitude missing', violation: 'missing', body: withPayload(b, (p) => without(p, 'latitude')) })),
  (to) => ofType(outboundMessage({ types: ['template'] }), to).map((b) => ({ rule: 'template.name missing', violation: 'missing', body: withPayload(b, (p) => without(p, 'name')) })),
  (to) => ofType(outboundMessage({ types: ['reaction'] }), to).map((b) => ({ rule: 'reaction.message_id missing', violation: 'missing', body: withPayload(b, (p) => without(p, 'message_id')) })),
  (to) => ofType(outboundMessage({ types: ['contacts'] }), to).map((b) => ({ rule: 'contacts[0].name.formatted_name missing', violation: 'missing', body: { ...b, contacts: [{ name: {} }] } })),
  (to) => ofType(outboundMessage(), to).map((b) => ({ rule: 'messaging_product is not "whatsapp"', violation: 'invalid', body: { ...b, messaging_product: 'sms' } })),
  (to) => fc.tuple(ofType(outboundMessage(), to), invalidPhoneNumber()).map(([b, p]) => ({ rule: `to is not a phone number (${p.rule})`, violation: 'invalid', body: { ...b, to: p.asSent } })),
  (to) => fc.tuple(text(to), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }))).map(([b, v]) => ({ rule: 'text.body of the wrong JSON type', violation: 'invalid', body: { ...b, text: { body: v } } })),
  (to) => overLimit(4096).map((s) => ({ rule: 'text.body over 4,096 characters', violation: 'invalid', body: sendBody(to, { type: 'text', payload: { body: s } }) })),
  (to) => fc.tuple(ofType(mediaMessage({ types: ['image', 'video', 'document'] }), to), overLimit(1024)).map(([b, c]) => ({ rule: 'caption over 1,024 characters', violation: 'invalid', body: withPayload(b, (p) => ({ ...p, caption: c })) })),
  (to) => ofType(mediaMessage(), to).map((b) => ({ rule: 'media with both id and link', violation: 'invalid', body: withPayload(b, (p) => ({ ...p, id: '1234567890123456', link: 'https://example.com/m.jpg' })) })),
  (to) => ofType(mediaMessage(), to).map((b) => ({ rule: 'media link is not http(s)', violation: 'invalid', body: withPayload(b, (p) => ({ ...without(p, 'id'), link: 'ftp://example.com/m' })) })),
  (to) => ofType(outboundMessage({ types: ['location'] }), to).chain((b) => fc.double({ min: 90.001, max: 1e6, noNaN: true }).map((lat) => ({ rule: 'latitude beyond ±90', violation: 'invalid' as const, body: withPayload(b, (p) => ({ ...p, latitude: lat })) }))),
  (to) => ofType(interactiveMessage(), to).map((b) => ({
    rule: 'four reply buttons',
    violation: 'invalid',
    body: { ...b, interactive: { type: 'button', body: { text: 'pick' }, action: { buttons: ['a', 'b', 'c', 'd'].map((t) => ({ type: 'reply', reply: { id: t, title: t } })) } } },
  })),
  (to) => fc.constantFrom('Yes', 'é', '😀').map((t) => ({
    rule: 'duplicate button titles',
    violation: 'invalid',
    body: sendBody(to, { type: 'interactive', payload: { type: 'button', body: { text: 'pick' }, action: { buttons: [1, 2].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: t } })) } } }),
  })),
  (to) => overLimit(20).map((t) => ({
    rule: 'button title over 20 characters',
    violation: 'invalid',
    body: sendBody(to, { type: 'interactive', payload: { type: 'button', body: { text: 'pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'b1', title: t } }] } } }),
  })),
  (to) => overLimit(24).map((t) => ({
    rule: 'list row title over 24 characters',
    violation: 'invalid',
    body: sendBody(to, { type: 'interactive', payload: { type: 'list', body: { text: 'pick' }, action: { button: 'Menu', sections: [{ title: 's', rows: [{ id: 'r1', title: t }] }] } } }),
  })),
  (to) => fc.integer({ min: 11, max: 15 }).map((n) => ({
    rule: 'more than 10 list rows in all',
    violation: 'invalid',
    body: sendBody(to, { type: 'interactive', payload: { type: 'list', body: { text: 'pick' }, action: { button: 'Menu', sections: [{ title: 's', rows: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `row ${i}` })) }] } } }),
  })),
  (to) => text(to).map((b) => ({ rule: 'unknown message type', violation: 'unsupported', body: { ...b, type: 'hologram', hologram: { body: 'x' } } })),
  (to) => fc.tuple(text(to), fc.constantFrom('23.0', 'v23', 'v23.0.1', 'V23.0', 'latest')).map(([b, version]) => ({ rule: `bad version path "${version}"`, violation: 'path', body: b, path: { version } })),
  (to) => fc.tuple(text(to), fc.constantFrom('abc', '12 34', '-1', '1e5')).map(([b, id]) => ({ rule: `bad phone-number id "${id}"`, violation: 'path', body: b, path: { phoneNumberId: id } })),
];

/** Number of distinct rules invalidMessage breaks (each breaker is one class of rule). */
export const RULE_COUNT = BREAKERS.length;

export interface InvalidMessageConstraints {
  /** A valid recipient, so nothing but the broken rule is wrong. */
  to: string;
}

export function invalidMessage({ to }: InvalidMessageConstraints): fc.Arbitrary<InvalidRequest> {
  if (!/^\+?[0-9]{7,15}$/.test(to)) throw new RangeError(`invalidMessage: to must be a valid phone number, got "${to}"`);
  return fc.oneof(...BREAKERS.map((b) => b(to))).map((r) => ({ ...r, codes: CODES[r.violation], statuses: STATUSES[r.violation] }));
}
