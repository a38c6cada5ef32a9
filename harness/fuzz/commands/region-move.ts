import { expect } from '../../run/context.ts';
import type { Business, World } from '../../run/world.ts';
import type { Consumer } from '../../parties/consumer.ts';
import type { TargetResponse } from '../../target/target-client.ts';
import { expectDecryptedByConsumer } from '../../verify/consumer-receive.ts';
import { expectGraphError } from '../../verify/graph-error.ts';
import { expectSendAccepted } from '../../verify/send-response.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { expectRecordsOnlyIn, storageAfterDataInUse } from '../../verify/local-storage.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { REGIONS } from '../../../generators/register-request.ts';
import type { Capability } from '../../core/capabilities.ts';
import { declaresAll, type CommandDeclaration } from '../command-declaration.ts';

export const REGION_VIAS = ['register', 'settings'] as const;
export type RegionVia = (typeof REGION_VIAS)[number];

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
    const consumer = await world.consumer();
    if (this.choose === 'settings') {
      success(await settings(world, b, this.from), `settings.storage_configuration with region ${this.from}`);
      success(await register(world, b), 'register without data_localization_region after settings');
    } else success(await register(world, b, this.from), `register with region ${this.from}`);
    const ids = await bothWays(world, b, consumer, 'before the move');
    const res = this.move === 'settings' ? await settings(world, b, this.to) : await register(world, b, this.to);
    expectGraphError(res, { because: `moving a number registered in ${this.from} to ${this.to} through ${this.move} without deregistering` });
    success(await register(world, b), `register again without data_localization_region (region ${this.from} configured)`);
    ids.push(...(await bothWays(world, b, consumer, 'after the move')));
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

function register(world: World, b: Business, region?: string): Promise<TargetResponse> {
  return world.graph.registration.register(b, '123456', region);
}

function settings(world: World, b: Business, region: string): Promise<TargetResponse> {
  return world.graph.settings.localStorage(b, region);
}

function success(res: TargetResponse, what: string): void {
  expect(res.status === 200 && (res.json as { success?: unknown } | null)?.success === true, `${what} did not succeed`, '200 {"success": true}', showResponse(res.status, res.body));
}

async function bothWays(world: World, b: Business, consumer: Consumer, tag: string): Promise<string[]> {
  const inbound = await consumer.send(b.waId, { v: 0, type: 'text', text: { body: `in ${tag}` } });
  await world.settle();
  const out = expectSendAccepted(await world.graph.sendText(b, consumer.waId, `out ${tag}`), consumer.waId);
  await expectDecryptedByConsumer(world, consumer, out);
  return [inbound.id, out];
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
