import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'nul-in-content-500',
  description: 'A NUL character in any field of an otherwise valid send crashes the send path: 500 instead of an answer.',
  seams: {
    outboundContent: (content) => {
      if (JSON.stringify(content).includes('\\u0000')) throw new TypeError('string contains null bytes');
      return content;
    },
  },
};
