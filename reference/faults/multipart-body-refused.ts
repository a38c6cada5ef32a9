import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'multipart-body-refused',
  description: 'A send whose body is multipart/form-data is refused as unreadable (application/x-www-form-urlencoded still read).',
  seams: { formBodyAccepted: (form) => form !== 'multipart' },
};
