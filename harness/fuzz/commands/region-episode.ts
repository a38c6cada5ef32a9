import { expect } from '../../core/expect.ts';
import { expectSendAccepted } from '../../verify/send-response.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { expectRecordsOnlyIn, storageAfterDataInUse } from '../../verify/local-storage.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { REGIONS } from '../../core/durations.ts';
import type { CommandDeclaration } from '../command-declaration.ts';

/**
 * A newly provisioned number registers with a Local Storage region and a new
 * consumer talks to it both ways (text, template, media): every record naming
 * those messages is at rest in that region only. A number of its own, so the
 * rest of the run's conversations are not moved between regions.
 */
export class RegionEpisodeCommand implements DataCommand {
  static readonly command = 'regionEpisode';
  constructor(readonly region: string) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const world = r.world;
    const b = await world.business();
    const reg = await world.graph.registration.register(b, '123456', this.region);
    expect(reg.status === 200, `register with region ${this.region} was refused`, '200 {"success": true}', showResponse(reg.status, reg.body));
    const consumer = await world.signalConsumer();
    const inbound = await consumer.send(b.waId, { v: 0, type: 'text', text: { body: `incoming ${r.canary}` } });
    await world.settle();
    const text = expectSendAccepted(await world.graph.sendText(b, consumer.waId, `outgoing ${r.canary}`), consumer.waId);
    const tpl = expectSendAccepted(await world.graph.sendTemplate(b, consumer.waId, 'region_check'), consumer.waId);
    const up = await world.graph.media.upload(b, { bytes: Buffer.from(`local media ${r.canary}`), filename: 'm.txt', mime: 'text/plain' });
    const media = (up.json as { id?: unknown } | null)?.id;
    expect(up.status === 200 && typeof media === 'string', 'the media upload was refused', '200 {"id"}', showResponse(up.status, up.body));
    // Judged past the 60-minute data-in-use period, on the model's clock.
    const { records, judged } = await storageAfterDataInUse(world, (ms) => advance(m, r, ms));
    expectRecordsOnlyIn(records, [inbound.id, text, tpl, media as string], this.region, `content of a number registered in ${this.region}`, judged);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'regionEpisode', args: { region: this.region } };
  }
  toString(): string {
    return `regionEpisode(a new number in ${this.region}, a new consumer both ways)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: RegionEpisodeCommand.command,
  position: 22,
  requires: ['graph.registration', 'local-storage', 'control.storage', 'graph.media'],
  weight: 4,
  arbitrary: () => fc.constantFrom(...REGIONS).map((region) => new RegionEpisodeCommand(region)),
  fromData: (a) => new RegionEpisodeCommand(a.oneOf('region', REGIONS)),
};
