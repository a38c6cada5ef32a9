import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'opaque-data-limit-short',
  description: 'biz_opaque_callback_data is refused beyond 256 characters, not the documented 512.',
  seams: { opaqueDataLimit: () => 256 },
};
