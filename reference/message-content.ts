import { GraphError, invalid, missing } from './graph-errors.ts';
import { isObject, type JsonObject } from './http.ts';
import { INTERACTIVE_KINDS } from './interactive-kinds.ts';
import { CAPTION_MAX, INTERACTIVE_LIMITS, TEXT_BODY_MAX } from './durations.ts';

// The type-specific object of a send request, checked against the documented
// limits (docs/cloud-api-rules.md#limits-per-message-type) and returned exactly as the business sent it:
// it becomes the Signal plaintext (PROTOCOL §7), so nothing is normalised.

const MEDIA = new Set(['image', 'audio', 'video', 'document', 'sticker']);
export const SUPPORTED_TYPES = ['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'];
const KNOWN_TYPES = new Set([...SUPPORTED_TYPES, 'button', 'order']);

const chars = (s: string): number => [...s].length;
const L = INTERACTIVE_LIMITS;

function str(o: JsonObject, field: string, path: string, max: number, required: boolean): string | undefined {
  const v = o[field];
  if (v === undefined) {
    if (required) throw missing(`${path}.${field}`);
    return undefined;
  }
  if (typeof v !== 'string') throw invalid(`${path}.${field}`, 'must be a string.');
  const n = chars(v);
  if (required && n === 0) throw invalid(`${path}.${field}`, 'must not be empty.');
  if (n > max) throw invalid(`${path}.${field}`, `must be at most ${max} characters (got ${n}).`);
  return v;
}

function obj(o: JsonObject, field: string, path: string): JsonObject {
  const v = o[field];
  if (v === undefined) throw missing(path === '' ? field : `${path}.${field}`);
  if (!isObject(v)) throw invalid(path === '' ? field : `${path}.${field}`, 'must be an object.');
  return v;
}

function arr(o: JsonObject, field: string, path: string, min: number, max: number): unknown[] {
  const v = o[field];
  if (v === undefined) throw missing(`${path}.${field}`);
  if (!Array.isArray(v)) throw invalid(`${path}.${field}`, 'must be an array.');
  if (v.length < min || v.length > max) throw invalid(`${path}.${field}`, `must have ${min} to ${max} items (got ${v.length}).`);
  return v;
}

const HTTP_URL = /^https?:\/\/[^\s]+$/i;

function media(type: string, m: JsonObject): void {
  const hasId = m.id !== undefined;
  const hasLink = m.link !== undefined;
  if (hasId && hasLink) throw invalid(`${type}`, 'must have exactly one of id or link, not both.');
  if (!hasId && !hasLink) throw missing(`${type}.id or ${type}.link`);
  if (hasId && (typeof m.id !== 'string' || !/^[0-9A-Za-z_.-]{1,256}$/.test(m.id))) throw invalid(`${type}.id`, 'must be a media id.');
  if (hasLink && (typeof m.link !== 'string' || !HTTP_URL.test(m.link))) throw invalid(`${type}.link`, 'must be an http or https URL.');
  if (m.caption !== undefined) {
    if (type === 'audio' || type === 'sticker') throw invalid(`${type}.caption`, `is not allowed for ${type}.`);
    str(m, 'caption', type, CAPTION_MAX, false);
  }
  if (m.filename !== undefined) {
    if (type !== 'document') throw invalid(`${type}.filename`, 'is allowed for documents only.');
    str(m, 'filename', type, 240, false);
  }
}

function coordinate(m: JsonObject, field: string, limit: number): void {
  const v = m[field];
  if (v === undefined) throw missing(`location.${field}`);
  const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > limit) throw invalid(`location.${field}`, `must be a number from -${limit} to ${limit}.`);
}

function location(m: JsonObject): void {
  coordinate(m, 'latitude', 90);
  coordinate(m, 'longitude', 180);
  str(m, 'name', 'location', 1000, false);
  str(m, 'address', 'location', 1000, false);
}

function contacts(list: unknown): void {
  if (!Array.isArray(list)) throw invalid('contacts', 'must be an array.');
  if (list.length < 1 || list.length > 257) throw invalid('contacts', 'must have 1 to 257 contacts.');
  list.forEach((c, i) => {
    if (!isObject(c)) throw invalid(`contacts[${i}]`, 'must be an object.');
    const name = obj(c, 'name', `contacts[${i}]`);
    str(name, 'formatted_name', `contacts[${i}].name`, 1000, true);
    for (const f of ['phones', 'emails', 'urls', 'addresses']) {
      if (c[f] !== undefined && !Array.isArray(c[f])) throw invalid(`contacts[${i}].${f}`, 'must be an array.');
    }
  });
}

/** Interactive kinds with their own checks (interactive-kinds.ts); button, list and cta_url are checked here. */
const OTHER_INTERACTIVE = new Set(Object.keys(INTERACTIVE_KINDS));

function interactive(m: JsonObject, supported: (kind: string) => boolean): void {
  const kind = m.type;
  if (kind === undefined) throw missing('interactive.type');
  if (kind !== 'button' && kind !== 'list' && kind !== 'cta_url' && !(typeof kind === 'string' && OTHER_INTERACTIVE.has(kind))) {
    throw invalid('interactive.type', `must be one of button, list, cta_url, ${[...OTHER_INTERACTIVE].join(', ')}.`);
  }
  if (!supported(kind)) throw new GraphError(131051, `Interactive messages of type ${kind} are not supported.`);
  if (OTHER_INTERACTIVE.has(kind)) return INTERACTIVE_KINDS[kind](m);
  const body = obj(m, 'body', 'interactive');
  str(body, 'text', 'interactive.body', kind === 'list' ? L.listBody : L.body, true);
  if (m.footer !== undefined) {
    if (!isObject(m.footer)) throw invalid('interactive.footer', 'must be an object.');
    str(m.footer, 'text', 'interactive.footer', L.footer, true);
  }
  if (m.header !== undefined) {
    if (!isObject(m.header)) throw invalid('interactive.header', 'must be an object.');
    if (m.header.type === 'text') str(m.header, 'text', 'interactive.header', L.header, true);
  }
  const action = obj(m, 'action', 'interactive');
  if (kind === 'button') {
    const buttons = arr(action, 'buttons', 'interactive.action', 1, L.buttons);
    const titles = new Set<string>();
    buttons.forEach((b, i) => {
      const p = `interactive.action.buttons[${i}]`;
      if (!isObject(b)) throw invalid(p, 'must be an object.');
      if (b.type !== 'reply') throw invalid(`${p}.type`, 'must be "reply".');
      const reply = obj(b, 'reply', p);
      const title = str(reply, 'title', `${p}.reply`, L.buttonTitle, true)!;
      str(reply, 'id', `${p}.reply`, L.buttonId, true);
      if (titles.has(title)) throw invalid(`${p}.reply.title`, 'must be unique among the buttons.');
      titles.add(title);
    });
  } else if (kind === 'list') {
    str(action, 'button', 'interactive.action', L.listButton, true);
    const sections = arr(action, 'sections', 'interactive.action', 1, L.sections);
    let rows = 0;
    sections.forEach((s, i) => {
      const p = `interactive.action.sections[${i}]`;
      if (!isObject(s)) throw invalid(p, 'must be an object.');
      str(s, 'title', p, L.sectionTitle, sections.length > 1);
      const list = arr(s, 'rows', p, 1, L.rows);
      rows += list.length;
      list.forEach((r, j) => {
        if (!isObject(r)) throw invalid(`${p}.rows[${j}]`, 'must be an object.');
        str(r, 'id', `${p}.rows[${j}]`, L.rowId, true);
        str(r, 'title', `${p}.rows[${j}]`, L.rowTitle, true);
        str(r, 'description', `${p}.rows[${j}]`, L.rowDescription, false);
      });
    });
    if (rows > L.rows) throw invalid('interactive.action.sections', `may hold at most ${L.rows} rows in total (got ${rows}).`);
  } else {
    if (action.name !== 'cta_url') throw invalid('interactive.action.name', 'must be "cta_url".');
    const parameters = obj(action, 'parameters', 'interactive.action');
    str(parameters, 'display_text', 'interactive.action.parameters', L.ctaText, true);
    const url = str(parameters, 'url', 'interactive.action.parameters', 2000, true)!;
    if (!HTTP_URL.test(url)) throw invalid('interactive.action.parameters.url', 'must be an http or https URL.');
  }
}

function template(m: JsonObject): void {
  const name = str(m, 'name', 'template', 512, true)!;
  if (!/^[a-z0-9_]+$/.test(name)) throw invalid('template.name', 'must be lower case letters, digits and underscores.');
  const language = obj(m, 'language', 'template');
  str(language, 'code', 'template.language', 15, true);
  if (m.components !== undefined) {
    if (!Array.isArray(m.components)) throw invalid('template.components', 'must be an array.');
    m.components.forEach((c, i) => {
      if (!isObject(c)) throw invalid(`template.components[${i}]`, 'must be an object.');
      str(c, 'type', `template.components[${i}]`, 32, true);
      if (c.parameters !== undefined && !Array.isArray(c.parameters)) throw invalid(`template.components[${i}].parameters`, 'must be an array.');
    });
  }
}

function reaction(m: JsonObject): void {
  str(m, 'message_id', 'reaction', 256, true);
  if (m.emoji === undefined) throw missing('reaction.emoji');
  if (typeof m.emoji !== 'string') throw invalid('reaction.emoji', 'must be a string.');
  // An empty emoji removes the reaction; otherwise one emoji.
  if (chars(m.emoji) > 10) throw invalid('reaction.emoji', 'must be a single emoji.');
}

function text(m: JsonObject): void {
  if (m.body === undefined) throw missing('text.body');
  if (typeof m.body !== 'string') throw invalid('text.body', 'must be a string.');
  const n = chars(m.body);
  if (n < 1 || n > TEXT_BODY_MAX) throw invalid('text.body', `must be 1 to ${TEXT_BODY_MAX} characters long (got ${n}).`);
  if (m.preview_url !== undefined && typeof m.preview_url !== 'boolean') throw invalid('text.preview_url', 'must be a boolean.');
}

/**
 * Checks `body[type]` for a send of `type`; returns the object to carry in
 * the content. Throws 131051 for a type this implementation does not send.
 */
export function messageObject(type: string, body: JsonObject, supported: (type: string) => boolean, interactiveSupported: (kind: string) => boolean = () => true): unknown {
  if (!KNOWN_TYPES.has(type) || !SUPPORTED_TYPES.includes(type) || !supported(type)) {
    throw new GraphError(131051, `Message type ${KNOWN_TYPES.has(type) ? type : 'unknown'} is not supported.`);
  }
  const v = body[type];
  if (v === undefined) throw missing(type);
  if (type === 'contacts') {
    contacts(v);
    return v;
  }
  if (!isObject(v)) throw invalid(type, 'must be an object.');
  if (type === 'text') text(v);
  else if (MEDIA.has(type)) media(type, v);
  else if (type === 'location') location(v);
  else if (type === 'interactive') interactive(v, interactiveSupported);
  else if (type === 'template') template(v);
  else if (type === 'reaction') reaction(v);
  return v;
}
