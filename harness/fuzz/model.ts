// The model of the Cloud API the fuzzer checks the target against: what each
// business and consumer should have seen so far. Commands update it; the
// invariants compare it with what the harness recorded.

import type fc from 'fast-check';
import { expect } from '../core/expect.ts';
import type { Business, World } from '../run/world.ts';
import type { Consumer } from '../parties/consumer.ts';
import { DAY_MS, WINDOW_MS } from '../core/durations.ts';

export interface SentMessage {
  business: number;
  /** Index of the consumer, or -1 for a number nobody holds (a fuzzed request that happened to be valid). */
  consumer: number;
  /** The text body, for text messages (with the run's canary in it). */
  body?: string;
  /** The content the consumer must decrypt: type and the object named by it (PROTOCOL.md §7). */
  content?: Record<string, unknown>;
  /** Virtual ms when the business sent it. */
  at: number;
  /** Inside the 24-hour window when sent: delivery is required, not optional. */
  inWindow: boolean;
  /**
   * What must become of it: `fail` (outside the window, to a blocked or unknown
   * number: never delivered, only a `failed` status with errors); absent: delivered
   * when `inWindow`, else either.
   */
  mustFail?: string;
  /** biz_opaque_callback_data sent with it: every status must echo it. */
  opaque?: string;
}

export interface InboundMessage {
  business: number;
  consumer: number;
  body: string;
}

export interface FuzzModel {
  outbound: Map<string, SentMessage>;
  inbound: Map<string, InboundMessage>;
  /** Virtual ms of each consumer's last message to each business: `${b}:${c}`. */
  lastInbound: Map<string, number>;
  /** Receipts the consumer sent, by message id. */
  receipts: Map<string, Set<'delivered' | 'read'>>;
  nowMs: number;
  /** Businesses whose webhook is failing now. */
  outage: Set<number>;
  /** When each current outage began (virtual ms). */
  outageSince: Map<number, number>;
  /** Businesses that had an outage in this run: their webhooks may arrive late and out of order. */
  hadOutage: Set<number>;
  /** Consumer messages whose webhook may be gone for good: every retry fell inside an outage of 7 days or more. */
  mayBeLost: Set<string>;
  /** Blocked consumers: `${b}:${c}`. */
  blocked: Set<string>;
  /** Consumers ever blocked by some business (a block list may keep their number). */
  everBlocked: Set<number>;
  /** Inbound envelope ids that must never be forwarded (damaged, or a copy of one already forwarded). */
  mustNotForward: Set<string>;
  /** Virtual ms of every clock position the run stopped at (after each advance). */
  stops: number[];
  /** Last activity (send, receipt, mark read) touching each message id, virtual ms. */
  touched: Map<string, number>;
  /** When the target accepted each message (the first touch): retention counts from there (PROTOCOL §12). */
  acceptedAt: Map<string, number>;
  /** Pricing the transport billed for a message: the latest status carrying pricing must show it. */
  pricing: Map<string, Record<string, unknown>>;
  /** Business–consumer pairs whose Signal identity the business has seen: `${b}:${c}`. */
  knows: Set<string>;
  /** Pairs whose identity the business may or may not have fetched (a send accepted, then failed). */
  mayKnow: Set<string>;
  /** Identity changes each business must have been told of: `${b}:${c}` → count. */
  identityChanges: Map<string, number>;
  /** And at most (changes of pairs in `mayKnow` may be told or not). */
  identityChangesMax: Map<string, number>;
  /** Identity key hashes (PROTOCOL §9) each consumer published before its last reinstall. */
  oldHashes: Map<number, string[]>;
  /** Uploaded media by id: owner, bytes (base64), upload time, deleted. */
  media: Map<string, { business: number; bytes: string; at: number; deleted: boolean }>;
  /** Spam report ids: never in a rest-of-Meta sink. */
  reports: Set<string>;
  /** A TLS run in production mode (harness/fuzz/wiring.ts): plain webhook URLs must be refused. */
  production: boolean;
}

export interface FuzzReal {
  world: World;
  businesses: Business[];
  consumers: Consumer[];
  /** fast-check's scheduler: decides the interleaving of concurrent requests, and shrinks it. */
  scheduler: fc.Scheduler;
  /** A business whose callback answered the verification handshake wrongly: never activated. */
  unverified?: Business;
  /** Planted in every body, searched for on every channel that must not carry content. */
  canary: string;
}

export function emptyModel(nowMs: number, production = false): FuzzModel {
  return {
    production,
    outbound: new Map(),
    inbound: new Map(),
    lastInbound: new Map(),
    receipts: new Map(),
    nowMs,
    outage: new Set(),
    outageSince: new Map(),
    hadOutage: new Set(),
    mayBeLost: new Set(),
    blocked: new Set(),
    everBlocked: new Set(),
    mustNotForward: new Set(),
    stops: [nowMs],
    touched: new Map(),
    acceptedAt: new Map(),
    pricing: new Map(),
    knows: new Set(),
    mayKnow: new Set(),
    identityChanges: new Map(),
    identityChangesMax: new Map(),
    oldHashes: new Map(),
    reports: new Set(),
    media: new Map(),
  };
}

export function inWindow(m: FuzzModel, business: number, consumer: number): boolean {
  const last = m.lastInbound.get(`${business}:${consumer}`);
  return last !== undefined && m.nowMs - last < WINDOW_MS;
}

/** Within two seconds of the window's end: a target may count the boundary either way. */
export function atWindowEdge(m: FuzzModel, business: number, consumer: number): boolean {
  const last = m.lastInbound.get(`${business}:${consumer}`);
  return last !== undefined && Math.abs(m.nowMs - last - WINDOW_MS) <= 2_000;
}

/** Moves the virtual clock and notes where it stopped (retry times are judged against the stops). */
export async function advance(m: FuzzModel, r: FuzzReal, ms: number): Promise<void> {
  await r.world.advanceClock(ms);
  m.nowMs = r.world.clock.ms;
  m.stops.push(m.nowMs);
}

const PURGE_MAY_START_MS = 29 * DAY_MS;

/**
 * Before a consumer writes to a business: when nothing passed between them for
 * 29 days or more at any point since the consumer last wrote, the target may
 * have purged their session (PROTOCOL §12), so the consumer starts a new one.
 * Any such gap counts, not only the latest: after a purge the target's next
 * message opens a new session of its own, which the consumer never sees if
 * that message is rejected or fails, and then the consumer's old one is dead.
 */
export function beforeConsumerWrites(m: FuzzModel, r: FuzzReal, business: number, consumer: number): void {
  const times: number[] = [];
  for (const [id, s] of [...m.outbound, ...m.inbound]) {
    const at = m.acceptedAt.get(id);
    if (s.business === business && s.consumer === consumer && at !== undefined) times.push(at);
  }
  if (times.length === 0) return;
  times.sort((a, b) => a - b);
  const since = m.lastInbound.get(`${business}:${consumer}`) ?? times[0]!;
  const after = [since, ...times.filter((t) => t > since), m.nowMs];
  if (after.some((t, i) => i > 0 && t - after[i - 1]! >= PURGE_MAY_START_MS)) r.consumers[consumer]!.startOver(r.businesses[business]!.waId);
}

/**
 * A consumer writes a text to a business: the target must take the envelope,
 * and the model records it (the window it opens, who knows whom, retention).
 */
export async function consumerWrites(m: FuzzModel, r: FuzzReal, business: number, consumer: number, body: string): Promise<string> {
  beforeConsumerWrites(m, r, business, consumer);
  const sent = await r.consumers[consumer]!.send(r.businesses[business]!.waId, { v: 0, type: 'text', text: { body } });
  expect(sent.response.status === 200, 'the target refused a consumer envelope', 'HTTP 200', `HTTP ${sent.response.status}`);
  m.inbound.set(sent.id, { business, consumer, body });
  m.lastInbound.set(`${business}:${consumer}`, m.nowMs);
  m.knows.add(`${business}:${consumer}`);
  touch(m, sent.id);
  return sent.id;
}

/** When the target accepted the latest message between a business and a consumer, if any. */
export function lastAccepted(m: FuzzModel, business: number, consumer: number): number | undefined {
  let last: number | undefined;
  for (const [id, s] of [...m.outbound, ...m.inbound]) {
    const at = m.acceptedAt.get(id);
    if (s.business === business && s.consumer === consumer && at !== undefined) last = Math.max(last ?? at, at);
  }
  return last;
}

export function touch(m: FuzzModel, id: string): void {
  m.touched.set(id, m.nowMs);
  if (!m.acceptedAt.has(id)) m.acceptedAt.set(id, m.nowMs);
}

export const BUSINESSES = 2;
export const CONSUMERS = 3;
