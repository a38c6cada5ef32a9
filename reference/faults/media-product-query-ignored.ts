import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'media-product-query-ignored',
  description: 'A media upload with messaging_product as a query parameter, not a form field, is refused as missing it.',
  seams: { uploadProductFromQuery: () => null },
};
