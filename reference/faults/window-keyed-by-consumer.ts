import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'window-keyed-by-consumer',
  description: "The 24-hour window is looked up by the consumer's number alone, so a consumer who writes to one business opens (and keeps open) the window of every business.",
  seams: { windowSharedWith: () => true },
};
