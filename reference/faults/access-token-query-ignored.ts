import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'access-token-query-ignored',
  description: 'The access_token query parameter is not read: only an Authorization header authenticates.',
  seams: { queryAccessToken: () => null },
};
