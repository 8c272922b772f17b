export { type DecodedSops, decodeSops, decryptSopsValue, macOf } from './sops-reference-decoder';
export { ageDecrypt, ageKeygen, type TestIdentity } from './test-identity';
