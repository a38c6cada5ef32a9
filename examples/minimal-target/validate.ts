// The rules of a send request (POST /{phone-number-id}/messages), from Meta's
// "Messages" reference:
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
// and error codes:
// https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
// A missing required parameter is 131008, a value that is not valid 131009,
// a message type the API does not have 131051. Characters are counted as
// code points. Unknown members are ignored and carried as sent.

import { isObject } from './http.ts';

export class SendRefused extends Error {
  constructor(
    readonly code: 131008 | 131009 | 131051,
    readonly details: string,
  ) {
    super(details);
  }
}

const missing = (what: string) => new SendRefused(131008, `Required parameter is missing: ${what}`);
const invalid = (what: string) => new SendRefused(131009, `Parameter value is not valid: ${what}`);

const chars = (s: string) => [...s].length;

export const MESSAGE_TYPES = ['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'] as const;
const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/** A required string member of at most `max` characters. */
function requiredString(o: Record<string, unknown>, key: string, where: string, max = Infinity): string {
  if (!(key in o) || o[key] === undefined) throw missing(`${where}.${key}`);
  return optionalString(o, key, where, max)!;
}

function optionalString(o: Record<string, unknown>, key: string, where: string, max = Infinity): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(`${where}.${key} must be a string`);
  if (chars(v) > max) throw invalid(`${where}.${key} is longer than ${max} characters`);
  return v;
}

function object(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined) throw missing(where);
  if (!isObject(v)) throw invalid(`${where} must be an object`);
  return v;
}

function httpLink(v: string, where: string): void {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw invalid(`${where} is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid(`${where} must be http or https`);
}

/**
 * A recipient: 7 to 15 digits with an optional leading '+'; spaces, hyphens
 * and parentheses are allowed too (Meta's send-messages guide). Returns the
 * WhatsApp id (digits only).
 */
export function waId(to: unknown): string {
  if (to === undefined) throw missing('to');
  if (typeof to !== 'string' || !/^\+?[0-9 ()-]+$/.test(to) || !/^[0-9]{7,15}$/.test(to.replace(/[^0-9]/g, ''))) throw invalid('to must be a phone number');
  return to.replace(/[^0-9]/g, '');
}

function media(type: string, p: Record<string, unknown>): void {
  const where = type;
  const hasId = p.id !== undefined;
  const hasLink = p.link !== undefined;
  if (!hasId && !hasLink) throw missing(`${where}.id or ${where}.link`);
  if (hasId && hasLink) throw invalid(`${where} takes id or link, not both`);
  if (hasId) requiredString(p, 'id', where);
  if (hasLink) httpLink(requiredString(p, 'link', where), `${where}.link`);
  optionalString(p, 'caption', where, 1024);
  if (type === 'document') optionalString(p, 'filename', where);
}

function location(p: Record<string, unknown>): void {
  for (const [key, limit] of [['latitude', 90], ['longitude', 180]] as const) {
    const v = p[key];
    if (v === undefined) throw missing(`location.${key}`);
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > limit) throw invalid(`location.${key} must be a number within ±${limit}`);
  }
  optionalString(p, 'name', 'location');
  optionalString(p, 'address', 'location');
}

function contacts(v: unknown): void {
  if (!Array.isArray(v)) throw invalid('contacts must be an array');
  if (v.length === 0) throw missing('contacts[0]');
  v.forEach((card, i) => {
    const c = object(card, `contacts[${i}]`);
    requiredString(object(c.name, `contacts[${i}].name`), 'formatted_name', `contacts[${i}].name`);
  });
}

function interactive(p: Record<string, unknown>): void {
  const kind = requiredString(p, 'type', 'interactive');
  if (p.header !== undefined) {
    const h = object(p.header, 'interactive.header');
    if (h.type === 'text') requiredString(h, 'text', 'interactive.header', 60);
  }
  if (p.body !== undefined || kind !== 'cta_url') requiredString(object(p.body, 'interactive.body'), 'text', 'interactive.body', 1024);
  if (p.footer !== undefined) requiredString(object(p.footer, 'interactive.footer'), 'text', 'interactive.footer', 60);
  const action = object(p.action, 'interactive.action');
  if (kind === 'button') {
    const buttons = action.buttons;
    if (buttons === undefined) throw missing('interactive.action.buttons');
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) throw invalid('interactive.action.buttons must hold 1 to 3 buttons');
    const titles = new Set<string>();
    buttons.forEach((b, i) => {
      const reply = object(object(b, `buttons[${i}]`).reply, `buttons[${i}].reply`);
      requiredString(reply, 'id', `buttons[${i}].reply`, 256);
      const title = requiredString(reply, 'title', `buttons[${i}].reply`, 20);
      if (titles.has(title)) throw invalid('button titles must be unique');
      titles.add(title);
    });
  } else if (kind === 'list') {
    requiredString(action, 'button', 'interactive.action', 20);
    const sections = action.sections;
    if (sections === undefined) throw missing('interactive.action.sections');
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) throw invalid('interactive.action.sections must hold 1 to 10 sections');
    let rows = 0;
    sections.forEach((s, i) => {
      const section = object(s, `sections[${i}]`);
      optionalString(section, 'title', `sections[${i}]`, 24);
      if (!Array.isArray(section.rows)) throw invalid(`sections[${i}].rows must be an array`);
      for (const r of section.rows) {
        const row = object(r, `sections[${i}].rows[]`);
        requiredString(row, 'id', 'row', 200);
        requiredString(row, 'title', 'row', 24);
        optionalString(row, 'description', 'row', 72);
        rows++;
      }
    });
    if (rows < 1 || rows > 10) throw invalid('a list holds 1 to 10 rows in all');
  } else if (kind === 'cta_url') {
    const parameters = object(action.parameters, 'interactive.action.parameters');
    requiredString(parameters, 'display_text', 'interactive.action.parameters', 20);
    httpLink(requiredString(parameters, 'url', 'interactive.action.parameters'), 'interactive.action.parameters.url');
  } else if (kind === 'product' || kind === 'product_list') {
    requiredString(action, 'catalog_id', 'interactive.action');
    if (kind === 'product') requiredString(action, 'product_retailer_id', 'interactive.action');
    else if (!Array.isArray(action.sections) || action.sections.length < 1 || action.sections.length > 10) throw invalid('interactive.action.sections must hold 1 to 10 sections');
  } else if (kind === 'catalog_message' || kind === 'flow' || kind === 'call_permission_request' || kind === 'location_request_message') {
    // The action is named after the kind, but a location request's is send_location.
    const name = kind === 'location_request_message' ? 'send_location' : kind;
    if (action.name !== name) throw invalid(`interactive.action.name must be "${name}"`);
    if (kind === 'flow') {
      const parameters = object(action.parameters, 'interactive.action.parameters');
      requiredString(parameters, 'flow_cta', 'interactive.action.parameters', 30);
      if ((parameters.flow_id === undefined) === (parameters.flow_name === undefined)) throw invalid('a Flow message names exactly one of flow_id or flow_name');
    }
  } else {
    throw invalid(`interactive.type "${kind}" is not supported by this target`);
  }
}

function template(p: Record<string, unknown>): void {
  requiredString(p, 'name', 'template', 512);
  requiredString(object(p.language, 'template.language'), 'code', 'template.language');
  if (p.components !== undefined && !Array.isArray(p.components)) throw invalid('template.components must be an array');
}

function reaction(p: Record<string, unknown>): void {
  requiredString(p, 'message_id', 'reaction');
  requiredString(p, 'emoji', 'reaction'); // "" removes a reaction
}

export interface ValidSend {
  waId: string;
  type: (typeof MESSAGE_TYPES)[number];
  opaque?: string;
  identityKeyHash?: string;
}

/** Checks a send request; throws SendRefused naming the first rule it breaks. */
export function validateSend(body: Record<string, unknown>): ValidSend {
  if (body.messaging_product === undefined) throw missing('messaging_product');
  if (body.messaging_product !== 'whatsapp') throw invalid('messaging_product must be "whatsapp"');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') throw invalid('recipient_type must be "individual"');
  const id = waId(body.to);
  if (body.type === undefined) throw missing('type');
  if (typeof body.type !== 'string') throw invalid('type must be a string');
  const type = body.type;
  if (!(MESSAGE_TYPES as readonly string[]).includes(type)) throw new SendRefused(131051, `Unsupported message type: ${type}`);
  const payload = body[type];
  if (payload === undefined) throw missing(type);
  if (type === 'contacts') contacts(payload);
  else {
    const p = object(payload, type);
    if (type === 'text') requiredString(p, 'body', 'text', 4096);
    else if (MEDIA_TYPES.has(type)) media(type, p);
    else if (type === 'location') location(p);
    else if (type === 'interactive') interactive(p);
    else if (type === 'template') template(p);
    else if (type === 'reaction') reaction(p);
  }
  if (body.context !== undefined) requiredString(object(body.context, 'context'), 'message_id', 'context');
  const opaque = optionalString(body, 'biz_opaque_callback_data', 'message', 512);
  const identityKeyHash = optionalString(body, 'recipient_identity_key_hash', 'message');
  return { waId: id, type: type as ValidSend['type'], opaque, identityKeyHash };
}
