// The model of the Cloud API the fuzzer checks the target against: what each
// business and consumer should have seen so far. Commands update it; the
// invariants compare it with what the harness recorded.

import type fc from 'fast-check';
import type { Business, World } from '../core/world.ts';
import type { Consumer } from '../parties/consumer.ts';

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
  /** Businesses that had an outage in this run: their webhooks may arrive late and out of order. */
  hadOutage: Set<number>;
  /** Consumer messages whose webhook may be gone for good: every retry fell inside an outage of 7 days or more. */
  mayBeLost: Set<string>;
}

export interface FuzzReal {
  world: World;
  businesses: Business[];
  consumers: Consumer[];
  /** fast-check's scheduler: decides the interleaving of concurrent requests, and shrinks it. */
  scheduler: fc.Scheduler;
  /** Planted in every body, searched for on every channel that must not carry content. */
  canary: string;
}

export const WINDOW_MS = 24 * 3600 * 1000;

export function emptyModel(nowMs: number): FuzzModel {
  return { outbound: new Map(), inbound: new Map(), lastInbound: new Map(), receipts: new Map(), nowMs, outage: new Set(), hadOutage: new Set(), mayBeLost: new Set() };
}

export function inWindow(m: FuzzModel, business: number, consumer: number): boolean {
  const last = m.lastInbound.get(`${business}:${consumer}`);
  return last !== undefined && m.nowMs - last < WINDOW_MS;
}

export const BUSINESSES = 2;
export const CONSUMERS = 3;
