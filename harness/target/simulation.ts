// The two acts of a simulated consumer (PROTOCOL.md §14): a message reaches
// the target in plaintext, and the consumer's phone acknowledges messages.
// The protocol's control plane does them over HTTP; an adapter does them
// through a server's own API (adapter.ts).

import type { TargetClient, TargetResponse } from './target-client.ts';
import { CONTROL_DEADLINES_MS } from './control-plane.ts';
import { HarnessError, bodyExcerpt } from '../core/errors.ts';

/** The business a simulated message is for, as the harness provisioned it. */
export interface SimulatedBusiness {
  wabaId: string;
  phoneNumberId: string;
  waId: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string;
  verifyToken: string;
}

export interface SimulatedMessage {
  business: SimulatedBusiness;
  from: string;
  profileName: string;
  /** The webhook's message object as it should appear: id, type and the object named by type (context as {id}). */
  message: { id: string; type: string; [member: string]: unknown };
}

/** Whether the target took a simulated message, and under which id. */
export interface SimulationAnswer {
  /** The id the message carries in its webhook. */
  id: string;
  via: string;
  refusal?: string;
}

export interface Simulation {
  /** `simulation` for the protocol's surface, `adapter` for a user's module. */
  readonly path: 'simulation' | 'adapter';
  deliver(m: SimulatedMessage): Promise<SimulationAnswer>;
  receipt(r: { business: SimulatedBusiness; from: string; status: 'delivered' | 'read'; messageIds: string[] }): Promise<void>;
}

const BASE = '/conformance/v0/simulate';

/** The simulation surface of a target declaring `simulate`, on its control plane. */
export class ProtocolSimulation implements Simulation {
  readonly path = 'simulation' as const;

  constructor(
    private readonly client: TargetClient,
    private readonly token: string | undefined,
  ) {}

  #headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async deliver(m: SimulatedMessage): Promise<SimulationAnswer> {
    const via = `POST ${BASE}/messages`;
    const res = await this.client.request('control', 'POST', `${BASE}/messages`, {
      headers: this.#headers(),
      json: { phone_number_id: m.business.phoneNumberId, from: m.from, profile_name: m.profileName, message: m.message },
      deadlineMs: CONTROL_DEADLINES_MS.other,
    });
    if (res.status !== 200) return { id: m.message.id, via, refusal: answered(res) };
    const id = (res.json as { id?: unknown } | undefined)?.id;
    return { id: typeof id === 'string' && id !== '' ? id : m.message.id, via };
  }

  async receipt(r: { business: SimulatedBusiness; from: string; status: 'delivered' | 'read'; messageIds: string[] }): Promise<void> {
    const res = await this.client.request('control', 'POST', `${BASE}/receipts`, {
      headers: this.#headers(),
      json: { phone_number_id: r.business.phoneNumberId, from: r.from, status: r.status, message_ids: r.messageIds },
      deadlineMs: CONTROL_DEADLINES_MS.other,
    });
    if (res.status !== 200) {
      throw new HarnessError('HARNESS_TARGET_PROTOCOL', `Target ${this.client.baseUrl} answered POST ${BASE}/receipts with ${answered(res)}, expected 200 (PROTOCOL.md §14)`);
    }
  }
}

function answered(res: TargetResponse): string {
  const body = bodyExcerpt(res.body);
  return `HTTP ${res.status}${body ? `: ${body}` : ''}`;
}
