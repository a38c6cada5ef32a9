import { expectGraphError, NOT_YOUR_NUMBER } from '../../verify/graph-error.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readConsumer } from '../command-args.ts';
import { BUSINESSES } from '../model.ts';


/** One business's token on another business's phone-number id: 403, and nothing goes out. */
export class TenantMisuseCommand implements DataCommand {
  static readonly command = 'tenantMisuse';
  constructor(
    readonly caller: number,
    readonly owner: number,
    readonly consumer: number,
  ) {}
  check(): boolean {
    return this.caller !== this.owner;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const a = r.businesses[this.caller]!;
    const b = r.businesses[this.owner]!;
    const res = await r.world.graph.sendText({ accessToken: a.accessToken, phoneNumberId: b.phoneNumberId }, r.consumers[this.consumer]!.waId, `not yours ${r.canary}`);
    expectGraphError(res, { ...NOT_YOUR_NUMBER, because: `business b${this.caller}'s token on business b${this.owner}'s phone-number id` });
    // Anything that went out anyway is a message nobody sent: the invariants say so.
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'tenantMisuse', args: { caller: this.caller, owner: this.owner, consumer: this.consumer } };
  }
  toString(): string {
    return `tenantMisuse(b${this.caller}'s token on b${this.owner} → c${this.consumer})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: TenantMisuseCommand.command,
  position: 9,
  requires: [],
  weight: 6,
  // Another tenant's number.
  arbitrary: () => fc.tuple(business, business, consumer).filter(([a, b]) => a !== b).map(([a, b, c]) => new TenantMisuseCommand(a, b, c)),
  fromData: (a) => new TenantMisuseCommand(a.int('caller', 0, BUSINESSES - 1), a.int('owner', 0, BUSINESSES - 1), readConsumer(a)),
};
