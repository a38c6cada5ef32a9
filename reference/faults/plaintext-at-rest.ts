import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'plaintext-at-rest',
  description: 'Message content, webhook bodies and media are written to the database unencrypted.',
  seams: { storedContent: (_sealed, plain) => plain },
};
