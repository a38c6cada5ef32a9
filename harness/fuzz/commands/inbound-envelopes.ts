import { expect } from '../../core/expect.ts';
import { newMessageId, type OutgoingEnvelope } from '../../parties/consumer.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { touch, type FuzzModel, type FuzzReal, beforeConsumerWrites } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import { judgeSend } from '../send-rules.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';

/** Signal's ciphertext type of a message on an established session. */
const WHISPER = 2;

export const ENVELOPE_MODES = ['reorder', 'replay-same-id', 'replay-new-id', 'tamper'] as const;
export type EnvelopeMode = (typeof ENVELOPE_MODES)[number];

/**
 * What a relay or an attacker does to a consumer's envelopes: hands them
 * over in reverse order, hands one over twice (same id, or the same
 * ciphertext under a new id), or damages one byte of a copy. Genuine
 * messages are forwarded exactly once each; damaged and copied ones never.
 */
export class InboundEnvelopesCommand implements DataCommand {
  static readonly command = 'inboundEnvelopes';
  constructor(
    readonly consumer: number,
    readonly business: number,
    readonly mode: EnvelopeMode,
    readonly bodies: string[],
    readonly at: number,
  ) {}
  check(m: FuzzModel): boolean {
    return !m.blocked.has(`${this.business}:${this.consumer}`);
  }
  async #post(r: FuzzReal, e: OutgoingEnvelope, what: string, refusable: boolean): Promise<void> {
    const res = await r.consumers[this.consumer]!.post(e);
    const ok = res.response.status === 200 || (refusable && res.response.status >= 400 && res.response.status < 500);
    expect(ok, `the transport endpoint answered ${res.response.status} to ${what}`, refusable ? '200, or a 4xx refusal' : '200', `HTTP ${res.response.status}`);
  }
  #genuine(m: FuzzModel, id: string, body: string): void {
    m.inbound.set(id, { business: this.business, consumer: this.consumer, body });
    m.lastInbound.set(`${this.business}:${this.consumer}`, m.nowMs);
    touch(m, id);
    m.knows.add(`${this.business}:${this.consumer}`);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const to = r.businesses[this.business]!.waId;
    // A conversation first (the consumer writes, the business answers with a template), so
    // what follows is a Whisper message on an answered session, every byte of it authenticated.
    beforeConsumerWrites(m, r, this.business, this.consumer);
    const hello = `hello ${r.canary}`;
    const first = await consumer.send(to, { v: 0, type: 'text', text: { body: hello } });
    expect(first.response.status === 200, 'the target refused a consumer envelope', 'HTTP 200', `HTTP ${first.response.status}`);
    this.#genuine(m, first.id, hello);
    await r.world.settle();
    const template = { name: 'hello_world', language: { code: 'en_US' } };
    const answer = await r.world.graph.sendMessage(r.businesses[this.business]!, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'template', template });
    judgeSend(m, { business: this.business, consumer: this.consumer, template: true, to: consumer.waId, waId: consumer.waId }, answer, { content: { type: 'template', template } });
    await r.world.settle();
    await consumer.receive();
    const bodies = this.bodies.map((b, i) => `${b} #${i} ${r.canary}`);
    const envelopes: OutgoingEnvelope[] = [];
    for (const body of bodies) envelopes.push(await consumer.encrypt(to, { v: 0, type: 'text', text: { body } }));
    if (this.mode === 'reorder') {
      for (let i = envelopes.length - 1; i >= 0; i--) {
        await this.#post(r, envelopes[i]!, `a genuine envelope handed over out of order`, false);
        this.#genuine(m, envelopes[i]!.id, bodies[i]!);
      }
    } else {
      for (const [i, e] of envelopes.entries()) {
        // Only a Whisper message is authenticated byte for byte: a PreKey message's outer fields
        // (version, registration id) are not, so a flip there may still decrypt to the genuine text.
        if (this.mode === 'tamper' && e.type === WHISPER) {
          const bytes = Buffer.from(e.body, 'base64');
          bytes[this.at % bytes.length] ^= 0x01;
          const id = newMessageId();
          m.mustNotForward.add(id);
          await this.#post(r, { ...e, id, body: bytes.toString('base64') }, 'an envelope with one byte damaged', true);
        }
        await this.#post(r, e, 'a genuine envelope', false);
        this.#genuine(m, e.id, bodies[i]!);
        await r.world.settle();
        if (this.mode === 'replay-same-id') {
          await this.#post(r, e, 'the same envelope again (same id)', true);
        } else if (this.mode === 'replay-new-id') {
          const id = newMessageId();
          m.mustNotForward.add(id);
          await this.#post(r, { ...e, id }, 'the same ciphertext under a new envelope id', true);
        }
      }
    }
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'inboundEnvelopes', args: { consumer: this.consumer, business: this.business, mode: this.mode, bodies: this.bodies, at: this.at } };
  }
  toString(): string {
    return `inboundEnvelopes(c${this.consumer} → b${this.business}, ${this.mode}, ${this.bodies.length} message(s)${this.mode === 'tamper' ? `, byte ${this.at}` : ''})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: InboundEnvelopesCommand.command,
  position: 13,
  requires: ['transport.signal'],
  weight: 4,
  arbitrary: () =>
    fc.tuple(consumer, business, fc.constantFrom(...ENVELOPE_MODES), fc.array(textBody({ maxLength: 60 }), { minLength: 1, maxLength: 3 }), fc.nat({ max: 4096 }))
      .map(([c, b, mode, ts, at]) => new InboundEnvelopesCommand(c, b, mode, mode === 'reorder' && ts.length < 2 ? [...ts, 'and then'] : ts, at)),
  fromData: (a) => new InboundEnvelopesCommand(readConsumer(a), readBusiness(a), a.oneOf('mode', ENVELOPE_MODES), a.strings('bodies'), a.int('at', 0, 1_000_000)),
};
