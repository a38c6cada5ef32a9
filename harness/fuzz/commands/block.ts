import { expect } from '../../core/expect.ts';
import { expectGraphError } from '../../verify/graph-error.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { type FuzzModel, type FuzzReal, consumerWrites } from '../model.ts';
import { judgeSend } from '../send-rules.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/**
 * A business blocks or unblocks a consumer (Graph `block_users`). Blocking
 * comes right after the consumer wrote (so the window is open and only the
 * block can stop a send) and is followed by a send that must be refused or fail.
 */
export class BlockCommand implements DataCommand {
  static readonly command = 'block';
  constructor(
    readonly business: number,
    readonly consumer: number,
    readonly on: boolean,
  ) {}
  check(m: FuzzModel): boolean {
    return m.blocked.has(`${this.business}:${this.consumer}`) !== this.on;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const b = r.businesses[this.business]!;
    const consumer = r.consumers[this.consumer]!;
    if (this.on) {
      const body = `before the block ${r.canary}`;
      await consumerWrites(m, r, this.business, this.consumer, body);
      await r.world.settle();
    }
    const users = [`+${consumer.waId}`];
    const res = await (this.on ? r.world.graph.blockUsers.block(b, users) : r.world.graph.blockUsers.unblock(b, users));
    const key = `${this.business}:${this.consumer}`;
    if (this.on) {
      // A target may refuse to block someone who has not written lately: a Graph error, and nothing changes.
      if (res.status !== 200) expectGraphError(res, { because: 'blocking a consumer' });
      else {
        m.blocked.add(key);
        m.everBlocked.add(this.consumer);
        const body = `while blocked ${r.canary}`;
        judgeSend(m, { business: this.business, consumer: this.consumer, template: false, to: consumer.waId, waId: consumer.waId }, await r.world.graph.sendText(b, consumer.waId, body), { body });
      }
    } else {
      expect(res.status === 200, 'unblocking a blocked consumer did not succeed', '200', showResponse(res.status, res.body));
      m.blocked.delete(key);
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'block', args: { business: this.business, consumer: this.consumer, on: this.on } };
  }
  toString(): string {
    return `${this.on ? 'block' : 'unblock'}(b${this.business}, c${this.consumer})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: BlockCommand.command,
  position: 20,
  requires: ['graph.block-users'],
  weight: 4,
  arbitrary: () => fc.tuple(business, consumer, fc.boolean()).map(([b, c, on]) => new BlockCommand(b, c, on)),
  fromData: (a) => new BlockCommand(readBusiness(a), readConsumer(a), a.bool('on')),
};
