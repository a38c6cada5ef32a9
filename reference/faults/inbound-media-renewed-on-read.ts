import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'inbound-media-renewed-on-read',
  description: "Every GET of a consumer's media id starts its 7 days again (a cache TTL refreshed on access), so a business that keeps reading it keeps it alive.",
  seams: { inboundMediaRenewedOnRead: () => true },
};
