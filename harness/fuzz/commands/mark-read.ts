import { expect } from '../../core/expect.ts';
import { expectGraphError } from '../../verify/graph-error.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { touch, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';
import { RETENTION_MS } from '../../core/durations.ts';

/**
 * The business marks a message read: one the consumer sent (must succeed while
 * it is kept), or one of its own (must be refused).
 */
export class MarkReadCommand implements DataCommand {
  static readonly command = 'markRead';
  constructor(
    readonly business: number,
    readonly direction: 'inbound' | 'outbound',
    readonly pick: number,
  ) {}
  #ids(m: FuzzModel): string[] {
    const all = this.direction === 'inbound' ? [...m.inbound] : [...m.outbound];
    return all.filter(([, s]) => s.business === this.business && s.consumer >= 0).map(([id]) => id);
  }
  check(m: FuzzModel): boolean {
    return this.#ids(m).length > 0;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const ids = this.#ids(m);
    const id = ids[this.pick % ids.length]!;
    const res = await r.world.graph.markRead(r.businesses[this.business]!, id);
    if (this.direction === 'outbound') {
      expectGraphError(res, { because: 'marking the business\'s own outgoing message read' });
    } else if (m.nowMs - (m.touched.get(id) ?? 0) < RETENTION_MS) {
      expect(res.status === 200 && (res.json as { success?: unknown } | undefined)?.success === true, `marking the consumer's message ${id} read did not succeed`, '200 {"success":true}', showResponse(res.status, res.body));
      touch(m, id);
    } else if (res.status !== 200) {
      // Past 30 days the message may be gone: a Graph error is as good as success.
      expectGraphError(res, { because: 'marking a message older than 30 days read' });
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'markRead', args: { business: this.business, direction: this.direction, pick: this.pick } };
  }
  toString(): string {
    return `markRead(b${this.business}, ${this.direction === 'inbound' ? 'a consumer\'s message' : 'its own message'} #${this.pick})`;
  }
}

const MARK_READ_DIRECTIONS = ['inbound', 'outbound'] as const;

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: MarkReadCommand.command,
  position: 12,
  requires: ['transport.signal'],
  // Cheap, but it acts on a message an earlier step sent (skipped before one): drawn more often.
  weight: 8,
  arbitrary: () => fc.tuple(business, fc.constantFrom(...MARK_READ_DIRECTIONS), fc.nat({ max: 20 })).map(([b, d, p]) => new MarkReadCommand(b, d, p)),
  fromData: (a) => new MarkReadCommand(readBusiness(a), a.oneOf('direction', MARK_READ_DIRECTIONS), a.int('pick', 0, 1_000_000)),
};
