// Every outbound message type a business sends with POST /{phone-number-id}/messages,
// within the documented limits (docs/cloud-api-rules.md#limits-per-message-type). A message is the `type`
// and the object named by it, exactly what the consumer must decrypt
// (PROTOCOL.md §7), plus an optional reply context.

import fc from 'fast-check';
import { mediaMessage } from './media-message.ts';
import { locationMessage } from './location-message.ts';
import { contactsMessage } from './contacts-message.ts';
import { interactiveMessage } from './interactive-message.ts';
import { templateMessage } from './template-message.ts';
import { reactionMessage } from './reaction-message.ts';
import { textBody } from './text-body.ts';
import type { OutboundMessage } from './outbound-shape.ts';


export const OUTBOUND_TYPES = ['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'] as const;
export type OutboundType = (typeof OUTBOUND_TYPES)[number];

export interface OutboundMessageConstraints {
  /** Only these types (default: all). */
  types?: readonly OutboundType[];
  /** Message ids a reply may quote or a reaction may target; without them, no context and made-up reaction targets. */
  replyTo?: readonly string[];
}

export function textMessage(): fc.Arbitrary<OutboundMessage> {
  return fc.record({ body: textBody({ maxLength: 600 }), preview_url: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['body'] }).map((text) => ({ type: 'text', payload: text }));
}

export function outboundMessage(constraints: OutboundMessageConstraints = {}): fc.Arbitrary<OutboundMessage> {
  const types = constraints.types ?? OUTBOUND_TYPES;
  if (types.length === 0 || types.some((t) => !OUTBOUND_TYPES.includes(t))) throw new RangeError(`outboundMessage: types must be some of ${OUTBOUND_TYPES.join(', ')}`);
  const ids = constraints.replyTo ?? [];
  const byType: Record<OutboundType, () => fc.Arbitrary<OutboundMessage>> = {
    text: textMessage,
    image: () => mediaMessage({ types: ['image'] }),
    audio: () => mediaMessage({ types: ['audio'] }),
    video: () => mediaMessage({ types: ['video'] }),
    document: () => mediaMessage({ types: ['document'] }),
    sticker: () => mediaMessage({ types: ['sticker'] }),
    location: locationMessage,
    contacts: contactsMessage,
    interactive: interactiveMessage,
    template: templateMessage,
    reaction: () => reactionMessage(ids.length > 0 ? { messageIds: ids } : {}),
  };
  const message = fc.oneof(...types.map((t) => byType[t]()));
  if (ids.length === 0) return message;
  return fc
    .tuple(message, fc.option(fc.constantFrom(...ids), { nil: undefined }))
    .map(([m, reply]) => (reply === undefined || m.type === 'reaction' ? m : { ...m, context: { message_id: reply } }));
}

/** The Graph API request body that sends `m` to `to`. */
export function sendBody(to: string, m: OutboundMessage): Record<string, unknown> {
  const body: Record<string, unknown> = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: m.type, [m.type]: m.payload };
  if (m.context) body.context = m.context;
  return body;
}
