import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'template-refused',
  description: 'Template messages are refused with 131051 (unsupported message type): the one way to write outside the 24-hour window is gone.',
  seams: { supportsType: (type) => type !== 'template' },
};
