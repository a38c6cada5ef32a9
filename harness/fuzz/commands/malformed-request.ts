import type { CommandData, DataCommand } from '../command-data.ts';
import { expectAlive, expectRefusedOrAccepted, postRaw } from '../../verify/graph-fuzz.ts';
import { malformedBody, type MalformedBody } from '../../../generators/malformed-body.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { hostileRequest } from '../../../generators/hostile-request.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';

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

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: MalformedRequestCommand.command,
  position: 3,
  requires: [],
  weight: 6,
  arbitrary: () => {
    // A valid body to mangle (its `to` is nobody's).
    const valid = { messaging_product: 'whatsapp', recipient_type: 'individual', to: NOBODY, type: 'text', text: { body: 'x' } };
    return fc.tuple(business, fc.oneof(malformedBody({ valid, maxBytes: 1_200_000 }), hostileRequest({ valid }).map((h) => ({ what: h.what, body: Buffer.from(h.json), contentType: 'application/json' }))))
      .map(([b, req]) => new MalformedRequestCommand(b, req));
  },
  fromData: (a) => new MalformedRequestCommand(readBusiness(a), { what: a.str('what'), body: a.bytes('body'), contentType: a.optStr('contentType') }),
};
