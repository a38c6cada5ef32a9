// Calls to WhatsApp's transport, which the harness serves (PROTOCOL.md §4):
// the key directory, the envelope relay and receipts. Every call carries the
// transport token `reset` gave.

import { callJson, type JsonAnswer } from './http.ts';
import type { World } from './world.ts';

export async function transportCall(world: World, method: string, path: string, body?: unknown): Promise<JsonAnswer> {
  if (!world.wiring) throw new Error('not wired to a transport: reset first');
  return callJson(method, `${world.wiring.transportUrl}${path}`, world.wiring.transportToken, body, world.wiring.trustedCa);
}

export const keysPath = (address: string) => `/v0/keys/${encodeURIComponent(address)}`;
