// Waits for the target to relay a message to a consumer and checks the
// consumer's own Signal session decrypts it.

import { expect } from '../core/expect.ts';
import type { World } from '../run/world.ts';
import { Consumer, type ReceivedMessage } from '../parties/consumer.ts';
import type { ConsumerParty } from '../parties/consumer-party.ts';

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

/**
 * The business's message reached the consumer: decrypted by a Signal
 * consumer; through simulation the harness cannot see the handover (PROTOCOL.md
 * §14: it is at once), so there is nothing to wait for and the receipts the
 * case applies stand for the phone's.
 */
export async function expectReachedConsumer(world: World, consumer: ConsumerParty, messageId: string): Promise<void> {
  if (consumer instanceof Consumer) await expectDecryptedByConsumer(world, consumer, messageId);
}
