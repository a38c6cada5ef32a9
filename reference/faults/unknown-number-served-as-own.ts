import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'unknown-number-served-as-own',
  description: 'A request on a phone-number id no business has is served as the caller\'s own number: the path\'s id is not checked.',
  seams: { unknownNumberServedAsOwn: () => true },
};
