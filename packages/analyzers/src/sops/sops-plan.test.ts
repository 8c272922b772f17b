import { describe, expect, it } from 'vitest';
import { dedent } from '../test-support/repo';
import { sopsPlanFor } from './sops-plan';

const ALICE = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const BOB = 'age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj';
const planFor = (config: string | undefined, path: string) =>
  sopsPlanFor(new Map(config === undefined ? [] : [['.sops.yaml', dedent(config)]]), path);

describe('sopsPlanFor', () => {
  it('takes the first rule whose path_regex matches, with its selection', () => {
    const config = `
      creation_rules:
        - path_regex: ^clusters/.*\\.sops\\.yaml$
          age: ${BOB}
        - path_regex: (apps|infrastructure)/.*\\.sops\\.ya?ml
          encrypted_regex: ^(data|stringData)$
          age: ${ALICE}, ${BOB}
        - age: ${BOB}
    `;
    expect(planFor(config, 'apps/x/app-secret.sops.yaml')).toEqual({
      kind: 'age',
      recipients: [ALICE, BOB],
      selection: { encryptedRegex: '^(data|stringData)$' },
    });
    expect(planFor(config, 'clusters/a.sops.yaml')).toEqual({ kind: 'age', recipients: [BOB], selection: {} });
    // A rule without path_regex matches every path.
    expect(planFor(config, 'other/plain.yaml')).toMatchObject({ kind: 'age', recipients: [BOB] });
  });

  it('reads recipients from a list and from a single key group', () => {
    const config = `
      creation_rules:
        - path_regex: a/
          age: [${ALICE}]
        - path_regex: b/
          unencrypted_suffix: _clear
          key_groups:
            - age: [${ALICE}, ${BOB}]
    `;
    expect(planFor(config, 'a/s.yaml')).toMatchObject({ recipients: [ALICE] });
    expect(planFor(config, 'b/s.yaml')).toEqual({
      kind: 'age',
      recipients: [ALICE, BOB],
      selection: { unencryptedSuffix: '_clear' },
    });
  });

  it('says why, in one line, when Triad cannot encrypt', () => {
    expect(planFor(undefined, 'a/s.yaml')).toEqual({
      kind: 'none',
      reason: 'the repository has no .sops.yaml, so it names no age recipient for a/s.yaml',
    });
    const cases: [string, string][] = [
      ['- path_regex: nope/\n  age: X', 'no creation rule of .sops.yaml matches a/s.yaml'],
      ['- pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4', 'names no age recipient (only pgp)'],
      [`- age: ${ALICE}\n  kms: arn:aws:kms:eu-west-1:1:key/x`, 'also names kms keys, which Triad cannot encrypt to'],
      [`- key_groups:\n    - age: [${ALICE}]\n    - age: [${BOB}]`, 'splits the data key over 2 key groups (Shamir)'],
      [`- age: ${ALICE}\n  encrypted_regex: a\n  unencrypted_regex: b`, 'sets more than one'],
      [`- age: ${ALICE}\n  encrypted_regex: "("`, 'has a regex that does not compile (encryptedRegex)'],
      ['- age: age1notarecipient', 'names age1notarecipient, which is not an age X25519 recipient'],
    ];
    for (const [rule, reason] of cases) {
      const plan = planFor(`creation_rules:\n${rule.replace(/^/gm, '  ')}\n`, 'a/s.yaml');
      expect(plan.kind === 'none' && plan.reason).toContain(reason);
    }
  });

  it('matches path_regex on RE2, so a catastrophic pattern against a long file name returns at once', () => {
    // With a backtracking RegExp, (a+)+$ against 60 a's and a '!' never returns (each extra 'a' doubles the work).
    const config = `
      creation_rules:
        - path_regex: (a+)+$
          age: ${BOB}
        - path_regex: (?i)^apps/
          age: ${ALICE}
    `;
    const long = `apps/${'a'.repeat(3000)}!.sops.yaml`;
    expect(planFor(config, long)).toMatchObject({ kind: 'age', recipients: [ALICE] });
    expect(planFor(config, 'apps/aaa')).toMatchObject({ kind: 'age', recipients: [BOB] });
  });

  it('matches nothing with a pattern RE2 refuses, and says it does not compile when that rule is the one that applies', () => {
    const lookahead = `
      creation_rules:
        - path_regex: ^(?=apps/)
          age: ${BOB}
    `;
    expect(planFor(lookahead, 'apps/s.yaml')).toEqual({
      kind: 'none',
      reason: 'no creation rule of .sops.yaml matches apps/s.yaml',
    });
  });
});
