import { parse, stringify } from 'yaml';

/** Test fixtures: a repo from path → YAML text, written indented in the test source. */
export function repo(files: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(files).map(([path, text]) => [path, dedent(text)]));
}

/** Strips the common indentation and the first empty line of a template literal. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '\n')
    .split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.match(/^ */)?.[0].length ?? 0);
  const strip = Math.min(...indents);
  return lines.map((l) => l.slice(strip)).join('\n');
}

/** A SOPS-encrypted Secret as `sops --encrypt` leaves it (values are not real ciphertext). */
export function sopsSecret(namespace: string, name: string): string {
  return dedent(`
    apiVersion: v1
    kind: Secret
    metadata:
        name: ${name}
        namespace: ${namespace}
    stringData:
        password: ENC[AES256_GCM,data:q2Fz1w==,iv:8Gm0nN0m3M2x3Jw6b1o7oXqk1n2o3p4q5r6s7t8u9v0=,tag:3n2l0b6m5x2q1w0e9r8t7y==,type:str]
    sops:
        age:
            - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
              enc: |
                -----BEGIN AGE ENCRYPTED FILE-----
                YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOQ==
                -----END AGE ENCRYPTED FILE-----
        lastmodified: "2024-11-02T21:07:44Z"
        mac: ENC[AES256_GCM,data:cGxhY2Vob2xkZXI=,iv:aXY=,tag:dGFn,type:str]
        encrypted_regex: ^(data|stringData)$
        version: 3.9.1
  `);
}

/**
 * A top-level `sops` block as SOPS writes it (an age recipient, its MAC), with `rule`, the line that chose what to
 * encrypt (`encrypted_regex: ^(data|stringData)$`); appended to a document's text.
 */
export function sopsMetadata(rule: string): string {
  return dedent(`
    sops:
      age:
        - recipient: age1${'qpzry9x8gf2tvdw0s3jn54khce6mua7l'.repeat(2)}
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBrZXk=
            -----END AGE ENCRYPTED FILE-----
      lastmodified: "2026-11-30T00:00:00Z"
      mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]
      ${rule}
      version: 3.9.0
  `);
}

/** A Flux Kustomization; `extra` is appended under `spec` (indented by the caller with 2 spaces). */
export function fluxKustomization(name: string, path: string, extra = ''): string {
  return (
    dedent(`
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata:
        name: ${name}
        namespace: flux-system
      spec:
        interval: 10m
        path: ${path}
        prune: true
        sourceRef:
          kind: GitRepository
          name: flux-system
    `) + (extra ? `${dedent(extra).replace(/^(?=.)/gm, '  ')}` : '')
  );
}

/**
 * The files after a pure fix as the tool layer would commit them, without real encryption: files the fix marks for
 * encryption get stand-in ciphertext for every data/stringData value and a `sops` block; removed files are gone.
 */
export function filesAfterFix(
  files: Map<string, string>,
  outcome: { files: Map<string, string>; encrypt?: string[]; removed?: string[] },
): Map<string, string> {
  const after = new Map([...files, ...outcome.files]);
  for (const path of outcome.removed ?? []) after.delete(path);
  for (const path of outcome.encrypt ?? []) after.set(path, standInEncrypted(after.get(path) ?? ''));
  return after;
}

function standInEncrypted(text: string): string {
  const fake = 'ENC[AES256_GCM,data:c3RhbmQtaW4=,iv:aXY=,tag:dGFn,type:str]';
  const object = parse(text) as Record<string, unknown>;
  for (const field of ['data', 'stringData']) {
    const map = object[field];
    if (map && typeof map === 'object') for (const key of Object.keys(map)) (map as Record<string, string>)[key] = fake;
  }
  object.sops = { lastmodified: '2026-01-01T00:00:00Z', mac: fake, encrypted_regex: '^(data|stringData)$' };
  return stringify(object);
}
