import type { Fault } from './fault.ts';

// Kept in memory for the send only: the later statuses have lost it.
export const fault: Fault = {
  name: 'opaque-data-dropped',
  description: 'biz_opaque_callback_data is echoed on the `sent` status only, dropped from `delivered` and `read`.',
  seams: { echoedOpaqueData: (data, status) => (status === 'sent' ? data : undefined) },
};
