import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'unsupported-method-500',
  description: 'A method the Graph API does not serve on a path (GET, PUT or DELETE on /{phone-number-id}/messages) fails with a server error, not a Graph error.',
  seams: { unsupportedRequest: (method, path) => new Error(`no handler for ${method} ${path}`) },
};
