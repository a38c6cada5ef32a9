import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'storage-settings-ignored',
  description: 'POST /{phone-number-id}/settings storage_configuration answers success but is forgotten: the number registers in the default (US) store.',
  seams: { storageSettingsKept: () => false },
};
