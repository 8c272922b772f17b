import type { Check } from './check';
import { fluxSopsWithoutDecryption } from './flux-sops-without-decryption';
import { privilegedContainer } from './privileged-container';

/** Every check `analyzeRepo` runs, in no particular order (findings are sorted afterwards). */
export const CHECKS: readonly Check[] = [fluxSopsWithoutDecryption, privilegedContainer];
