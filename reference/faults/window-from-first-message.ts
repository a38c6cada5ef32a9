import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'window-from-first-message',
  description: "The 24-hour window counts from the consumer's first message to the number instead of their last, so writing again does not keep it open.",
  seams: { windowStart: (lastIn, _lastOut, history) => (lastIn === undefined ? undefined : history.firstInboundMs) },
};
