import { expectGraphError, NOT_YOUR_NUMBER } from '../../verify/graph-error.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';


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
