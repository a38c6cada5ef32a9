// A file a consumer sends (PROTOCOL §4.2): it must reach the business's
// webhook named by a media id, which the cases then judge the lifetime and
// the owner of.

import { expect } from '../core/expect.ts';
import type { Business, World } from '../run/world.ts';
import type { Consumer } from '../parties/consumer.ts';
import { messageEvents } from './webhook-events.ts';
import { showJson } from './show.ts';

/** The consumer sends `business` a document; returns the media id its webhook names. */
export async function documentTo(world: World, business: Business, consumer: Consumer, file: Buffer): Promise<string> {
  const sent = await consumer.sendMedia(business.waId, 'document', file, 'text/plain', { filename: 'note.txt' });
  const event = await world.waitFor(() => messageEvents(world.webhooks(business)).find((e) => e.message.id === sent.id));
  expect(event !== undefined, `the consumer's document never reached ${business.key}'s webhook`, `a messages webhook with id ${sent.id}`, 'none within 5 s');
  const id = (event.message.document as { id?: unknown } | undefined)?.id;
  expect(typeof id === 'string' && id !== '', 'the webhook does not name the document by a media id', '"document": {"id": "…", …}', showJson(event.message));
  return id;
}
