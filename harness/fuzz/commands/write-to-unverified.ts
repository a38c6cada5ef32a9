import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { consumer, readConsumer } from '../command-args.ts';

/**
 * A consumer writes to the run's business whose callback answered the
 * verification handshake wrongly: the target may take the envelope, but
 * that callback was never activated, so no webhook may reach it.
 */
export class WriteToUnverifiedCommand implements DataCommand {
  static readonly command = 'writeToUnverified';
  constructor(
    readonly consumer: number,
    readonly body: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    if (!r.unverified) return;
    await r.consumers[this.consumer]!.send(r.unverified.waId, { v: 0, type: 'text', text: { body: `${this.body} ${r.canary}` } });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'writeToUnverified', args: { consumer: this.consumer, body: this.body } };
  }
  toString(): string {
    return `writeToUnverified(c${this.consumer}, ${JSON.stringify(this.body.slice(0, 30))})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: WriteToUnverifiedCommand.command,
  position: 29,
  requires: ['webhooks.verification', 'transport.signal'],
  weight: 6,
  arbitrary: () => fc.tuple(consumer, textBody({ maxLength: 60 })).map(([c, t]) => new WriteToUnverifiedCommand(c, t)),
  fromData: (a) => new WriteToUnverifiedCommand(readConsumer(a), a.str('body')),
};
