// The Graph API as a business calls it.

import type { TargetClient, TargetResponse } from './target-client.ts';

export interface GraphCaller {
  phoneNumberId: string;
  accessToken: string;
}

export class GraphApi {
  constructor(
    private readonly client: TargetClient,
    readonly version: string,
  ) {}

  sendMessage(caller: GraphCaller, body: unknown, headers: Record<string, string> = {}): Promise<TargetResponse> {
    return this.client.request('graph', 'POST', `/${this.version}/${caller.phoneNumberId}/messages`, {
      headers: { authorization: `Bearer ${caller.accessToken}`, ...headers },
      json: body,
    });
  }

  /** A text message as documented for POST /{phone-number-id}/messages. */
  sendText(caller: GraphCaller, to: string, body: string): Promise<TargetResponse> {
    return this.sendMessage(caller, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });
  }
}
