import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'region-not-validated',
  description: 'register accepts any data_localization_region, not only the documented ones.',
  seams: { validRegion: () => true },
};
