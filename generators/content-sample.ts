// One message's content as both directions carry it: the Graph API `type` and
// the object named by it (PROTOCOL.md §7). Every type both directions of the
// target support belongs in CONTENT_KINDS; cases that promise "every message
// type" draw from it, so a new type plugs in with one line here.

import fc from 'fast-check';
import { textBody } from './text-body.ts';

export interface ContentSample {
  type: string;
  payload: Record<string, unknown>;
}

/** Payload arbitraries by message type. Only `text` is served by every v0 target. */
export const CONTENT_KINDS: Readonly<Record<string, fc.Arbitrary<Record<string, unknown>>>> = {
  text: textBody({ maxLength: 600 }).map((body) => ({ body })),
};

export interface ContentSampleConstraints {
  /** Draw only these types (default: every type in CONTENT_KINDS). */
  types?: readonly string[];
}

export function contentSample(constraints: ContentSampleConstraints = {}): fc.Arbitrary<ContentSample> {
  const types = constraints.types ?? Object.keys(CONTENT_KINDS);
  const unknown = types.filter((t) => !(t in CONTENT_KINDS));
  if (types.length === 0 || unknown.length > 0) throw new Error(`contentSample: unknown or no types: ${unknown.join(', ') || '(none)'}`);
  return fc.oneof(...types.map((type) => CONTENT_KINDS[type].map((payload) => ({ type, payload }))));
}

/** The Signal plaintext a consumer sends for a sample (PROTOCOL.md §7). */
export const contentObject = (s: ContentSample): Record<string, unknown> => ({ v: 0, type: s.type, [s.type]: s.payload });

/** The Graph API send request for a sample. */
export const sendRequest = (to: string, s: ContentSample): Record<string, unknown> => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: s.type,
  [s.type]: s.payload,
});
