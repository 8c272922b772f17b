import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { repoPatterns } from '../regex/repo-patterns';
import { repoRegex } from '../regex/repo-regex';
import type { Check } from './check';

export const REPO_REGEX_REFUSED = 'repo-regex-refused';

/**
 * A regex in the repository (`.sops.yaml` `path_regex`, a patch target) that Triad's linear-time engine refuses:
 * invalid, or using backreferences or lookaround, which sops and kustomize (Go, RE2) reject too. Triad treats it as
 * matching nothing, and says so here instead of failing the scan.
 */
export const repoRegexRefused: Check = {
  id: REPO_REGEX_REFUSED,
  description:
    'A regex in the repository (.sops.yaml path_regex, a patch target) is invalid or not RE2: it matches nothing.',
  run({ files, documents }) {
    const findings: Finding[] = [];
    for (const { file, field, pattern } of repoPatterns(files, documents)) {
      const re = repoRegex(pattern);
      if (re.ok) continue;
      const resource = { kind: 'File', name: file };
      findings.push({
        id: findingId(REPO_REGEX_REFUSED, resource, field),
        check: REPO_REGEX_REFUSED,
        severity: 'medium',
        category: 'stability',
        resource,
        file,
        message: `${file} ${field} ${JSON.stringify(re.pattern)} is refused: ${re.reason}; until then it matches nothing.`,
        fixable: false,
        evidence: { field },
      });
    }
    return findings;
  },
};
