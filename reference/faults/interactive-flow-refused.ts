import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'interactive-flow-refused',
  description: 'Interactive Flow messages are refused with 131051 (unsupported message type).',
  seams: { supportsInteractive: (kind) => kind !== 'flow' },
};
