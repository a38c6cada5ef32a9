import { expect } from '../../core/expect.ts';
import type { Business, World } from '../../run/world.ts';
import { messageEvents } from '../../verify/webhook-events.ts';
import { showJson, showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { ClockJumpCommand } from './clock-jump.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { DAY_MS, HOUR_MS, INBOUND_MEDIA_MS, MINUTE_MS } from '../../core/durations.ts';

/** How close to the edge a target may be either way (the declared sweep granularity is finer). */
const MARGIN_MS = MINUTE_MS;

const getMedia = (world: World, b: Business, id: string) => world.graph.media.get(b, id);

/**
 * A newcomer sends a new number a document: the webhook names it by a media
 * id the business can GET at once and `ms` before its 7 days run out
 * (`side` before), or not `ms` after (`side` after). Its own number, so the
 * webhook is not in an outage; the clock moves for all.
 */
export class InboundMediaCommand implements DataCommand {
  static readonly command = 'inboundMedia';
  constructor(
    readonly side: 'before' | 'after',
    readonly ms: number,
    readonly text: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const world = r.world;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const sent = await consumer.sendMedia(business.waId, 'document', Buffer.from(`${this.text} ${r.canary}`), 'text/plain', { filename: 'note.txt' });
    const event = await world.waitFor(() => messageEvents(world.webhooks(business)).find((e) => e.message.id === sent.id));
    expect(event !== undefined, 'the consumer\'s document never reached the webhook', `a messages webhook with id ${sent.id}`, 'none within 5 s');
    const id = (event.message.document as { id?: unknown } | undefined)?.id;
    expect(typeof id === 'string' && id !== '', 'the webhook does not name the document by a media id', '"document": {"id": "…", …}', showJson(event.message));
    const now = await getMedia(world, business, id);
    expect(now.status === 200, `GET /${id} of a media id the webhook just delivered was refused`, '200 with its metadata', showResponse(now.status, now.body));
    const ms = Math.max(this.ms, MARGIN_MS);
    await new ClockJumpCommand(this.side === 'before' ? INBOUND_MEDIA_MS - ms : INBOUND_MEDIA_MS + ms).run(m, r);
    const res = await getMedia(world, business, id);
    if (this.side === 'before') expect(res.status === 200, `media id ${id} was refused ${ms} ms before its 7 days ran out`, '200 with its metadata', showResponse(res.status, res.body));
    else expect(res.status >= 400 && res.status < 500, `media id ${id} was still served ${ms} ms after its 7 days`, 'a 4xx Graph error', showResponse(res.status, res.body));
  }
  toData(): CommandData {
    return { command: 'inboundMedia', args: { side: this.side, ms: this.ms, text: this.text } };
  }
  toString(): string {
    return `inboundMedia(a newcomer's document, GET its media id ${this.ms} ms ${this.side} 7 days)`;
  }
}

const INBOUND_MEDIA_SIDES = ['before', 'after'] as const;

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: InboundMediaCommand.command,
  position: 33,
  requires: ['graph.media.inbound', 'webhooks', 'control.clock'],
  weight: 4,
  arbitrary: () =>
    fc.tuple(fc.constantFrom(...INBOUND_MEDIA_SIDES), fc.constantFrom(MINUTE_MS, HOUR_MS, 23 * HOUR_MS), textBody({ maxLength: 40 })).map(([side, ms, t]) => new InboundMediaCommand(side, ms, t)),
  fromData: (a) => new InboundMediaCommand(a.oneOf('side', INBOUND_MEDIA_SIDES), a.int('ms', 0, DAY_MS), a.str('text')),
};
