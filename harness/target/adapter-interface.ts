// The interface of an adapter (--adapter=FILE): a user's ES module that makes
// a server which cannot speak the simulation surface (PROTOCOL.md §14) act as
// if it did, through the server's own API. Versioned by `adapterVersion`; an
// adapter of a version this harness does not know is refused (exit 2).
//
// The module's default export is `createAdapter`, called once per run:
//
//   import type { CreateAdapter } from 'cloudapi-conformance/harness/target/adapter-interface.ts';
//   const createAdapter: CreateAdapter = async ({ target }) => ({ adapterVersion: 1, ... });
//   export default createAdapter;

export const ADAPTER_VERSION = 1;

/** A business number as the harness provisions it: the server is to accept its token and deliver its webhooks to `webhookUrl`. */
export interface AdapterBusiness {
  wabaId: string;
  phoneNumberId: string;
  /** The number's WhatsApp id (digits, no `+`). */
  displayPhoneNumber: string;
  accessToken: string;
  /** The secret webhook bodies are signed with (X-Hub-Signature-256). */
  appSecret: string;
  /** Where the harness receives this business's webhooks. */
  webhookUrl: string;
  verifyToken: string;
}

/** A consumer's message: `message` is the webhook's message object as the harness wants it to appear (PROTOCOL.md §14). */
export interface AdapterInboundMessage {
  business: AdapterBusiness;
  /** The consumer's WhatsApp id. */
  from: string;
  profileName: string;
  message: { id: string; type: string; [member: string]: unknown };
}

export interface AdapterReceipt {
  business: AdapterBusiness;
  /** The consumer acknowledging. */
  from: string;
  status: 'delivered' | 'read';
  messageIds: string[];
}

export interface ConformanceAdapter {
  adapterVersion: typeof ADAPTER_VERSION;
  /** Shown in the report header, e.g. "my-mock 1.2 via adapter". */
  name?: string;
  /**
   * What the server implements beyond messages and webhooks, among
   * `graph.media`, `graph.registration`, `graph.block-users`,
   * `graph.settings`, `webhooks.verification`. Default: the whole Graph
   * surface, no verification handshake.
   */
  capabilities?: readonly string[];
  /** Forgets every business and message, before each case. Without it cases share the server's state. */
  reset?(): Promise<void>;
  /** Makes the server accept `business` (token, phone number id) and send its webhooks to `webhookUrl`, signed with `appSecret`. */
  configureBusiness(business: AdapterBusiness): Promise<void>;
  /** A consumer writes: the server delivers the messages webhook. Returns the id the webhook carries, when it is not `message.id`. */
  deliverMessage(inbound: AdapterInboundMessage): Promise<{ id?: string } | void>;
  /** The consumer's phone acknowledges messages the business sent. */
  applyReceipt(receipt: AdapterReceipt): Promise<void>;
  /** The server's clock, Unix milliseconds: with `advanceClock`, brings the cases that need time in. */
  now?(): Promise<number>;
  /** Moves the server's clock on and runs what fell due; returns the new time. */
  advanceClock?(ms: number): Promise<number>;
  /** True once the server has nothing in flight (queued webhooks attempted). Without it the harness pauses briefly instead. */
  idle?(): Promise<boolean>;
  /** Called once at the end of the run. */
  close?(): Promise<void>;
}

export interface AdapterContext {
  /** The server's base URL (--target). */
  target: string;
  /** The Graph API version the run calls, e.g. "v23.0". */
  graphVersion: string;
}

export type CreateAdapter = (context: AdapterContext) => ConformanceAdapter | Promise<ConformanceAdapter>;
