export { type AgeKeyEntry, encryptDataKey } from './age-data-key';
export { type EncryptedFixOutcome, encryptFix, fixAndEncrypt } from './encrypt-fix';
export { encryptSopsYaml, SopsEncryptError, type SopsEncryptOptions } from './encrypt-sops-yaml';
export { SOPS_FORMAT_VERSION } from './sops-metadata';
