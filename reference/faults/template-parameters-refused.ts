import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'template-parameters-refused',
  description: 'Template parameters other than text (currency, date_time, a header image) are refused as invalid parameters.',
  seams: { templateParameterAccepted: (type) => type === 'text' },
};
