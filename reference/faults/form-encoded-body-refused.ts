import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'form-encoded-body-refused',
  description: 'A send whose body is application/x-www-form-urlencoded is refused as unreadable (multipart/form-data still read).',
  seams: { formBodyAccepted: (form) => form !== 'urlencoded' },
};
