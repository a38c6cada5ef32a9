import type { CommandData, DataCommand } from '../command-data.ts';
import { expectAlive, expectRefusedOrAccepted, postRaw } from '../../verify/graph-fuzz.ts';
import type { MalformedBody } from '../../../generators/malformed-body.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';

/** The `to` of the valid body the generators mangle: a number no consumer holds. */
export const NOBODY = '15550000000';

/** Garbage at the Graph API mid-conversation: a 4xx Graph error, never a 5xx, and the target keeps working. */
export class MalformedRequestCommand implements DataCommand {
  static readonly command = 'malformed';
  constructor(
    readonly business: number,
    readonly request: MalformedBody,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const caller = r.businesses[this.business]!;
    const res = await postRaw(r.world, caller, this.request.body, this.request.contentType ?? 'application/json', this.request.what);
    // Some hostile bodies are still valid sends (to a number nobody holds): then the documented answer, and its statuses are ours.
    expectRefusedOrAccepted(res, this.request.what, NOBODY);
    if (res.status === 200) {
      const id = (res.json as { messages?: Array<{ id?: string }> }).messages?.[0]?.id;
      if (id) m.outbound.set(id, { business: this.business, consumer: -1, at: m.nowMs, inWindow: false, mustFail: 'sent to a number nobody holds' });
    }
    await expectAlive(r.world, caller, this.request.what);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'malformed', args: { business: this.business, what: this.request.what, body: this.request.body.toString('base64'), contentType: this.request.contentType ?? null } };
  }
  toString(): string {
    return `malformed(b${this.business}, ${this.request.what})`;
  }
}
