/** SOPS ciphertext (`ENC[AES256_GCM,data:…]`) and the encrypted data keys in a file's `sops:` block. */
const ENC_VALUE = /ENC\[[A-Z0-9_]+,data:[^\]]*\]/g;
const AGE_BLOCK = /-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----/g;
const PGP_BLOCK = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/g;

/** Whether a file is SOPS-encrypted (it has a `sops:` block with a MAC or encrypted values). */
export function isSopsFile(text: string): boolean {
  return /^sops:\s*$/m.test(text) && (/ENC\[[A-Z0-9_]+,data:/.test(text) || /^\s+mac:/m.test(text));
}

/** SOPS values of `text`: each is shown to a model as a masked stand-in, never as ciphertext. */
export function sopsValues(text: string): string[] {
  return [...text.matchAll(ENC_VALUE), ...text.matchAll(AGE_BLOCK), ...text.matchAll(PGP_BLOCK)].map((m) => m[0]);
}
