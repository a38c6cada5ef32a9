// A message of a type that carries free text, with one canary planted in every
// free-text field: text bodies, media captions, document filenames, location
// names and addresses, contact names, interactive bodies, headers, footers,
// buttons and rows, template parameters, and the consumer's button and list
// replies. Both directions: what a business sends (the Graph API `type` and its
// object, docs/cloud-api-rules.md#send-request) and what a consumer sends (PROTOCOL.md §7). Each
// field stays within its documented limit (code points).

import fc from 'fast-check';
import { canary } from './canary.ts';
import { outboundMessage, type OutboundType } from './outbound-message.ts';
import { inboundContent, type INBOUND_TYPES } from './inbound-content.ts';

/** Outbound types with a free-text field (audio, sticker and reaction have none). */
export const OUTBOUND_TEXT_TYPES = ['text', 'image', 'video', 'document', 'location', 'contacts', 'interactive', 'template'] as const;
/** Inbound types with a free-text field. */
export const INBOUND_TEXT_TYPES = ['text', 'image', 'video', 'document', 'location', 'contacts', 'button', 'interactive'] as const;

export type CanaryDirection = 'outbound' | 'inbound';

export interface CanaryMessageConstraints {
  direction: CanaryDirection;
  /** Only these types (default: every type of the direction with free text). */
  types?: readonly string[];
}

export interface CanaryMessage {
  direction: CanaryDirection;
  type: string;
  /** The object named by `type` (an array for contacts), as the Graph API request or the Signal plaintext carries it. */
  payload: unknown;
  canary: string;
  /** Where the canary was planted, as JSON paths under the payload (`caption`, `[0].name.formatted_name`). */
  fields: string[];
}

type Json = Record<string, unknown>;

/** `s` cut so that a space and the canary fit in `max` code points, then the canary. */
function planted(s: unknown, c: string, max: number): string {
  const keep = max - c.length - 1;
  const prefix = typeof s === 'string' && keep > 0 ? Array.from(s).slice(0, keep).join('') : '';
  return prefix === '' ? c : `${prefix} ${c}`;
}

/** Plants `c` at `path` (objects created as needed) within `max` code points; records where. */
function plant(root: unknown, path: (string | number)[], c: string, max: number, fields: string[]): void {
  let node = root as Json;
  for (const step of path.slice(0, -1)) {
    const next = (node as Record<string | number, unknown>)[step];
    if (typeof next !== 'object' || next === null) (node as Record<string | number, unknown>)[step] = {};
    node = (node as Record<string | number, unknown>)[step] as Json;
  }
  const last = path.at(-1)!;
  (node as Record<string | number, unknown>)[last] = planted((node as Record<string | number, unknown>)[last], c, max);
  fields.push(path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '['));
}

/** The types whose payload has the same shape both ways; false when the type is not one of them. */
function plantCommon(type: string, p: Json, c: string, fields: string[]): boolean {
  switch (type) {
    case 'text':
      plant(p, ['body'], c, 4096, fields);
      return true;
    case 'image':
    case 'video':
      plant(p, ['caption'], c, 1024, fields);
      return true;
    case 'document':
      plant(p, ['caption'], c, 1024, fields);
      p.filename = `${c}.pdf`;
      fields.push('filename');
      return true;
    case 'location':
      plant(p, ['name'], c, 100, fields);
      plant(p, ['address'], c, 200, fields);
      return true;
    case 'contacts':
      for (let i = 0; i < (p as unknown as Json[]).length; i++) plant(p, [i, 'name', 'formatted_name'], c, 60, fields);
      return true;
    default:
      return false;
  }
}

function plantOutbound(type: string, p: Json, c: string, fields: string[]): void {
  if (plantCommon(type, p, c, fields)) return;
  switch (type) {
    case 'interactive': {
      plant(p, ['body', 'text'], c, 1024, fields);
      if (p.footer) plant(p, ['footer', 'text'], c, 60, fields);
      if (p.header) plant(p, ['header', 'text'], c, 60, fields);
      if (p.type === 'button') plant(p, ['action', 'buttons', 0, 'reply', 'title'], c, 20, fields);
      else if (p.type === 'list') {
        plant(p, ['action', 'sections', 0, 'rows', 0, 'title'], c, 24, fields);
        plant(p, ['action', 'sections', 0, 'rows', 0, 'description'], c, 72, fields);
      } else plant(p, ['action', 'parameters', 'display_text'], c, 20, fields);
      return;
    }
    case 'template': {
      const components = (p.components as Json[] | undefined) ?? [];
      if (components.length === 0) p.components = [{ type: 'body', parameters: [{ type: 'text', text: '' }] }];
      const params = (p.components as Json[])[0]!.parameters as Json[];
      for (let i = 0; i < params.length; i++) plant(p, ['components', 0, 'parameters', i, 'text'], c, 60, fields);
      return;
    }
    default:
      throw new RangeError(`canaryMessage: outbound type ${type} carries no free text`);
  }
}

function plantInbound(type: string, p: Json, c: string, fields: string[]): void {
  if (plantCommon(type, p, c, fields)) return;
  switch (type) {
    case 'button':
      return plant(p, ['text'], c, 60, fields);
    case 'interactive':
      if (p.type === 'button_reply') return plant(p, ['button_reply', 'title'], c, 20, fields);
      plant(p, ['list_reply', 'title'], c, 24, fields);
      return plant(p, ['list_reply', 'description'], c, 72, fields);
    default:
      throw new RangeError(`canaryMessage: inbound type ${type} carries no free text`);
  }
}

export function canaryMessage(constraints: CanaryMessageConstraints): fc.Arbitrary<CanaryMessage> {
  const { direction } = constraints;
  const all: readonly string[] = direction === 'outbound' ? OUTBOUND_TEXT_TYPES : direction === 'inbound' ? INBOUND_TEXT_TYPES : [];
  if (all.length === 0) throw new RangeError(`canaryMessage: direction must be outbound or inbound (got ${String(direction)})`);
  const types = constraints.types ?? all;
  const unknown = types.filter((t) => !all.includes(t));
  if (types.length === 0 || unknown.length > 0) throw new RangeError(`canaryMessage: ${direction} types must be some of ${all.join(', ')} (got ${unknown.join(', ') || 'none'})`);
  const base: fc.Arbitrary<{ type: string; payload: unknown }> =
    direction === 'outbound'
      ? outboundMessage({ types: types as OutboundType[] }).map((m) => ({ type: m.type, payload: m.payload }))
      : inboundContent({ types: types as (typeof INBOUND_TYPES)[number][] }).map((m) => ({ type: m.type, payload: m[m.type] }));
  // A shrunk canary says nothing more than the one found: only the message shrinks.
  return fc.tuple(base, fc.noShrink(canary())).map(([m, c]) => {
    // A deep copy: fast-check may hand the same value to a later run while shrinking.
    const payload = structuredClone(m.payload) as Json;
    const fields: string[] = [];
    (direction === 'outbound' ? plantOutbound : plantInbound)(m.type, payload, c, fields);
    return { direction, type: m.type, payload, canary: c, fields };
  });
}
