// Blocking users: POST, DELETE and GET /{phone-number-id}/block_users
// (Meta's OpenAPI description, operations blockUserS, unblockUserS, getBlockedUsers).

import type { TargetResponse } from '../target-client.ts';
import { bearer, type GraphAuth, type GraphCaller, type GraphRequester } from './caller.ts';

export class BlockUsersEndpoints {
  constructor(private readonly graph: GraphRequester) {}

  /** Blocks `users` (phone numbers as the API takes them, e.g. "+447700900123"). */
  block(caller: GraphCaller, users: readonly string[], auth: GraphAuth = {}): Promise<TargetResponse> {
    return this.#change('POST', caller, users, auth);
  }

  /** Unblocks `users`: the same body as block, with DELETE. */
  unblock(caller: GraphCaller, users: readonly string[], auth: GraphAuth = {}): Promise<TargetResponse> {
    return this.#change('DELETE', caller, users, auth);
  }

  /** The numbers the business blocked: {"data": [{"wa_id", …}], "paging"}. */
  list(caller: GraphCaller, auth: GraphAuth = {}): Promise<TargetResponse> {
    return this.graph.request('GET', this.#path(caller), { headers: bearer(caller, auth) });
  }

  #change(method: 'POST' | 'DELETE', caller: GraphCaller, users: readonly string[], auth: GraphAuth): Promise<TargetResponse> {
    return this.graph.request(method, this.#path(caller), {
      headers: bearer(caller, auth),
      json: { messaging_product: 'whatsapp', block_users: users.map((user) => ({ user })) },
    });
  }

  #path(caller: GraphCaller): string {
    return `/${this.graph.version}/${caller.phoneNumberId}/block_users`;
  }
}
