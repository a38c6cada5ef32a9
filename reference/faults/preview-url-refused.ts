import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'preview-url-refused',
  description: 'A text message with preview_url true is refused: link previews are not supported.',
  seams: { previewUrlAccepted: (previewUrl) => !previewUrl },
};
