import { expect } from '../../core/expect.ts';
import { expectGraphError } from '../../verify/graph-error.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { granularity } from '../../verify/retention.ts';
import { DAY_MS, HOUR_MS, MEDIA_URL_MS, MINUTE_MS, RETENTION_MS } from '../../core/durations.ts';

/**
 * The business reads a media item's metadata and downloads it through the URL
 * it got, at once and optionally again after `waitMs`: served while the media
 * lives (30 days, not deleted), through a URL younger than 5 minutes only.
 */
export class MediaGetCommand implements DataCommand {
  static readonly command = 'mediaGet';
  constructor(
    readonly pick: number,
    readonly waitMs: number,
  ) {}
  check(m: FuzzModel): boolean {
    return m.media.size > 0;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const ids = [...m.media.keys()];
    const id = ids[this.pick % ids.length]!;
    const item = m.media.get(id)!;
    const b = r.businesses[item.business]!;
    const g = granularity(r.world);
    const age = m.nowMs - item.at;
    const meta = await r.world.graph.media.get(b, id);
    if (item.deleted || age > RETENTION_MS) {
      expectGraphError(meta, { because: item.deleted ? `media ${id}, deleted` : `media ${id}, ${age} ms after its upload (30 days)` });
    } else if (age < RETENTION_MS - g - MINUTE_MS) {
      const url = (meta.json as { url?: unknown } | null)?.url;
      expect(meta.status === 200 && typeof url === 'string', `media ${id} was refused within its 30 days`, '200 with its metadata and url', showResponse(meta.status, meta.body));
      const get = () => r.world.graph.media.download(b, url as string);
      const now = await get();
      expect(now.status === 200 && now.body.toString('base64') === item.bytes, `media ${id} did not download through a fresh URL`, 'the uploaded bytes', showResponse(now.status, now.body));
      if (this.waitMs > 0) {
        await advance(m, r, this.waitMs);
        const later = await get();
        if (this.waitMs > MEDIA_URL_MS) expectGraphError(later, { because: `a media URL ${this.waitMs / 1000} s old (URLs live 5 minutes)` });
        else expect(later.status === 200, `a media URL ${this.waitMs / 1000} s old was refused`, '200 (URLs live 5 minutes)', showResponse(later.status, later.body));
      }
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'mediaGet', args: { pick: this.pick, waitMs: this.waitMs } };
  }
  toString(): string {
    return `mediaGet(#${this.pick}${this.waitMs ? `, URL again after ${this.waitMs / 1000} s` : ''})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: MediaGetCommand.command,
  position: 27,
  requires: ['graph.media', 'control.clock'],
  // Cheap, but it acts on an earlier step's upload (skipped before one): drawn more often.
  weight: 8,
  arbitrary: () => fc.tuple(fc.nat({ max: 20 }), fc.constantFrom(0, MINUTE_MS, 4 * MINUTE_MS, 6 * MINUTE_MS, HOUR_MS)).map(([p, w]) => new MediaGetCommand(p, w)),
  fromData: (a) => new MediaGetCommand(a.int('pick', 0, 1_000_000), a.int('waitMs', 0, DAY_MS)),
};
