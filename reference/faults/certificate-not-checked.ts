import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'certificate-not-checked',
  description: 'TLS connections to webhooks and the transport accept any certificate.',
  seams: { verifyPeerCertificate: () => false },
};
