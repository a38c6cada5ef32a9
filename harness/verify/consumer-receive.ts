// Waits for the target to relay a message to a consumer and checks the
// consumer's own Signal session decrypts it.

import { expect } from '../core/expect.ts';
import type { World } from '../run/world.ts';
import type { Consumer, ReceivedMessage } from '../parties/consumer.ts';

export async function expectDecryptedByConsumer(world: World, consumer: Consumer, messageId: string): Promise<ReceivedMessage> {
  const find = () => consumer.received.find((m) => m.envelope.id === messageId);
  const message = await world.waitFor(async () => {
    await consumer.receive();
    return find();
  });
  expect(message !== undefined, `message ${messageId} never reached the consumer over the transport`, 'an envelope with that id on the transport', 'none within 5 s');
  expect(message.error === undefined, `the consumer could not decrypt message ${messageId}`, 'a Signal message the consumer\'s session decrypts', message.error ?? '');
  return message;
}
