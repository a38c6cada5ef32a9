import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'integrity-reject-generic-code',
  description: 'A message the transport rejects for integrity fails with 131000 (something went wrong) instead of 131048.',
  seams: { integrityRejectionError: () => ({ code: 131000, title: 'Something went wrong', message: 'Something went wrong', error_data: { details: 'transport said no' } }) },
};
