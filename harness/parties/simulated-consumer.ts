// A consumer without Signal: its messages reach the target in plaintext
// through the simulation surface or an adapter (PROTOCOL.md §14), as the
// webhook's message object the harness wants to see delivered.

import { HarnessError } from '../core/errors.ts';
import { newMessageId } from './consumer.ts';
import type { ConsumerParty, Written } from './consumer-party.ts';
import type { SimulatedBusiness, Simulation } from '../target/simulation.ts';

export class SimulatedConsumer implements ConsumerParty {
  readonly path: 'simulation' | 'adapter';
  /** The name the webhook's contacts[0].profile carries. */
  readonly profileName: string;

  constructor(
    readonly waId: string,
    private readonly simulation: Simulation,
    /** The business a WhatsApp id names, among the world's. */
    private readonly businessOf: (waId: string) => SimulatedBusiness | undefined,
  ) {
    this.path = simulation.path;
    this.profileName = `Consumer ${waId.slice(-4)}`;
  }

  async write(businessWaId: string, content: unknown, id = newMessageId()): Promise<Written> {
    const answer = await this.simulation.deliver({ business: this.#business(businessWaId), from: this.waId, profileName: this.profileName, message: webhookMessage(content, id) });
    return { id: answer.id, via: answer.via, ...(answer.refusal !== undefined ? { refusal: answer.refusal } : {}) };
  }

  async acknowledge(type: 'delivered' | 'read', businessWaId: string, messageIds: string[]): Promise<void> {
    await this.simulation.receipt({ business: this.#business(businessWaId), from: this.waId, status: type, messageIds });
  }

  #business(waId: string): SimulatedBusiness {
    const b = this.businessOf(waId);
    if (!b) throw new HarnessError('HARNESS_INTERNAL', `no business ${waId} in this world for a simulated consumer to write to`);
    return b;
  }
}

/**
 * The webhook's message object for a content object of PROTOCOL.md §7: the
 * same type and object, a reply's `context.message_id` as the webhook's
 * `context.id`; `from` and `timestamp` are the target's to set.
 */
export function webhookMessage(content: unknown, id: string): { id: string; type: string; [member: string]: unknown } {
  const c = (typeof content === 'object' && content !== null ? content : {}) as Record<string, unknown>;
  const { v: _v, context, ...rest } = c;
  const type = typeof rest.type === 'string' ? rest.type : 'text';
  const message: { id: string; type: string; [member: string]: unknown } = { ...rest, id, type };
  const replyTo = (context as { message_id?: unknown } | undefined)?.message_id;
  if (typeof replyTo === 'string') message.context = { id: replyTo };
  return message;
}
