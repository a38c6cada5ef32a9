// The shape rules of a send body, as Meta's Messages reference states them:
// a missing member is 131008, a wrong value 131009, an unknown type 131051.
// Anything the rules do not mention is accepted as it is.

import { GraphError, isObject } from './http.ts';

type Payload = Record<string, unknown>;
/** A broken rule: `missing` or `invalid`, and what it is about. */
type Problem = ['missing' | 'invalid', string] | undefined;

const chars = (v: unknown): number => (typeof v === 'string' ? [...v].length : -1);
const str = (v: unknown, what: string, max: number, min = 1): Problem =>
  v === undefined ? ['missing', what] : typeof v !== 'string' || chars(v) < min || chars(v) > max ? ['invalid', `${what} must be a string of ${min} to ${max} characters`] : undefined;
const first = (...problems: Problem[]): Problem => problems.find((p) => p !== undefined);

function media(p: Payload, captioned: boolean): Problem {
  if (p.id !== undefined && p.link !== undefined) return ['invalid', 'give either id or link, not both'];
  if (p.id === undefined && p.link === undefined) return ['missing', 'id or link'];
  if (p.link !== undefined && (typeof p.link !== 'string' || !/^https?:\/\/\S+$/i.test(p.link))) return ['invalid', 'link must be an http or https URL'];
  if (p.id !== undefined && typeof p.id !== 'string') return ['invalid', 'id must be a string'];
  return captioned && p.caption !== undefined ? str(p.caption, 'caption', 1024, 0) : undefined;
}

function coordinate(v: unknown, what: string, limit: number): Problem {
  if (v === undefined) return ['missing', what];
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > limit ? ['invalid', `${what} must be between -${limit} and ${limit}`] : undefined;
}

function buttons(action: Payload): Problem {
  const list = action.buttons;
  if (!Array.isArray(list) || list.length < 1 || list.length > 3) return ['invalid', 'action.buttons must hold 1 to 3 buttons'];
  const titles = list.map((b) => (isObject(b) && isObject(b.reply) ? b.reply.title : undefined));
  if (new Set(titles).size !== titles.length) return ['invalid', 'button titles must be unique'];
  return first(...list.map((b, i) => (isObject(b) && isObject(b.reply) ? first(str(b.reply.title, `button ${i} title`, 20), str(b.reply.id, `button ${i} id`, 256)) : ['missing', `buttons[${i}].reply`] as Problem)));
}

function list(action: Payload): Problem {
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return ['invalid', 'action.sections must hold 1 to 10 sections'];
  const rows = sections.flatMap((s) => (isObject(s) && Array.isArray(s.rows) ? s.rows : [undefined]));
  if (rows.length > 10) return ['invalid', 'a list holds at most 10 rows in all'];
  const row = (r: unknown, i: number): Problem =>
    isObject(r) ? first(str(r.title, `row ${i} title`, 24), str(r.id, `row ${i} id`, 200), r.description === undefined ? undefined : str(r.description, `row ${i} description`, 72)) : ['missing', `row ${i}`];
  return first(str(action.button, 'action.button', 20), ...rows.map(row));
}

function interactive(p: Payload): Problem {
  if (p.type === undefined) return ['missing', 'interactive.type'];
  if (!isObject(p.action)) return ['missing', 'interactive.action'];
  if (p.type === 'button') return buttons(p.action);
  if (p.type === 'list') return list(p.action);
  return typeof p.type === 'string' ? undefined : ['invalid', 'interactive.type must be a string'];
}

function contacts(cards: unknown): Problem {
  if (!Array.isArray(cards) || cards.length === 0) return ['invalid', 'contacts must be a non-empty array'];
  return first(...cards.map((c, i) => (isObject(c) && isObject(c.name) && typeof c.name.formatted_name === 'string' ? undefined : (['missing', `contacts[${i}].name.formatted_name`] as Problem))));
}

const RULES: Record<string, (p: Payload) => Problem> = {
  text: (p) => str(p.body, 'text.body', 4096),
  image: (p) => media(p, true),
  video: (p) => media(p, true),
  document: (p) => media(p, true),
  audio: (p) => media(p, false),
  sticker: (p) => media(p, false),
  location: (p) => first(coordinate(p.latitude, 'latitude', 90), coordinate(p.longitude, 'longitude', 180)),
  interactive,
  template: (p) => first(str(p.name, 'template.name', 512), isObject(p.language) ? str(p.language.code, 'template.language.code', 20) : ['missing', 'template.language']),
  reaction: (p) => first(str(p.message_id, 'reaction.message_id', 256), p.emoji === undefined || typeof p.emoji === 'string' ? undefined : ['invalid', 'reaction.emoji must be a string']),
};

/** Digits, optionally one leading "+", with the spaces, hyphens and brackets Meta documents as supported. */
export const recipientDigits = (to: string): string | undefined => /^\+?\d{7,15}$/.test(to.replace(/[ ()-]/g, '')) ? to.replace(/\D/g, '') : undefined;

function problemOf(body: Payload): Problem {
  if (body.messaging_product === undefined) return ['missing', 'messaging_product'];
  if (body.messaging_product !== 'whatsapp') return ['invalid', 'messaging_product must be "whatsapp"'];
  if (body.to === undefined) return ['missing', 'to'];
  if (typeof body.to !== 'string' || recipientDigits(body.to) === undefined) return ['invalid', 'to is not a phone number'];
  if (body.biz_opaque_callback_data !== undefined && chars(body.biz_opaque_callback_data) < 0) return ['invalid', 'biz_opaque_callback_data must be a string'];
  if (chars(body.biz_opaque_callback_data) > 512) return ['invalid', 'biz_opaque_callback_data is at most 512 characters'];
  if (body.context !== undefined && !(isObject(body.context) && typeof body.context.message_id === 'string')) return ['invalid', 'context.message_id must be a string'];
  const type = body.type ?? 'text';
  const payload = body[type as string];
  if (payload === undefined) return ['missing', String(type)];
  if (type === 'contacts') return contacts(payload);
  const rule = Object.hasOwn(RULES, type as string) ? RULES[type as string] : undefined;
  return rule === undefined ? ['invalid', `type ${String(type)}`] : isObject(payload) ? rule(payload) : ['invalid', `${String(type)} must be an object`];
}

/** The Graph error a send body earns, or undefined when it may be sent. */
export function validateSend(body: Payload): GraphError | undefined {
  const type = body.type ?? 'text';
  if (body.messaging_product === 'whatsapp' && typeof body.to === 'string' && (typeof type !== 'string' || (type !== 'contacts' && !Object.hasOwn(RULES, type)))) {
    return new GraphError(400, 131051, 'Unsupported message type', `message type ${JSON.stringify(type)} is not supported`);
  }
  const problem = problemOf(body);
  if (problem === undefined) return undefined;
  const [kind, what] = problem;
  return kind === 'missing'
    ? new GraphError(400, 131008, 'Required parameter is missing', `${what} is required`)
    : new GraphError(400, 131009, 'Parameter value is not valid', what);
}
