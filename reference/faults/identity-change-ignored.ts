import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'identity-change-ignored',
  description: 'A consumer\'s new identity key is accepted silently: no customer_identity_changed notification.',
  seams: { noticeIdentityChange: () => false },
};
