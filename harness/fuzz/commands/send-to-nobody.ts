import { expectSendAccepted } from '../../verify/send-response.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { touch, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';

/** A template to a number nobody registered on the transport: accepted, then only `failed`, with errors. */
export class SendToNobodyCommand implements DataCommand {
  static readonly command = 'sendToNobody';
  constructor(
    readonly business: number,
    readonly number: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const res = await r.world.graph.sendTemplate(r.businesses[this.business]!, this.number);
    const id = expectSendAccepted(res, this.number, this.number);
    m.outbound.set(id, { business: this.business, consumer: -1, at: m.nowMs, inWindow: false, mustFail: 'to a number nobody registered on the transport' });
    touch(m, id);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'sendToNobody', args: { business: this.business, number: this.number } };
  }
  toString(): string {
    return `sendToNobody(b${this.business} → ${this.number})`;
  }
}
