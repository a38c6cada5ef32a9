import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'media-foreign-number-served',
  description: 'GET and DELETE /{media-id}?phone_number_id= ignore the parameter: media is served for any phone number id.',
  seams: { mediaOfNumber: () => true },
};
