import { expect } from '../../core/expect.ts';
import { expectDecryptedByConsumer } from '../../verify/consumer-receive.ts';
import { settleForwarded, timesForwarded } from '../../verify/inbound-forwarded.ts';
import { expectSendAccepted } from '../../verify/send-response.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';

/**
 * A newcomer and a new number talk both ways, the target restarts, and the
 * same session carries on both ways: the consumer's next (ratcheted) message
 * is forwarded once and the business's answer decrypts (PROTOCOL §12).
 */
export class RestartSessionCommand implements DataCommand {
  static readonly command = 'restartSession';
  constructor(readonly body: string) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const world = r.world;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const exchange = async (when: string) => {
      const sent = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: `${this.body} ${when} ${r.canary}` } });
      const events = await settleForwarded(world, business, [sent.id]);
      expect(timesForwarded(events, sent.id) === 1, `the consumer's message ${when} the restart was not forwarded once`, 'a messages webhook for it, once', `forwarded ${timesForwarded(events, sent.id)} times`);
      const out = expectSendAccepted(await world.graph.sendText(business, consumer.waId, `answer ${when} ${r.canary}`), consumer.waId);
      await expectDecryptedByConsumer(world, consumer, out);
    };
    await exchange('before');
    await world.restart();
    await exchange('after');
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'restartSession', args: { body: this.body } };
  }
  toString(): string {
    return `restartSession(a newcomer and a new number both ways, restart, both ways again)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: RestartSessionCommand.command,
  position: 34,
  requires: ['control.restart', 'webhooks'],
  // 75–135 ms a step.
  weight: 2,
  arbitrary: () => textBody({ maxLength: 40 }).map((t) => new RestartSessionCommand(t)),
  fromData: (a) => new RestartSessionCommand(a.str('body')),
};
