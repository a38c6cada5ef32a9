// The answer of GET /{phone-number-id}/block_users (OpenAPI, operation
// getBlockedUsers): {"data":[{"messaging_product":"whatsapp","wa_id":"…"}],…}.
// Which numbers it lists, read leniently: a `wa_id` or `input` of each entry,
// with or without the leading +.

import type { TargetResponse } from '../target/target-client.ts';

export interface BlockedList {
  /** The numbers this page names, digits only. */
  numbers: string[];
  /** Whether the answer points to a further page (`paging.next`): a number not on this one may be on it. */
  more: boolean;
}

/** The numbers one page of the list names, or undefined when the answer is not a 200 with a `data` array. */
export function listedBlockedUsers(res: TargetResponse): BlockedList | undefined {
  const data = (res.json as { data?: unknown } | undefined)?.data;
  if (res.status !== 200 || !Array.isArray(data)) return undefined;
  const numbers: string[] = [];
  for (const entry of data) {
    if (typeof entry !== 'object' || entry === null) continue;
    for (const key of ['wa_id', 'input'] as const) {
      const v = (entry as Record<string, unknown>)[key];
      if (typeof v === 'string') numbers.push(v.replace(/^\+/, ''));
    }
  }
  const paging = (res.json as { paging?: { next?: unknown } }).paging;
  return { numbers, more: typeof paging?.next === 'string' };
}
