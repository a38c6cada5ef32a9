import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'phone-number-fields-dropped',
  description: 'GET /{phone-number-id}?fields=… answers the id alone: display_phone_number, asked for and a default field, is left out.',
  seams: { phoneNumberFields: (fields) => ({ id: fields.id }) },
};
