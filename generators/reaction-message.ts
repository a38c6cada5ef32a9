// Reactions: an emoji (or "" to remove one) on a message id.

import fc from 'fast-check';
import type { OutboundMessage } from './outbound-shape.ts';

export interface ReactionMessageConstraints {
  /** Ids to react to; default made-up wamids. */
  messageIds?: readonly string[];
}

const EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏', '👩‍👩‍👧‍👦', '🇧🇷', ''];

export function reactionMessage({ messageIds }: ReactionMessageConstraints = {}): fc.Arbitrary<OutboundMessage> {
  if (messageIds !== undefined && messageIds.length === 0) throw new RangeError('reactionMessage: messageIds must not be empty');
  const id = messageIds ? fc.constantFrom(...messageIds) : fc.base64String({ minLength: 24, maxLength: 24 }).map((s) => `wamid.${s.replace(/[+/=]/g, 'A')}`);
  return fc.tuple(id, fc.constantFrom(...EMOJI)).map(([message_id, emoji]) => ({ type: 'reaction', payload: { message_id, emoji } }));
}
