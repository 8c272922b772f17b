import type { GuardrailConfig } from '@triad/core';
import picomatch from 'picomatch';
import type { Refusal } from './refusal';

/** Paths no proposal may write, whatever the configuration says: Git internals, Flux's own install, SOPS rules, keys. */
export const BUILT_IN_DENY = [
  '.git',
  '.git/**',
  '**/.git',
  '**/.git/**',
  // Flux's bootstrap folder (gotk-components.yaml, gotk-sync.yaml, its kustomization.yaml): Flux's own install.
  '**/flux-system',
  '**/flux-system/**',
  '**/.sops.yaml',
  '**/*.key',
  '**/*.pem',
  '**/*.agekey',
  '**/id_rsa*',
  '**/*.asc',
] as const;

const builtInDeny = picomatch([...BUILT_IN_DENY], { dot: true, nocase: true });

/** Why a path is not a plain repo-relative POSIX path, or undefined when it is one. */
function outsideRepo(path: string): string | undefined {
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f]/.test(path)) return 'contains control characters';
  const segments = path.split('/');
  if (segments.includes('..')) return 'climbs out with ..';
  if (segments.some((s) => s === '' || s === '.')) return 'is not normalised (empty or . segment)';
  return undefined;
}

/** `path-outside-repo` and `path-denied` for one path. */
export function checkPath(path: string, config: GuardrailConfig): Refusal[] {
  const outside = outsideRepo(path);
  if (outside !== undefined) {
    return [
      {
        rule: 'path-outside-repo',
        path,
        message: `${JSON.stringify(path)} ${outside}: use a normalised repo-relative POSIX path such as apps/media/deployment.yaml.`,
      },
    ];
  }
  if (builtInDeny(path)) {
    return [
      {
        rule: 'path-denied',
        path,
        message: `${path} is protected (Git internals, Flux install, SOPS rules or key material): leave it to a human and change the manifests instead.`,
      },
    ];
  }
  if (config.deny.length > 0 && picomatch(config.deny, { dot: true })(path)) {
    return [
      {
        rule: 'path-denied',
        path,
        message: `${path} matches the configured deny list: change a different file or ask a human.`,
      },
    ];
  }
  if (config.allow.length > 0 && !picomatch(config.allow, { dot: true })(path)) {
    return [
      {
        rule: 'path-denied',
        path,
        message: `${path} is outside the configured allow list (${config.allow.join(', ')}): edit only files there.`,
      },
    ];
  }
  return [];
}
