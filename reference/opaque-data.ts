import type { Runtime } from './runtime.ts';
import type { StatusName } from './types.ts';

// biz_opaque_callback_data (docs/cloud-api-rules.md#webhook-statuses): kept per message so every
// status of that message echoes it, whichever part of the reference emits it.
// The business's own string may carry anything: it is sealed at rest under
// its region's key like content, and the sweeper purges it with
// its message (retention.ts).

export function rememberOpaqueData(rt: Runtime, business: string, id: string, data: string | undefined): void {
  if (data === undefined) return;
  rt.stmt('INSERT OR REPLACE INTO opaque_callback_data (id, business, data) VALUES (?, ?, ?)').run(id, business, rt.seal(business, Buffer.from(data, 'utf8')));
}

/** The `opaque` member of a StatusUpdate for message `id`; empty when it carried none. */
export function opaqueDataFor(rt: Runtime, id: string, status: StatusName): { opaque?: string } {
  const row = rt.stmt('SELECT data FROM opaque_callback_data WHERE id = ?').get(id) as { data: Buffer } | undefined;
  if (!row) return {};
  const echoed = rt.seams.echoedOpaqueData(rt.open(row.data).toString('utf8'), status);
  return echoed === undefined ? {} : { opaque: echoed };
}
