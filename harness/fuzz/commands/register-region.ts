import { expectGraphError } from '../../verify/graph-error.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { invalidRegion } from '../../../generators/register-request.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';

/**
 * The business (re-)registers its number with a Local Storage region that is
 * not one of the documented ones: refused with a Graph error, nothing changes.
 * (Valid regions are not drawn: a region change moves the number's storage,
 * which the LOC cases judge.)
 */
export class RegisterRegionCommand implements DataCommand {
  static readonly command = 'registerInvalidRegion';
  constructor(
    readonly business: number,
    readonly region: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const b = r.businesses[this.business]!;
    const res = await r.world.graph.registration.register(b, '123456', this.region);
    expectGraphError(res, { statuses: [400], codes: [131009, 100], because: `register with data_localization_region ${JSON.stringify(this.region)}, not a documented region` });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'registerInvalidRegion', args: { business: this.business, region: this.region } };
  }
  toString(): string {
    return `registerInvalidRegion(b${this.business}, ${JSON.stringify(this.region)})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: RegisterRegionCommand.command,
  position: 21,
  requires: ['graph.registration', 'local-storage'],
  weight: 6,
  arbitrary: () => fc.tuple(business, invalidRegion()).map(([b, region]) => new RegisterRegionCommand(b, region)),
  fromData: (a) => new RegisterRegionCommand(readBusiness(a), a.str('region')),
};
