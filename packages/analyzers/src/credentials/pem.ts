/**
 * A PEM block: the armour lines around a base64 body (with RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED`). A
 * script that prints the armour around a file it reads (`echo "-----BEGIN …-----"; cat key; echo "-----END …-----"`)
 * holds no key.
 */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s:,.-]*?)-----END \1-----/g;
/** Blocks that are public (certificates, public keys, signatures) or ciphertext (SOPS data keys for age and PGP recipients). */
const HARMLESS_PEM =
  /^(CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|(NEW )?CERTIFICATE REQUEST|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP MESSAGE|AGE ENCRYPTED FILE)$/;

/** PEM blocks that can hold secrets (private keys above all), whitespace-normalised, with their offset in `text`. */
export function privatePemBlocks(text: string): { label: string; block: string; offset: number }[] {
  return [...text.matchAll(PEM_BLOCK)]
    .filter((m) => !HARMLESS_PEM.test(m[1]!) && (m[2]!.match(/[A-Za-z0-9+/]/g) ?? []).length >= 16)
    .map((m) => ({ label: m[1]!, block: m[0].replace(/\s+/g, ''), offset: m.index ?? 0 }));
}
