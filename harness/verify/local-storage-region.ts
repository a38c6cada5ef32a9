// Choosing a Local Storage region, for the LOC cases and the fuzz commands
// alike: the two ways a number chooses it (register's
// data_localization_region and settings.storage_configuration), and traffic
// that puts content at rest. The check that records naming that content are
// tagged with one region once the 60-minute data-in-use period is over is
// expectAtRestOnlyIn in ./local-storage.ts (PROTOCOL §6, §12).

import { expect } from '../core/expect.ts';
import type { Business, World } from '../run/world.ts';
import type { ConsumerParty } from '../parties/consumer-party.ts';
import { multipart } from '../target/multipart.ts';
import type { TargetResponse } from '../target/target-client.ts';
import { expectReachedConsumer } from './consumer-receive.ts';
import { expectWritten } from './consumer-write.ts';
import { expectSendAccepted } from './send-response.ts';
import { showResponse } from './show.ts';

/** The pin the LOC cases register with; the fuzz commands send their own (any six digits are valid). */
const CASE_PIN = '246810';

/** POST /{phone-number-id}/register with `pin`, and `region` as data_localization_region when given. */
export function register(world: World, b: Business, region?: string, pin = CASE_PIN): Promise<TargetResponse> {
  return world.graph.registration.register(b, pin, region);
}

export function deregister(world: World, b: Business): Promise<TargetResponse> {
  return world.graph.registration.deregister(b);
}

/** POST /{phone-number-id}/settings {"storage_configuration": {"enabled", "region"}} (graph.settings); no region turns Local Storage off. */
export function storageSettings(world: World, b: Business, region?: string): Promise<TargetResponse> {
  return world.graph.settings.localStorage(b, region);
}

export function expectSuccess(res: TargetResponse, what: string): void {
  expect(res.status === 200 && (res.json as { success?: unknown } | null)?.success === true, `${what} did not succeed`, '200 {"success": true}', showResponse(res.status, res.body));
}

/**
 * Chooses `region` for a fresh number: through register, or through settings
 * followed by a register without region (the configured region applies).
 */
export async function chooseRegion(world: World, b: Business, region: string | undefined, via: 'register' | 'settings', pin = CASE_PIN): Promise<void> {
  if (via === 'settings') {
    expectSuccess(await storageSettings(world, b, region), `settings.storage_configuration ${region === undefined ? 'off' : `with region ${region}`}`);
    expectSuccess(await register(world, b, undefined, pin), 'register without data_localization_region after settings');
    return;
  }
  expectSuccess(await register(world, b, region, pin), `register with region ${String(region)}`);
}

/** A text each way between `consumer` and `b`; the consumer writes first unless `businessFirst`. Returns the two message ids. */
export async function textBothWays(world: World, b: Business, consumer: ConsumerParty, tag: string, businessFirst = false): Promise<string[]> {
  const inbound = async () => {
    const id = expectWritten(await consumer.write(b.waId, { v: 0, type: 'text', text: { body: `in ${tag}` } }));
    await world.settle();
    return id;
  };
  const outbound = async () => {
    const id = expectSendAccepted(await world.graph.sendText(b, consumer.waId, `out ${tag}`), consumer.waId);
    await expectReachedConsumer(world, consumer, id);
    return id;
  };
  if (businessFirst) {
    const out = await outbound();
    return [out, await inbound()];
  }
  const inb = await inbound();
  return [inb, await outbound()];
}

/** Text both ways, a template and an uploaded media object; returns the ids that name them. */
export async function traffic(world: World, b: Business): Promise<string[]> {
  const consumer = await world.consumer();
  const ids = await textBothWays(world, b, consumer, 'region');
  const tpl = expectSendAccepted(await world.graph.sendTemplate(b, consumer.waId, 'region_check'), consumer.waId);
  await expectReachedConsumer(world, consumer, tpl);
  const up = await world.graph.media.upload(b, { bytes: Buffer.from('local media'), filename: 'm.txt', mime: 'text/plain' });
  const media = (up.json as { id?: unknown } | null)?.id;
  expect(up.status === 200 && typeof media === 'string', 'the media upload was refused', '200 {"id"}', showResponse(up.status, up.body));
  await world.settle();
  return [...ids, tpl, media as string];
}
