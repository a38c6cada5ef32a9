import { expectSendAccepted } from '../../verify/send-response.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { touch, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';

/** A template to a number nobody registered on the transport: accepted, then only `failed`, with errors. */
export class SendToNobodyCommand implements DataCommand {
  static readonly command = 'sendToNobody';
  constructor(
    readonly business: number,
    readonly number: string,
    /** Writes `to` with a leading '+': the answer's wa_id has none. */
    readonly plus: boolean,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const to = this.plus ? `+${this.number}` : this.number;
    const res = await r.world.graph.sendTemplate(r.businesses[this.business]!, to);
    const id = expectSendAccepted(res, to, this.number);
    m.outbound.set(id, { business: this.business, consumer: -1, at: m.nowMs, inWindow: false, mustFail: 'to a number nobody registered on the transport' });
    touch(m, id);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'sendToNobody', args: { business: this.business, number: this.number, plus: this.plus } };
  }
  toString(): string {
    return `sendToNobody(b${this.business} → ${this.plus ? '+' : ''}${this.number})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: SendToNobodyCommand.command,
  position: 11,
  requires: ['webhooks'],
  weight: 6,
  arbitrary: () => fc.tuple(business, fc.stringMatching(/^[1-9][0-9]{10,13}$/), fc.boolean()).map(([b, n, plus]) => new SendToNobodyCommand(b, n, plus)),
  fromData: (a) => new SendToNobodyCommand(readBusiness(a), a.str('number'), a.bool('plus')),
};
