/** The example age recipient of age's documentation: Triad only encrypts to it, nobody needs its key here. */
const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

/** A repository whose one Deployment carries `n` literal env credentials, with SOPS set up for its folder. */
export function envCredentialsRepo(n: number): Map<string, string> {
  const env = Array.from(
    { length: n },
    (_, i) => `            - name: DB_PASSWORD_${i}\n              value: "pw-${i}-Xk9Lm2Qr"`,
  );
  return new Map([
    [
      '.sops.yaml',
      `creation_rules:\n  - path_regex: apps/.*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${RECIPIENT}\n`,
    ],
    [
      'apps/app.yaml',
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          env:\n${env.join('\n')}\n`,
    ],
    [
      'clusters/home/apps.yaml',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n',
    ],
  ]);
}
