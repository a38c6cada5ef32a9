// What every outbound message generator produces, in a module of its own so
// the per-type generators and outbound-message.ts, which combines them, do not
// import each other.

/** The `type` and the object named by it, plus an optional reply context. */
export interface OutboundMessage {
  type: string;
  /** The object named by `type` (an array for contacts). */
  payload: unknown;
  context?: { message_id: string };
}
