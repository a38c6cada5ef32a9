import { expect } from '../../core/expect.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { DAY_MS, RETENTION_MS } from '../../core/durations.ts';

/** The business deletes a media item it uploaded: `{"success": true}`, and it is gone. */
export class MediaDeleteCommand implements DataCommand {
  static readonly command = 'mediaDelete';
  constructor(readonly pick: number) {}
  #live(m: FuzzModel): string[] {
    return [...m.media].filter(([, x]) => !x.deleted && m.nowMs - x.at < RETENTION_MS - DAY_MS).map(([id]) => id);
  }
  check(m: FuzzModel): boolean {
    return this.#live(m).length > 0;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const ids = this.#live(m);
    const id = ids[this.pick % ids.length]!;
    const item = m.media.get(id)!;
    const b = r.businesses[item.business]!;
    const res = await r.world.graph.media.delete(b, id);
    expect(res.status === 200 && (res.json as { success?: unknown } | null)?.success === true, `deleting media ${id} did not succeed`, '200 {"success":true}', showResponse(res.status, res.body));
    item.deleted = true;
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'mediaDelete', args: { pick: this.pick } };
  }
  toString(): string {
    return `mediaDelete(#${this.pick})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: MediaDeleteCommand.command,
  position: 28,
  requires: ['graph.media', 'control.clock'],
  // Cheap, but it acts on an earlier step's upload (skipped before one): drawn more often.
  weight: 8,
  arbitrary: () => fc.nat({ max: 20 }).map((p) => new MediaDeleteCommand(p)),
  fromData: (a) => new MediaDeleteCommand(a.int('pick', 0, 1_000_000)),
};
