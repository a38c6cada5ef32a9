// The secrets the RET and LOC cases search the target's storage dump for
// (with scanStorage of ./retention.ts): a consumer's phone number, content,
// and the id of a message that must be gone.

import type { Secret } from '../leak/scan.ts';

export const phone = (waId: string, label = 'consumer phone'): Secret => ({ value: waId, kind: 'phone', label });
export const canary = (value: string, label = 'content'): Secret => ({ value, kind: 'content', label });
/** A message id is no secret, but nothing about a purged message may survive: searched like content. */
export const messageId = (id: string): Secret => ({ value: id, kind: 'content', label: `message ${id}` });
