import type { Runtime } from './runtime.ts';

// A number's Local Storage region changes only when it registers (or
// deregisters): consumer tokens are keyed with the region's key, so every
// token in the business's rows is re-keyed to the new region in the same
// transaction. Without this, a consumer who wrote before the move no longer
// matched their own rows after it: the 24-hour window looked closed, their
// Signal session and blocks were lost (a fuzzer finding). Content stays
// sealed under the key of the region it was written in: what was at rest in
// the old region stays there until the sweeper purges it.

const HOLDERS = [
  { table: 'messages', token: 'consumer', sealed: 'consumer_sealed' },
  { table: 'inbound_envelopes', token: 'sender', sealed: 'sender_sealed' },
  { table: 'blocked_users', token: 'consumer', sealed: 'consumer_sealed' },
  { table: 'simulated_consumers', token: 'consumer', sealed: 'consumer_sealed' },
] as const;

/** Runs `write` (a change to `registrations` for `business`) and re-keys the business's tokens if its region moved. */
export function changeRegistration(rt: Runtime, business: string, write: () => void): void {
  rt.db.transaction(() => {
    const before = rt.regionOf(business);
    write();
    rt.registrationChanged();
    const after = rt.regionOf(business);
    if (before === after) return;
    // Each consumer once: the sealed copy says who a token stands for.
    const numbers = new Map<string, string>();
    for (const h of HOLDERS) {
      const rows = rt.stmt(`SELECT ${h.token} AS token, MIN(${h.sealed}) AS sealed FROM ${h.table} WHERE business = ? AND ${h.sealed} IS NOT NULL GROUP BY ${h.token}`).all(business) as { token: string; sealed: Buffer }[];
      for (const r of rows) if (!numbers.has(r.token)) numbers.set(r.token, rt.open(r.sealed).toString('utf8'));
    }
    for (const [old, number] of numbers) {
      const fresh = rt.tokenIn(after, number);
      for (const h of HOLDERS) rt.stmt(`UPDATE ${h.table} SET ${h.token} = ? WHERE business = ? AND ${h.token} = ?`).run(fresh, business, old);
      const address = `${number}.1`;
      const [from, to] = [rt.tokenIn(before, address), rt.tokenIn(after, address)];
      rt.stmt('UPDATE sessions SET address = ? WHERE business = ? AND address = ?').run(to, business, from);
      rt.stmt('UPDATE remote_identities SET address = ? WHERE business = ? AND address = ?').run(to, business, from);
    }
  })();
  rt.registrationChanged();
}
