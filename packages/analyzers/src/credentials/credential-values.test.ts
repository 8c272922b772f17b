import { describe, expect, it } from 'vitest';
import { FAKE_TOKENS as FAKE } from '../test-support/fake-tokens';
import { credentialKeyKind } from './credential-key';
import { credentialIn } from './credential-values';
import { highEntropyTokens } from './entropy';
import { knownTokens } from './known-tokens';
import { privatePemBlocks } from './pem';

describe('credentialKeyKind', () => {
  it.each([
    ['DB_PASSWORD', 'literal'],
    ['adminPassword', 'literal'],
    ['PGPASSWORD', 'literal'],
    ['api_key', 'literal'],
    ['apiKey', 'literal'],
    ['clientSecret', 'literal'],
    ['JWT_SECRET', 'literal'],
    ['aws_secret_access_key', 'literal'],
    ['RCLONE_CONFIG_PASS', 'literal'],
    ['password2', 'literal'],
    ['secret', 'name-or-literal'],
    ['githubConfigSecret', 'name-or-literal'],
    ['pullSecret', 'name-or-literal'],
    ['secretKey', 'name-or-literal'],
    ['SECRET_KEY_BASE', 'name-or-literal'],
    ['S3_ACCESS_KEY', 'name-or-literal'],
    ['credentials', 'name-or-literal'],
    // An annotation refers to things: its client secret may be the name of the Secret that holds one.
    ['example.io/pluginClientSecret', 'name-or-literal'],
    ['example.io/apiToken', 'literal'],
  ])('%s is %s', (key, kind) => {
    expect(credentialKeyKind(key)).toBe(kind);
  });

  it.each([
    'secret.reloader.stakater.com/reload',
    'csi.storage.k8s.io/provisioner-secret-namespace',
    'csi.storage.k8s.io/node-stage-secret-name',
    'existingSecret',
    'existingSecretPasswordKey',
    'secretName',
    'passwordSecretRef',
    'passwordKey',
    'tokenKey',
    'SECRET_NAME',
    'SECRET_DOMAIN',
    'PASSWORD_FILE',
    'token_url',
    'idTokens',
    'access_key_id',
    'enable-ingress-secrets-sync',
    'discordsrv-token.json',
    'PASSWORD_MIN_LENGTH',
  ])('%s names no credential', (key) => {
    expect(credentialKeyKind(key)).toBeUndefined();
  });
});

describe('credentialIn', () => {
  it.each([
    ['DB_PASSWORD', 'hunter2', 'credential-name'],
    ['adminPassword', 'prom-operator', 'credential-name'],
    ['clientSecret', 'tr1ad-client', 'credential-name'],
    ['JWT_SECRET', '"quoted but literal"', 'credential-name'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['DB_PASSWORD', '${DB_PASSWORD:=hunter2}', 'credential-name'],
    // A default password works for anyone: not a placeholder.
    ['ROOT_PASSWORD', 'changeme', 'credential-name'],
    ['MYSQL_ROOT_PASSWORD', 'password', 'credential-name'],
    // One upper-case word is a value, not the name of a key.
    ['ADMIN_PASSWORD', 'WINTER2024', 'credential-name'],
    // A default that is no name is the literal Flux falls back to.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['SECRET_KEY', '${APP_SECRET_KEY:=s3cr3tV4lue9}', 'credential-name'],
    // A literal beside a template's placeholder is still literal, unless it is a date.
    ['admin_password', '{{ .prefix }}s3cr3t-Pa55', 'credential-name'],
    ['secret', 'Not-A-Name!', 'credential-name'],
    ['example.io/pluginClientSecret', 'q8Zr!Lx7Wm4Tn9Kd', 'credential-name'],
    ['DATABASE_URL', 'postgres://app:hunter2@db:5432/app', 'url-password'],
    // Named parts at a real host may be a default that works.
    ['DATABASE_URL', 'postgres://user:password@db:5432/app', 'url-password'],
    // A private key in base64 is no certificate.
    [
      'PRIVATE_KEY',
      Buffer.from(`-----BEGIN PRIVATE KEY-----\n${'MIIE'.repeat(40)}\n-----END PRIVATE KEY-----\n`).toString('base64'),
      'credential-name',
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['DATABASE_URL', 'postgres://${DB_USER:=app}:hunter2@db:5432/app', 'url-password'],
    ['WEBHOOK', 'https://hooks.example.com/T0A1B2C3D/x8Kq2Lm9Pz4Rt7Vw1Yb3Nd6F', 'generated-looking'],
    ['app.ini', '[db]\nuser = app\npassword = letmein\n', 'config-line'],
    // An API key that is a default anyone can guess still works where the server checks it.
    ['OPENAI_API_KEY', 'changeme', 'credential-name'],
    // Not one repeated character, nor a word: a real key's shape.
    ['OPENAI_API_KEY', 'sk-4fQ9x2LmP7', 'credential-name'],
    // A password may well be a word: only an API key's dummies are recognised.
    ['DB_PASSWORD', 'vllm', 'credential-name'],
    // Words a key's name is not made of: a chosen password.
    ['DB_PASSWORD', 'secret-sauce', 'credential-name'],
    ['API_PASSWORD', 'not-a-placeholder', 'credential-name'],
    // Defaults that make a password are a password.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Flux placeholders, written literally
    ['DB_PASSWORD', '${DB_USER:=app}:${DB_PASSWORD:=Tr0ub4dor-77}', 'credential-name'],
    // Under a key that names an identifier, a known token format still counts; a shell prefix with a literal too.
    ['GITHUB_APP_ID', `ghp_${'a1B2'.repeat(9)}`, 'known-format'],
    // A webhook's address carries its token in the path: still found.
    ['ALERT_WEBHOOK_URL', 'https://hooks.example.com/T0A1B2C3D/x8Kq2Lm9Pz4Rt7Vw1Yb3Nd6F', 'generated-looking'],
    ['init.sh', '#!/bin/sh\nPGPASSWORD="Tr0ub4dor-77" psql -h db\n', 'config-line'],
    ['licenseKey', 'hunter-two', 'credential-name'],
    ['config.js', "module.exports = {\n  dbPassword: 'Trusty-Rusty-77',\n};\n", 'config-line'],
    ['auth.yml', 'oidc:\n  id_token: eyJhbGciOiJIUzI1NiJ9.e30.Zm9vYmFyYmF6cXV4\n', 'config-line'],
    // A script that writes a config line by line, one quoted word a line.
    [
      'init.sh',
      "printf '%s\\n' \\\n  'Feed.Username=reader' \\\n  'Feed.Password=s3cr3t-Pa55' \\\n  > feed.conf\n",
      'config-line',
    ],
    ['config.php', "<?php\n$CONFIG = array(\n  'dbpassword' => 'letmein-2024',\n);\n", 'config-line'],
    // A quoted key with a quoted literal is configuration in JSON or code alike.
    ['sync.py', "params = {\n    'passwd': 'Sun-Flower-88',\n}\n", 'config-line'],
  ])('%s: %s is a credential (%s)', (key, value, reason) => {
    expect(credentialIn(key, value)?.reason).toBe(reason);
  });

  it.each(Object.entries(FAKE))('a %s token counts under any key', (_, token) => {
    expect(credentialIn('icon', `prefix ${token}`)).toMatchObject({ reason: 'known-format', secret: token });
    expect(knownTokens(token)).toHaveLength(1);
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['DB_PASSWORD', '${DB_PASSWORD}'],
    ['DB_PASSWORD', '$(DB_PASSWORD)'],
    ['API_TOKEN', 'op://homelab/api/token'],
    ['VAULT_SECRET', 'vault:secret/data/app#token'],
    ['DB_PASSWORD', 'ref+awssm://prod/db#password'],
    ['DB_PASSWORD', '<path:kv/data/db#password>'],
    ['api_key', '!env_var SONARR_API_KEY'],
    ['apiKey', 'os.environ/GATEWAY_API_KEY'],
    ['apiKey', '{env:GATEWAY_API_KEY}'],
    ['api_key', '$${SEARCH_API_KEY}'],
    ['TOKEN', 'os.environ.get("GIT_TOKEN", "")'],
    ['password', '{FRIGATE_MQTT_PASSWORD}'],
    ['password', '{{ .mqtt_password }}'],
    ['apikey', 'Token {{ .dsmrreader_api_key }}'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['AUTH_TOKEN', 'Bearer ${AUTH_TOKEN}'],
    ['DB_PASSWORD', ''],
    ['PASSWORD', 'none'],
    ['apiKey', 'PLACEHOLDER'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['API_KEY', '${OPENWEATHER_KEY:=placeholder}'],
    ['SIGNING_KEY', 'default'],
    // The name of the Secret an annotation points at.
    ['example.io/pluginClientSecret', 'backup-plugin-client-tls'],
    ['token', 'm'],
    ['AUTH_PASSWORD_HASH', 'sha256'],
    ['PASSWORD_HASH', 'plain'],
    ['VPN_PEER_PUBLIC_KEY', 'x8Kq2Lm9Pz4Rt7Vw1Yb3Nd6FhJ0sUe5GaC2iO9kQ7mZ='],
    ['widget.password', '{{ `{{HOMEPAGE_VAR_GRAFANA_PASSWORD}}` }}'],
    ['TOKEN', '$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)'],
    // Flux's escape for a `$` it must leave alone.
    ['KUBE_TOKEN', '$$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['scrape.yaml', '- job_name: printer\n  params:\n    apikey: ["${PRINTER_API_KEY}"]\n'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['uri', 'postgresql://${OWNER:=${APP}}@db.svc:5432/${APP}?sslmode=verify-full'],
    ['sync.sh', 'TOKEN=$(curl -s http://vault.local/token)\nPASSWORD=`cat /secrets/p`\n'],
    ['config.php', "<?php\n$CONFIG = array(\n  'dbpassword' => getenv('POSTGRES_PASSWORD'),\n);\n"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['API_KEY', '${WEATHER_API_KEY:=fnord}'],
    ['admin_hash', '{{ .ADMIN_PASSWORD_HASH }}|2024-01-01T00:00:00Z'],
    ['API_TOKEN', 'REPLACE_ME'],
    // Grafana reads these from its environment, a file or Vault at start.
    ['client_secret', '$__env{GF_OAUTH_CLIENT_SECRET}'],
    ['password', '$__file{/etc/secrets/db-password}'],
    ['basicAuthPassword', '$__vault{kv:grafana/db:password}'],
    // What a model server that checks no key is given: its own name, or a key of one repeated character.
    ['LLM_BINDING_API_KEY', 'vllm'],
    ['OPENAI_API_KEY', 'ollama'],
    ['AUDIO_OPENAI_API_KEY', 'sk-111111111111'],
    // The same script leaving the password empty, to be filled from the environment by a later line.
    [
      'init.sh',
      "printf '%s\\n' \\\n  'Feed.Username=' \\\n  'Feed.Password=' \\\n  > feed.conf\nsed -i \"s@^Feed.Password=.*@Feed.Password=$${FEED_PASSWORD}@\" feed.conf\n",
    ],
    // A token format's fixed prefix before the template that fills the token.
    ['APP_BOOTSTRAP_TOKEN', 'relay_{{ .TOKEN }}'],
    // Stand-ins for a key a proxy beside the app holds.
    ['GEOIP_LICENSE_KEY', 'stub'],
    ['LICENSE_KEY', 'dummy'],
    // A Flux variable whose default names the key of a Secret.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['CLIENT_SECRET_KEY', '${OIDC_CLIENT_SECRET_KEY:=client-secret}'],
    // A script's code that reads the password from a file named in its environment.
    [
      'create-user.js',
      "let {\n  EXTRA_PASSWORDS_FILE: passwordFile,\n} = process.env;\nif (!pwd) {\n  pwd = fs.readFileSync(passwordFile, 'utf8');\n}\n",
    ],
    // The names of the keys a chart reads from its existingSecret.
    ['cookieEncryptionKey', 'TASKS_COOKIE_ENCRYPTION'],
    ['accesskeyEncryptionKey', 'TASKS_ACCESS_KEY_ENCRYPTION'],
    // A command's quoted option, a Flux variable, continued on the next line.
    [
      'before-starting.sh',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
      'occ oidc:provider login \\\n  --clientid="${OIDC_CLIENT_ID}" \\\n  --clientsecret="${OIDC_CLIENT_SECRET}" \\\n  --scope=openid\n',
    ],
    // Comments that show a setting's shape, in a config file and in a script.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['bridge.yaml', 'database:\n  # e.g. postgres://user:password@host/db\n  uri: ${DB_URI}\n'],
    ['sync.ini', '; password = example-only\n[db]\nhost = db.local\n'],
    // A config file's flow list of claim names under a key named like a token.
    ['auth.yml', "claims:\n  id_token: ['email', 'groups']\n  access_token: [profile]\n"],
    // A script's code: a dict entry given a variable, and a token read from a command's output over several lines.
    [
      'sync.py',
      "password = os.environ['SYNO_PASSWORD']\nparams = {\n    'account': username,\n    'passwd': password,\n}\n",
    ],
    ['pull.sh', 'TOKEN=$(curl -s -X POST \\\n  -d "$BODY" https://auth.example/token | jq -r .token)\necho ok\n'],
    // A token read from an API's reply, in a script.
    ['sync.py', "result = session.post(url).json()\nsyno_token = result['data'].get('synotoken', '')\n"],
    // Stalwart's macros, read from its environment and a mounted file at start.
    ['secret', '%{env:FALLBACK_ADMIN_SECRET}%'],
    ['private-key', '%{file:/opt/stalwart/etc/certs/tls.key}%'],
    // A Nix template's placeholder (sops-nix renders the real key when the host is built).
    ['age.agekey', '@agekey@'],
    // A config's own placeholder, filled by an init container from a Secret.
    ['config.yml', 'plex:\n  url: http://plex.media:32400\n  token: <<PLEX_TOKEN>>\n'],
    // The shape of a camera's stream URL, on a camera not set up yet.
    ['config.yml', 'cameras:\n  door:\n    enabled: false\n    path: rtsp://user:pass@camera-ip:554/stream\n'],
    // A cluster's CA certificate in base64, as a kubeconfig holds it.
    [
      'K8S_CONFIG_CA_DATA',
      Buffer.from(`-----BEGIN CERTIFICATE-----\n${'MIIB'.repeat(40)}\n-----END CERTIFICATE-----\n`).toString('base64'),
    ],
    ['clientSecret', '<your-client-secret>'],
    ['apiKey', 'YOUR_API_KEY_HERE'],
    ['password', 'xxxxxxxx'],
    ['pass_access_token', 'true'],
    ['DB_PASSWORD', 1234],
    ['PASSWORD_FILE', '/run/secrets/db'],
    ['password', '/config/password.txt'],
    ['githubConfigSecret', 'home-ops-runner-secret'],
    ['pullSecret', 'ghcr-auth'],
    ['secretKey', 'PASSWORD'],
    ['secretKey', 'admin-password'],
    ['S3_ACCESS_KEY', 'parseable'],
    ['token_url', 'https://auth.example.com/application/o/token/'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['DB_URL', 'postgres://app:${DB_PASSWORD}@db:5432/app'],
    ['rtsp', 'rtsp://view:{FRIGATE_RTSP_PASSWORD}@porch.home:554/cam'],
    // A yq program in an init container's script that writes a config from the environment (a real homelab's).
    [
      'script',
      "set -e\nyq -o=json \\\n  '.auth.oidc.clientSecret = env(OIDC_SECRET) | .ai.apiKey = strenv(AI_KEY)' \\\n  in.json > out.json\n",
    ],
    // An image and its tag, however generated the tag looks (a branch, a commit, a build time).
    ['image', 'registry.example.org/team/api:staging-b7d2e19-20240817152346'],
    ['tag', 'staging-b7d2e19-20240817152346'],
    // The name of the key in a Secret the app reads, and a script's variable; a value a start script fills in.
    ['licenseKey', 'license-key'],
    ['apiKey', 'api_token'],
    ['script', 'const settings = {\n  bank_secretKey: secretKey,\n};\n'],
    ['rpc_secret', '__RPC_SECRET_REPLACE__'],
    // A template in a URL's password, spaced as people write it; a gateway that checks no key; padded placeholders.
    ['.git-credentials', 'https://x-access-token:{{ .WIKI_TOKEN }}@git.example.org'],
    ['OPENAI_API_KEY', 'model-gateway-noauth'],
    ['FEED_REFRESH_TOKEN', 'XXXXXXS'],
    ['LDAP_ADMIN_PASSWORD', 'not-a-secret'],
    // A storage folder's id looks generated; a shell command's environment prefix reads a variable; an app's own
    // hyphenated placeholder.
    ['GALLERY_FOLDER_ID', '1QwErTy7uIoP3aSdF9gHjK2lZxC5vBnM8'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, written literally
    ['init.sh', '#!/bin/sh\nPGPASSWORD="${PGPASSWORD}" psql -h db -U "${PGUSER}" -c "select 1"\n'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an app's placeholder, written literally
    ['clientSecret', '${oidc-client-secret}'],
    // A script's shell default, escaped for Flux, that says the value must come from the environment.
    ['post-process.sh', '#!/bin/sh\nINDEXER_API_KEY="$${INDEXER_API_KEY:-required}"\nexec run\n'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, written literally
    ['INDEXER_API_KEY', '${INDEXER_API_KEY:-unset}'],
    // A boolean quoted by the defaults of two Flux variables around it.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Flux placeholders, written literally
    ['SKIP_PASSWORD', "${quote:='}${SKIP_PASSWORD:=true}${quote:='}"],
    // An identity provider's blueprint reads the secret from its context or environment.
    ['blueprint.yaml', 'entries:\n  - attrs:\n      client_id: wiki\n      client_secret: !Context client_secret\n'],
    ['blueprint.yaml', 'entries:\n  - attrs:\n      client_secret: !Env WIKI_CLIENT_SECRET\n'],
    // A Flux default that spells the variable's name stands for it; a model's price per token is a number.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['MATTER_HUB_ACCESS_TOKEN', '${HUB_ACCESS_TOKEN:=hub_access_token}'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Flux placeholder, written literally
    ['POLLER_PASS', '${SECRET_POLLER_PASS:=poller-pass}'],
    ['config.yaml', 'model_list:\n  - model_info:\n      input_cost_per_token: 0.0000002\n'],
    // A value that says it is a placeholder, among other words; an annotation that names a Secret by namespace/name.
    ['OAUTH_CLIENT_SECRET', 'preview-placeholder-not-secret'],
    ['nginx.ingress.kubernetes.io/auth-secret', 'default/ingress-basic-auth'],
    // A published image's address on a CDN looks generated.
    ['gethomepage.dev/icon', 'https://cdn.example.net/Qm7xT2vR9kLp4Wn8Zb3Yc6Hd1Jf5Gs0=w600-h300'],
    // Jenkins configuration as code reads `${name}` from its credential store; Flux's `$$` escape keeps it for Jenkins.
    ['clientSecret', '$${oidc-client-secret}'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder, written literally
    ['password', '${vault.db-password}'],
    // Addresses, and 1Password the product.
    ['SVC_ONEPASSWORD', '10.20.0.15'],
    ['DB_PASSWORD', '10.20.0.15'],
    ['ALLOWED_NETWORK_PASSWORD_BYPASS', '10.0.0.0/8'],
    // Argo CD reads these from argocd-secret, or from another Secret by name.
    ['clientSecret', '$oidc.sso.clientSecret'],
    [
      'oidc.config',
      'name: Example\nissuer: https://idp.example.test\nclientID: demo\nclientSecret: $dex.sso.clientSecret\n',
    ],
    ['password', '$repo-creds:password'],
    // One-way password hashes, the form an app asks for instead of the password (weave-gitops, htpasswd, Authelia).
    ['passwordHash', `$2y$10$${'Q3mW8vK2pL9xR4tN7bY1cF'}${'6hJ0sD5gA3eQ8uI2oP4lK9mZ7xC1vB6'}`],
    [
      'password',
      `$argon2id$v=19$m=65536,t=3,p=4$${'c2FsdHNhbHRzYWx0'}$${'Zq3mW8vK2pL9xR4tN7bY1cF6hJ0sD5gA3eQ8uI2oP4'}`,
    ],
    [
      'ADMIN_PASSWORD_HASH',
      `$6$${'s4ltS4lt'}$${'Zq3mW8vK2pL9xR4tN7bY1cF6hJ0sD5gA3eQ8uI2oP4lK9mZ7xC1vB6nM3aS0dF8gH5jK2lQ9wE4rT7yU1iO6pA'}`,
    ],
    ['htpasswd', `$apr1$${'s4ltS4lt'}$${'Zq3mW8vK2pL9xR4tN7bY1c'}`],
  ])('%s: %s is no credential', (key, value) => {
    expect(credentialIn(key, value)).toBeUndefined();
  });
});

describe('highEntropyTokens', () => {
  it('finds generated tokens, not paths, names, identifiers or digests', () => {
    expect(highEntropyTokens('xK9mP2vL8nQ4wR7tY1uI3oA5sD6fG0h')).toHaveLength(1);
    // A token before a dot that starts no host name (the end of a sentence) is still a token.
    expect(highEntropyTokens('token xK9mP2vL8nQ4wR7tY1uI3oA5sD6fG0h. Done')).toHaveLength(1);
    // URL-safe base64 holds `-` and `_` now and then: a separator or two between long runs is still a token.
    expect(highEntropyTokens('q8ZtN3vX_7kLmP2wR9sY4bHc-6JdF1gA0eQ')).toHaveLength(1);
    for (const text of [
      'https://raw.githubusercontent.com/someone/icons/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567/png/app.png',
      'plugins<https://cdn.example.org/data/hXiIvTyT/versions/nY6VN1XH/Plugin-2.22.0.jar',
      'home-assistant-7c48d-e078848c9fb0.json',
      'usb-FTDI_FT230X_Basic_UART_DO00DPTS-if00-port0',
      'rPDU2DeviceStatusPowerSupply1Status',
      // A machine-learning model's name in an app's config (seen in a real homelab's ExternalSecret template).
      'modelName: ResNet-L800K-12-PatchNet3-256__imgnet',
      'sha256-3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170',
      // A web page's script tag with its integrity hash, and a map's public token.
      '<script src="https://cdn.example.org/map.js" integrity="sha512-Zq3mW8vK2pL9xR4tN7bY1cF6hJ0sD5gA3eQ8uI2oP4lK9mZ7xC1vB6nM3aS0dF8gH5jK2lQ9wE4rT7yU1iO6pA==" crossorigin=""></script>',
      "L.tileLayer(url, { accessToken: 'pk.eyJ1IjoiZXhhbXBsZSIsImEiOiJjbDBxMnc4ZXQwMDAwM2NwZzZ2b2Z1eXh6In0.Xk7Qw2Lm9Pz4Rt7Vw1Yb3N' })",
      // A tunnel's public DNS target, and a storage volume's id.
      '--default-targets=5f0c2a71-9b3e-4d2a-8c6f-1e7b9a0d3c45.cfargotunnel.com',
      'volumeHandle: 7d1e4b2a-3c5f-4a6b-9e8d-0f1a2b3c4d5e',
      // An age recipient (a public key) and a CSP hash source (the digest of a public style).
      'AGE_RECIPIENT=age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
      "style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
      // Public SSH host keys, as a known_hosts file lists them.
      'git.example.test ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk9mP2vL8nQ4wR7tY1uI3oA5sD6fG0hJ2kL4mN6bV8c',
      'git.example.test ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBK9mP2vL8nQ4wR7tY1uI3oA5sD6fG0h=',
      // A GPU named as NVIDIA's tools name it, for CUDA_VISIBLE_DEVICES.
      'GPU-36f675cc-81e7-4ef5-a8e2-5d940ed90475',
      'MIG-9b0e4f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
      // A CA bundle passed base64-encoded in a variable: a certificate, public by design.
      `CA_BUNDLE: ${Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQm9ndXNDZXJ0aWZpY2F0ZUZvclRlc3Rz\n-----END CERTIFICATE-----\n').toString('base64')}`,
      // A flag's value is judged apart from its name: a DNS zone's hex id, an OAuth client's UUID in a login link.
      '--zone-id-filter=0b9e5d7c3a1f48e6b2d4c6a8e0f1b3d5',
      'https://login.example.org/tenant/oauth2/v2.0/authorize?p=B2C_1A_SIGNIN&client_id=5e1d7c2b-8a4f-4c3e-9b6d-2f0a1e3c5b7d&nonce=defaultNonce',
    ]) {
      expect(highEntropyTokens(text), text).toEqual([]);
    }
    // …and a flag that carries a generated value is still found.
    expect(highEntropyTokens('--api-token=xK9mP2vL8nQ4wR7tY1uI3oA5sD6fG0h')).toEqual([
      'xK9mP2vL8nQ4wR7tY1uI3oA5sD6fG0h',
    ]);
    // Base64's padding is part of its token.
    expect(highEntropyTokens('q8ZtN3vX7kLmP2wR9sY4bHc6JdF1gA0eQ==')).toEqual(['q8ZtN3vX7kLmP2wR9sY4bHc6JdF1gA0eQ==']);
  });
});

describe('privatePemBlocks', () => {
  it('finds a key block, not a script that prints the armour around a key file it reads', () => {
    const body = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUx';
    const key = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
    expect(privatePemBlocks(key).map((b) => b.label)).toEqual(['OPENSSH PRIVATE KEY']);
    const script = [
      'echo "-----BEGIN OPENSSH PRIVATE KEY-----" > /tmp/id',
      'cat /keys/id >> /tmp/id',
      'echo "-----END OPENSSH PRIVATE KEY-----" >> /tmp/id',
    ].join('\n');
    expect(privatePemBlocks(script)).toEqual([]);
  });
});
