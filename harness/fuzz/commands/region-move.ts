import { expectGraphError } from '../../verify/graph-error.ts';
import { chooseRegion, expectSuccess, register, storageSettings, textBothWays } from '../../verify/local-storage-region.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { expectRecordsOnlyIn, storageAfterDataInUse } from '../../verify/local-storage.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { REGIONS } from '../../core/durations.ts';
import type { Capability } from '../../core/capabilities.ts';
import { declaresAll, type CommandDeclaration } from '../command-declaration.ts';

export const REGION_VIAS = ['register', 'settings'] as const;
export type RegionVia = (typeof REGION_VIAS)[number];

/** The pin this command registers with: fuzz runs and their corpus replays have always sent this one. */
const PIN = '123456';

/**
 * A new number chooses region `from` (through register, or through
 * settings.storage_configuration and a register without region), a new
 * consumer and it write both ways, then the registered number tries to move
 * to `to` in place (register or settings): refused; a register without region
 * keeps `from`; every record of every message is at rest in `from` only
 * (PROTOCOL §12). A number of its own, as in regionEpisode.
 */
export class RegionMoveCommand implements DataCommand {
  static readonly command = 'regionMove';
  constructor(
    readonly from: string,
    readonly to: string,
    readonly choose: RegionVia,
    readonly move: RegionVia,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const world = r.world;
    const b = await world.business();
    const consumer = await world.signalConsumer();
    await chooseRegion(world, b, this.from, this.choose, PIN);
    const ids = await textBothWays(world, b, consumer, 'before the move');
    const res = this.move === 'settings' ? await storageSettings(world, b, this.to) : await register(world, b, this.to, PIN);
    expectGraphError(res, { because: `moving a number registered in ${this.from} to ${this.to} through ${this.move} without deregistering` });
    expectSuccess(await register(world, b, undefined, PIN), `register again without data_localization_region (region ${this.from} configured)`);
    ids.push(...(await textBothWays(world, b, consumer, 'after the move')));
    // Judged past the 60-minute data-in-use period, on the model's clock.
    const { records, judged } = await storageAfterDataInUse(world, (ms) => advance(m, r, ms));
    expectRecordsOnlyIn(records, ids, this.from, `content of a number registered in ${this.from} (via ${this.choose}), after a refused move to ${this.to}`, judged);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'regionMove', args: { from: this.from, to: this.to, choose: this.choose, move: this.move } };
  }
  toString(): string {
    return `regionMove(a new number in ${this.from} via ${this.choose}, moved to ${this.to} via ${this.move})`;
  }
}

/** A region chosen or moved through POST /settings (storage_configuration) rather than register. */
export const SETTINGS_VIA_REQUIRES: readonly Capability[] = ['graph.settings'];

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: RegionMoveCommand.command,
  position: 23,
  requires: ['graph.registration', 'local-storage', 'control.storage', 'graph.media'],
  requiresForArgs: (a) => (a.choose === 'settings' || a.move === 'settings' ? SETTINGS_VIA_REQUIRES : []),
  // 75–135 ms a step.
  weight: 2,
  arbitrary: (declared) => {
    const via = fc.constantFrom(...REGION_VIAS).map((v) => (declaresAll(declared, SETTINGS_VIA_REQUIRES) ? v : 'register'));
    return fc.tuple(fc.constantFrom(...REGIONS), fc.constantFrom(...REGIONS), via, via)
      .filter(([a, z]) => a !== z)
      .map(([a, z, choose, move]) => new RegionMoveCommand(a, z, choose, move));
  },
  fromData: (a) => new RegionMoveCommand(a.oneOf('from', REGIONS), a.oneOf('to', REGIONS), a.oneOf('choose', REGION_VIAS), a.oneOf('move', REGION_VIAS)),
};
