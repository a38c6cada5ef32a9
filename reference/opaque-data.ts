import type { Runtime } from './runtime.ts';
import type { StatusName } from './types.ts';

// biz_opaque_callback_data (CLOUD-API-FACTS §2, §4): kept per message so every
// status of that message echoes it, whichever part of the reference emits it.

export function rememberOpaqueData(rt: Runtime, id: string, data: string | undefined): void {
  if (data === undefined) return;
  rt.stmt('INSERT OR REPLACE INTO opaque_callback_data (id, data) VALUES (?, ?)').run(id, data);
}

/** The `opaque` member of a StatusUpdate for message `id`; empty when it carried none. */
export function opaqueDataFor(rt: Runtime, id: string, status: StatusName): { opaque?: string } {
  const row = rt.stmt('SELECT data FROM opaque_callback_data WHERE id = ?').get(id) as { data: string } | undefined;
  if (!row) return {};
  const echoed = rt.seams.echoedOpaqueData(row.data, status);
  return echoed === undefined ? {} : { opaque: echoed };
}
