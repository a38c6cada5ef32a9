import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'opaque-data-kept-after-purge',
  description: "The sweeper purges a message after 30 days but keeps its biz_opaque_callback_data (named by the message's id).",
  seams: { purgeOpaqueData: () => false },
};
