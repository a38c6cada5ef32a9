import { PrivateKey } from '@signalapp/libsignal-client';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'kyber-signature-wrong',
  description: 'The published Kyber prekey is signed with a throwaway key instead of the business identity key.',
  seams: { signKyberPreKey: (_identity, kyberPublic) => PrivateKey.generate().sign(kyberPublic) },
};
