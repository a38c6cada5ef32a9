import type { Runtime } from './runtime.ts';

// Consumers who wrote to a business through the simulation surface (PROTOCOL
// §14). They have no Signal identity and the transport does not know them, so
// what the business sends them is handed over at once. The record is per
// business and at rest (a restart keeps it), names the consumer by token like
// every other per-consumer row, and goes with their last message (retention.ts).

/** Records that `consumer` writes to `business` through simulation; call inside the transaction that stores the message. */
export function rememberSimulated(rt: Runtime, business: string, consumer: string): void {
  const who = rt.consumerAtRest(business, consumer);
  rt.stmt('INSERT OR IGNORE INTO simulated_consumers (business, consumer, consumer_sealed) VALUES (?, ?, ?)').run(business, who.token, who.sealed);
}

/** Whether `consumer` has written to `business` through simulation (and retention has not forgotten them since). */
export function isSimulated(rt: Runtime, business: string, consumer: string): boolean {
  return rt.stmt('SELECT 1 FROM simulated_consumers WHERE business = ? AND consumer = ?').get(business, rt.token(business, consumer)) !== undefined;
}

/** Forgets the record of the consumer whose token is `token` (their last message is gone). */
export function forgetSimulated(rt: Runtime, business: string, token: string): void {
  rt.stmt('DELETE FROM simulated_consumers WHERE business = ? AND consumer = ?').run(business, token);
}
