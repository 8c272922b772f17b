/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How often a token switches between letters and digits: high for generated strings, low for names and versions. */
function letterDigitSwitches(token: string): number {
  let switches = 0;
  for (let i = 1; i < token.length; i++) {
    const a = /\d/.test(token[i - 1]!);
    const b = /\d/.test(token[i]!);
    if (a !== b && /[A-Za-z0-9]/.test(token[i - 1]!) && /[A-Za-z0-9]/.test(token[i]!)) switches++;
  }
  return switches;
}

/**
 * Digests: hex, with or without an algorithm prefix (`sha256-…`), and Subresource Integrity's base64 after its
 * algorithm (`integrity="sha384-…"`): checksums of public files, not secrets.
 */
function isDigest(token: string): boolean {
  return (
    /^[0-9a-fA-F]+$/.test(token.replace(/^(sha\d*|md5)[-:_]?/i, '')) ||
    /^sha(256|384|512)-[A-Za-z0-9+/]+=*$/.test(token)
  );
}

/**
 * Keys made to be published: Mapbox's public `pk.` tokens and Stripe's publishable keys go into web pages by design,
 * SSH public keys after their algorithm's name into known_hosts and authorized_keys, age recipients into `.sops.yaml`
 * and scripts that encrypt; and a CSP or SRI hash source (`'sha256-…='`) is the digest of a public script or style.
 * The tokens found inside them are not secrets.
 */
const PUBLISHABLE =
  /\bpk\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+|\bpk_(live|test)_[0-9A-Za-z]+|\bage1[02-9ac-hj-np-z]{58}\b|\bsha(?:256|384|512)-[A-Za-z0-9+/]{20,}={0,2}|\b(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) AAAA[A-Za-z0-9+/]+=*/g;

/** CamelCase identifiers (`rPDU2DeviceStatusPowerSupply1Status`): words make up most of them. */
function isIdentifier(token: string): boolean {
  const words = token.match(/[A-Z][a-z]{2,}|^[a-z]{3,}/g) ?? [];
  return words.join('').length * 2 >= token.length;
}

function isGenerated(token: string): boolean {
  return (
    token.length >= 24 &&
    !isDigest(token) &&
    shannonEntropy(token) >= 4 &&
    letterDigitSwitches(token) >= 3 &&
    !isIdentifier(token)
  );
}

const WORD = /^([A-Za-z][a-z]{2,}|[A-Z]{3,})$/;

/**
 * A run is a path or a name, judged piece by piece, when its pieces say so: split at a `=` between a name and its
 * value (`--zone-id=…`, `client_id=…`); split at `/` when one segment is a
 * lowercase word or a digest (`data`, `versions`, a commit sha: an icon URL pinned to a commit is no token); split at
 * `-`/`_` when two pieces are words (`home-assistant-7c48d…`, `usb-FTDI_FT230X_Basic…`) or when it is four or more
 * short pieces, the shape of a model or part name (`ResNet-L800K-12-PatchNet3-256__imgnet`), or when every piece is a
 * word, a number or a digest (an image's build tag). Base64 secrets hold
 * these characters too, but almost never words between them, nor a separator every few characters.
 */
function pieces(token: string): string[] {
  // A `name=value` inside a run (a flag, a query parameter): each side is judged alone; base64's padding stays.
  const sides = token.replace(/=+$/, '').includes('=') ? token.split(/=(?=[^=])/).filter(Boolean) : [token];
  if (sides.length > 1) return sides.flatMap(pieces);
  const segments = token.split('/');
  const pathLike = segments.length > 1 && segments.some((s) => /^[a-z]{2,}$/.test(s) || (s.length >= 7 && isDigest(s)));
  return (pathLike ? segments : [token]).flatMap((segment) => {
    const parts = segment.split(/[-_]+/);
    const words = parts.filter((p) => WORD.test(p)).length >= 2;
    const shortParts = parts.length >= 4 && parts.every((p) => p.length <= 10);
    // A build's tag: a word, a commit's short sha, a build time (`staging-f3b9a21-20250101120000`).
    const build =
      parts.length >= 2 && parts.every((p) => WORD.test(p) || /^\d+$/.test(p) || (p.length >= 7 && isDigest(p)));
    return words || shortParts || build ? parts : [segment];
  });
}

/** base64 of a certificate or public key in PEM (a CA bundle in a variable): public by design. */
function encodesPublicPem(token: string): boolean {
  if (!token.startsWith('LS0tLS1CRUdJTi')) return false; // base64 of `-----BEGIN`
  const text = Buffer.from(token, 'base64').toString('latin1');
  return /^-----BEGIN ((RSA |EC )?PUBLIC KEY|CERTIFICATE)-----/.test(text);
}

/**
 * A UUID: the shape of an identifier (a tenant, a volume, a tunnel), also behind the kind of thing it names
 * (`GPU-<uuid>`, `MIG-<uuid>`, as NVIDIA's tools name a device). Under a credential's name it still counts.
 */
const UUID = /^(?:[A-Z]{2,8}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What follows a DNS label: more labels, up to a top-level domain (`.cfargotunnel.com`); matched where a token ends. */
const MORE_LABELS = /\.(?:[a-z0-9-]+\.)*[a-z]{2,63}\b/iy;

/**
 * Tokens of `text` that look like generated secrets: at least 24 characters of the base64/URL-safe alphabet, at least
 * 4 bits of entropy per character, and letters and digits interleaved (3+ switches). Hex digests (at most 4 bits),
 * readable names, version strings, the segments of paths, UUIDs, the labels of host names (a tunnel's
 * `<id>.cfargotunnel.com`, published in DNS) and keys made to be published do not count.
 */
export function highEntropyTokens(text: string): string[] {
  // Published keys are blanked out first: a token that runs into one (`RECIPIENT=age1…`) is judged without it.
  const unpublished = text.replace(PUBLISHABLE, (key) => ' '.repeat(key.length));
  const found: string[] = [];
  for (const match of unpublished.matchAll(/[A-Za-z0-9+/=_-]{24,}/g)) {
    MORE_LABELS.lastIndex = match.index + match[0].length;
    if (MORE_LABELS.test(text)) continue;
    if (encodesPublicPem(match[0])) continue;
    found.push(...pieces(match[0]).filter((token) => !UUID.test(token) && isGenerated(token)));
  }
  return found;
}
