import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { analyzeRepo } from '../analyze-repo';
import { getPath } from '../parse/k8s-object';
import { dedent, fluxKustomization, repo, sopsSecret } from '../test-support/repo';
import { fixFindings } from './fix-findings';

/** Fixes every fixable finding of `files`; returns the outcome and the files after it. */
function fixAll(files: Map<string, string>) {
  const findings = analyzeRepo(files).filter((f) => f.fixable);
  const outcome = fixFindings(files, findings);
  if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
  return { findings, outcome, after: new Map([...files, ...outcome.files]) };
}

const statefulSet = (env: string, extra = '') =>
  dedent(`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: data}
    spec:
      template:
        spec:
          securityContext: {runAsUser: 999}
          containers:
            - name: pg
              image: postgres:16
              envFrom: [{secretRef: {name: ${extra || 'none'}}}]
              env:
  `) + dedent(env).replace(/^(?=.)/gm, '            ');

describe('container hardening', () => {
  it('sets allowPrivilegeEscalation: false, drops ALL while keeping added capabilities, and runAsNonRoot where the UID is set', () => {
    const files = repo({
      'a.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: ns}
        spec:
          template:
            spec:
              securityContext: {runAsUser: 1000}
              initContainers:
                - {name: init, image: x, resources: {limits: {memory: 1Gi}}}
              containers:
                - name: app
                  image: x
                  # ping needs it
                  securityContext: {capabilities: {add: [NET_RAW]}}
                  resources: {limits: {memory: 1Gi}}
      `),
    });
    const { findings, outcome, after } = fixAll(files);
    expect(findings.map((f) => f.check).sort()).toEqual([
      'capabilities-not-dropped',
      'capabilities-not-dropped',
      'privilege-escalation-allowed',
      'privilege-escalation-allowed',
      'run-as-root-allowed',
      'run-as-root-allowed',
    ]);
    const spec = (parse(after.get('a.yaml')!) as { spec: { template: { spec: Record<string, unknown> } } }).spec
      .template.spec;
    expect(spec.securityContext).toEqual({ runAsUser: 1000, runAsNonRoot: true });
    expect((spec.containers as { securityContext: unknown }[])[0]?.securityContext).toEqual({
      capabilities: { add: ['NET_RAW'], drop: ['ALL'] },
      allowPrivilegeEscalation: false,
    });
    expect(after.get('a.yaml')).toContain('# ping needs it');
    expect(analyzeRepo(after).filter((f) => f.check !== 'dangerous-capabilities')).toEqual([]);
    expect(outcome.commitMessage.split('\n')[0]).toBe('fix(security): harden the securityContext of Deployment ns/app');
    // The list of findings reads as a sentence, not as a `Token:` line the tool layer would quote against trailers.
    expect(outcome.commitMessage).toMatch(/\n\nThe findings it resolves:\n- capabilities-not-dropped\//);
  });
});

describe('container hardening, where it cannot change what a container does', () => {
  const deployment = (pod: string, extra = '') =>
    repo({
      'apps/web.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: site}
        spec:
          template:
            spec:
              ${pod}
              ${extra}
              containers:
                - {name: web, image: example.org/web:1, resources: {limits: {memory: 64Mi}}}
      `),
    });
  const capabilities = (files: Map<string, string>) =>
    analyzeRepo(files).filter((f) => f.check === 'capabilities-not-dropped');

  it('drops ALL only from a container that cannot run as root; one that may is left to a person, with why', () => {
    for (const pod of ['securityContext: {runAsUser: 1000}', 'securityContext: {runAsNonRoot: true}']) {
      expect(
        capabilities(deployment(pod)).map((f) => f.fixable),
        pod,
      ).toEqual([true]);
    }
    // The image's own user (root, for an nginx or an s6 image that then switches to a user of its own), root, or a
    // UID a Flux variable sets at deploy time.
    const fluxVariable = ['$', '{APP_UID}'].join('');
    for (const pod of [
      'securityContext: {fsGroup: 1000}',
      'securityContext: {runAsUser: 0}',
      `securityContext: {runAsUser: "${fluxVariable}"}`,
    ]) {
      const [finding] = capabilities(deployment(pod));
      expect(finding?.fixable, pod).toBe(false);
      expect(finding?.message).toContain(
        pod.includes('runAsUser: 0')
          ? 'Triad leaves this one to a person: it runs as root (runAsUser: 0)'
          : 'Triad leaves this one to a person: it may run as root',
      );
    }
    // A Flux variable with a non-zero default is the UID the repository gives it: the container is not root.
    const fluxDefault = ['$', '{APP_UID:=568}'].join('');
    expect(capabilities(deployment(`securityContext: {runAsUser: "${fluxDefault}"}`)).map((f) => f.fixable)).toEqual([
      true,
    ]);
  });

  it('keeps what an image needs from its file capabilities: pgAdmin serves on port 80 as a non-root user', () => {
    const files = repo({
      'apps/pgadmin.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: pgadmin, namespace: db}
        spec:
          template:
            spec:
              securityContext: {runAsUser: 5050, runAsNonRoot: true}
              containers:
                - {name: pgadmin, image: docker.io/dpage/pgadmin4:9.1, resources: {limits: {memory: 256Mi}}}
      `),
    });
    const escalation = analyzeRepo(files).find((f) => f.check === 'privilege-escalation-allowed');
    expect(escalation?.fixable).toBe(false);
    expect(escalation?.message).toContain('pgAdmin 4 needs its file capabilities');
    const { after } = fixAll(files);
    expect(parse(after.get('apps/pgadmin.yaml')!).spec.template.spec.containers[0].securityContext).toEqual({
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
    });
    // Told to serve on an unprivileged port, it needs neither.
    const unprivileged = new Map(
      [...files].map(([path, text]) => [
        path,
        text.replace('resources: {limits', 'env: [{name: PGADMIN_LISTEN_PORT, value: "5050"}], resources: {limits'),
      ]),
    );
    const fixed = fixAll(unprivileged).after.get('apps/pgadmin.yaml')!;
    expect(parse(fixed).spec.template.spec.containers[0].securityContext).toEqual({
      capabilities: { drop: ['ALL'] },
      allowPrivilegeEscalation: false,
    });
  });

  it('fixes an object its kustomization puts in a namespace its file does not name, and adds nothing that names it', () => {
    const files = repo({
      'clusters/home/sync.yaml': fluxKustomization('flux-system', './clusters/home'),
      'clusters/home/apps.yaml': fluxKustomization('influx', './apps/influx'),
      'apps/influx/kustomization.yaml': 'namespace: metrics\nresources: [influx.yaml]\n',
      'apps/influx/influx.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: influx}
        spec:
          template:
            spec:
              securityContext: {runAsUser: 1000}
              containers:
                - name: influx
                  image: influxdb:2
                  resources: {limits: {memory: 1Gi}}
                  volumeMounts: [{name: data, mountPath: /var/lib/influxdb2}]
              volumes:
                - {name: data, emptyDir: {}}
      `),
    });
    const { findings, after } = fixAll(files);
    expect(findings.map((f) => f.resource.namespace)).toEqual(findings.map(() => 'metrics'));
    const docs = parseAllDocuments(after.get('apps/influx/influx.yaml')!).map((d) => d.toJS());
    expect(docs[0].spec.template.spec.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false });
    expect(docs[1]).toMatchObject({ kind: 'PersistentVolumeClaim', metadata: { name: 'influx-data' } });
    expect(docs[1].metadata).not.toHaveProperty('namespace');
  });

  it("leaves code-server's escalation and capabilities to a person: its fixuid and sudo need both", () => {
    const files = repo({
      'apps/ide.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ide, namespace: tools}
        spec:
          template:
            spec:
              securityContext: {runAsNonRoot: true, runAsUser: 568}
              containers:
                - {name: code, image: ghcr.io/coder/code-server:4.100.0, resources: {limits: {memory: 1Gi}}}
      `),
    });
    const found = analyzeRepo(files).filter((f) =>
      ['capabilities-not-dropped', 'privilege-escalation-allowed'].includes(f.check),
    );
    expect(found.map((f) => [f.check, f.fixable])).toEqual([
      ['capabilities-not-dropped', false],
      ['privilege-escalation-allowed', false],
    ]);
    expect(found[0]?.message).toContain(
      'Triad leaves this one to a person: code-server (coder image) gains root at start',
    );
  });

  it('leaves escalation to a person for an image that starts its supervisor through sudo (pretix)', () => {
    const files = repo({
      'apps/tickets.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: tickets, namespace: web}
        spec:
          template:
            spec:
              securityContext: {fsGroup: 15371}
              containers:
                - {name: tickets, image: pretix/standalone:2025.1.0, resources: {limits: {memory: 1Gi}}}
      `),
    });
    const escalation = analyzeRepo(files).find((f) => f.check === 'privilege-escalation-allowed');
    expect(escalation?.fixable).toBe(false);
    expect(escalation?.message).toContain('pretix (standalone image) cannot start with it false, since its entrypoint');
    // Nothing else is fixed in its place: it may run as root, so its capabilities stay too.
    expect(analyzeRepo(files).filter((f) => f.fixable)).toEqual([]);
  });

  it('writes runAsNonRoot on the containers, not the pod, when another container of the pod runs as root on purpose', () => {
    const files = deployment(
      'securityContext: {runAsUser: 1000}',
      'initContainers:\n                - {name: chown, image: busybox:1, command: [chown, -R, "1000", /data], securityContext: {runAsUser: 0}, resources: {limits: {memory: 16Mi}}}',
    );
    const { after } = fixAll(files);
    const spec = parse(after.get('apps/web.yaml')!).spec.template.spec;
    expect(spec.securityContext).toEqual({ runAsUser: 1000 });
    expect(spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: true });
    expect(spec.initContainers[0].securityContext).toEqual({ runAsUser: 0, allowPrivilegeEscalation: false });
    // The kubelet would start it: no container that runs as root is asked to run as non-root.
    expect(analyzeRepo(after).filter((f) => f.fixable)).toEqual([]);
  });

  it("writes app-template's runAsNonRoot where the UID is, not in a new controller pod block that would replace it", () => {
    const files = repo({
      'apps/reader.yaml': dedent(`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: reader, namespace: books}
        spec:
          chart: {spec: {chart: app-template, version: 3.7.3, sourceRef: {kind: HelmRepository, name: bjw-s}}}
          values:
            defaultPodOptions:
              securityContext: {runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000}
            controllers:
              reader:
                pod:
                  annotations: {team: books}
                containers:
                  app:
                    image: {repository: ghcr.io/example/reader, tag: 1.0.0}
                    resources: {limits: {memory: 64Mi}}
      `),
    });
    const { after } = fixAll(files);
    const values = parse(after.get('apps/reader.yaml')!).spec.values;
    expect(values.defaultPodOptions.securityContext).toEqual({
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      runAsNonRoot: true,
    });
    expect(values.controllers.reader.pod).toEqual({ annotations: { team: 'books' } });
    expect(analyzeRepo(after).filter((f) => f.fixable)).toEqual([]);
  });
});

describe('container hardening where a chart rendered an empty securityContext', () => {
  const deployment = (securityContext: string) =>
    repo({
      'apps/rendered.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: probe, namespace: ops}
        spec:
          template:
            spec:
              securityContext: {runAsUser: 1000, runAsNonRoot: true}
              containers:
                - name: probe
                  image: example.org/probe:1
                  securityContext:${securityContext}
                  resources: {limits: {memory: 64Mi}}
      `),
    });

  it('takes a key that holds nothing (`securityContext:` or `~`) for an empty map, as Kubernetes does', () => {
    for (const empty of ['', ' ~', ' null']) {
      const { after } = fixAll(deployment(empty));
      const container = parse(after.get('apps/rendered.yaml')!).spec.template.spec.containers[0];
      expect(container.securityContext, JSON.stringify(empty)).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(analyzeRepo(after)).toEqual([]);
    }
  });

  it('leaves a file whose shape stops a fixer as it was, says why, and goes on with the other files', () => {
    const files = new Map([
      ...deployment(' "restricted"'),
      ...repo({
        'apps/other.yaml': dedent(`
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: other, namespace: ops}
          spec:
            template:
              spec:
                securityContext: {runAsUser: 1000, runAsNonRoot: true}
                containers: [{name: other, image: example.org/other:1, resources: {limits: {memory: 64Mi}}}]
        `),
      }),
    ]);
    const findings = analyzeRepo(files).filter((f) => f.fixable);
    const broken = fixFindings(
      files,
      findings.filter((f) => f.file === 'apps/rendered.yaml'),
    );
    expect(broken.kind).toBe('unfixable');
    expect(broken.kind === 'unfixable' && broken.reason).toMatch(
      /^[a-z-]+\/Deployment\/ops\/probe\/probe: the built-in fixer stopped on this file's YAML \(.+\); nothing of this change was written$/,
    );
    const other = fixFindings(
      files,
      findings.filter((f) => f.file === 'apps/other.yaml'),
    );
    expect(other.kind).toBe('fixed');
  });
});

describe('container hardening of a release that names its controller by an alias', () => {
  it('keeps the file as written where a changed run of lines holds an alias of an anchor outside it', () => {
    // `*app :` as a key, its anchor on the release's name: a fragment of the file alone cannot resolve it.
    const text = dedent(`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: &app hub
        namespace: home
      spec:
        chart: {spec: {chart: app-template, version: 3.7.3, sourceRef: {kind: HelmRepository, name: bjw-s}}}
        values:
          controllers:
            *app :
              containers:
                app:
                  image:
                    repository: ghcr.io/example/hub
                    tag: 1.0.0
                  securityContext:
                    runAsUser: 1000
                  resources: {limits: {memory: 64Mi}}
    `);
    const { after } = fixAll(repo({ 'apps/hub.yaml': text }));
    const written = after.get('apps/hub.yaml')!;
    expect(written).toContain('    *app :\n');
    // Only lines added: every line of the file is still there as it was written.
    for (const line of text.split('\n')) expect(written.split('\n')).toContain(line);
    expect(parse(written).spec.values.controllers.hub.containers.app.securityContext).toEqual({
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
    });
  });
});

describe('container hardening in the style of the file', () => {
  const file = (args: string) =>
    dedent(`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: shop}
      spec:
        template:
          spec:
            securityContext:
              runAsUser: 1000
              runAsNonRoot: true
            containers:
              - name: api
                image: example.org/api:1
                ${args}
                resources:
                  limits:
                    memory: 64Mi
    `);

  it('writes the dropped capabilities one per line where the file writes its lists so, and in brackets where it does', () => {
    const block = fixAll(
      repo({ 'a.yaml': file('args:\n                  - --port\n                  - "8080"') }),
    ).after;
    expect(block.get('a.yaml')).toMatch(/\n( +)drop:\n\1 {2}- ALL\n/);
    expect(block.get('a.yaml')).not.toContain('[ALL]');
    const flow = fixAll(repo({ 'a.yaml': file('args: [--port, "8080"]') })).after;
    expect(flow.get('a.yaml')).toContain('drop: [ALL]');
    // Lists of maps count too: ports written one per line make a file that writes its lists so.
    const maps = fixAll(repo({ 'a.yaml': file('ports:\n                  - containerPort: 8080') })).after;
    expect(maps.get('a.yaml')).not.toContain('[ALL]');
  });

  it('writes capabilities as the file already writes capabilities, whatever its other lists do', () => {
    const text = dedent(`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: shop}
      spec:
        template:
          spec:
            securityContext: {runAsUser: 1000, runAsNonRoot: true}
            containers:
              - name: agent
                image: example.org/agent:1
                args: [--quiet]
                resources: {limits: {memory: 16Mi}}
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop:
                      - ALL
              - name: api
                image: example.org/api:1
                args: [--port, "8080"]
                ports: [{containerPort: 8080}]
                resources: {limits: {memory: 64Mi}}
    `);
    const written = fixAll(repo({ 'a.yaml': text })).after.get('a.yaml')!;
    expect(written.match(/drop:\n\s+- ALL/g)).toHaveLength(2);
    expect(written).not.toContain('[ALL]');
  });
});

describe('container hardening of a file that mixes list styles, as charts render them', () => {
  it("puts a new key at its container's key column after a list the file indents, where most lists are flush", () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: screen, namespace: signage}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: screen',
      '        image: example.org/screen:1.0.4',
      '        ports:',
      '        - name: http',
      '          containerPort: 4567',
      '        resources: {limits: {memory: 100Mi}}',
      '        env:',
      '          - name: RACK_ENV',
      '            value: production',
      '',
    ].join('\n');
    const written = fixAll(repo({ 'apps/screen.yaml': text })).after.get('apps/screen.yaml')!;
    expect(written).toBe(`${text}        securityContext:\n          allowPrivilegeEscalation: false\n`);
  });

  it('adds its lines and changes no other: indented and flush lists, and quotes yaml would drop, stay as written', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: resolver, namespace: dns}',
      'spec:',
      '  template:',
      '    spec:',
      '      securityContext: {runAsUser: 1000, runAsNonRoot: true}',
      '      initContainers:',
      '        - command:',
      '          - sh',
      '          - -c',
      '          - cp /seed/conf.yaml /conf/conf.yaml',
      '          image: example.org/tools:1',
      '          name: seed',
      '          resources: {limits: {memory: 16Mi}}',
      '          volumeMounts:',
      '          - mountPath: /conf',
      '            name: conf',
      '      containers:',
      '        - name: resolver',
      '          image: "example.org/resolver:2"',
      '          env:',
      '            - name: "TZ"',
      '              value: "Europe/Oslo"',
      '          ports:',
      '            - name: http',
      '              containerPort: 3000',
      '          resources: {limits: {memory: 64Mi}}',
      '          volumeMounts:',
      '          - name: conf',
      '            mountPath: /conf',
      '      volumes:',
      '        - name: conf',
      '          emptyDir: {}',
      '',
    ].join('\n');
    const written = fixAll(repo({ 'apps/resolver.yaml': text })).after.get('apps/resolver.yaml')!;
    const lines = written.split('\n');
    // Every original line is still there, in order; what is new is the hardening alone.
    let at = 0;
    for (const line of text.split('\n')) {
      at = lines.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
    }
    const added = lines.filter((line) => !text.split('\n').includes(line)).map((line) => line.trim());
    // Its lists are written one item per line, so is the new one.
    const twice = (line: string) => [line, line];
    expect(added.sort()).toEqual(
      ['allowPrivilegeEscalation: false', 'capabilities:', 'securityContext:', 'drop:', '- ALL'].flatMap(twice).sort(),
    );
  });
});

describe('container hardening, the decision it applies', () => {
  const files = (extra: Record<string, string> = {}) =>
    repo({
      'apps/a.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: ns}
        spec:
          template:
            spec:
              securityContext: {runAsUser: 1000, runAsNonRoot: true}
              containers:
                - {name: app, image: x, resources: {limits: {memory: 1Gi}}}
      `),
      ...extra,
    });

  it('records the decision once for the repository, not once per workload', () => {
    const { outcome } = fixAll(files());
    expect(outcome.adr?.title).toBe('Containers drop the privileges they do not use');
    expect(outcome.adr?.context).toContain('Deployment ns/app is the first to change');
  });

  it('cites the record the repository already has instead of writing another', () => {
    const record = '# 0004. Containers drop the privileges they do not use\n\n- Status: Accepted\n';
    const { outcome } = fixAll(files({ 'docs/decisions/0004-hardening.md': record }));
    expect(outcome.adr).toBeUndefined();
    expect(outcome.commitMessage).toContain('The decision is recorded in docs/decisions/0004-hardening.md.');
    // A record of another decision, or one that only mentions the title, is not it.
    const other = fixAll(
      files({
        'docs/adr/0001-x.md': '# 0001. Use SOPS\n\nSee Containers drop the privileges they do not use\n',
      }),
    );
    expect(other.outcome.adr?.title).toBe('Containers drop the privileges they do not use');
  });
});

describe('container hardening, as a reviewer reads the diff', () => {
  /**
   * A Deployment `ns/app`: a non-root pod with a container `app` that needs hardening, then `rest` (written at the
   * level of the pod spec's keys: `  - name:` continues the containers).
   */
  const deployment = (rest: string) =>
    dedent(`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: app, namespace: ns}
      spec:
        template:
          spec:
            securityContext: {runAsNonRoot: true}
            containers:
              - name: app
                image: x
                resources: {limits: {memory: 1Gi}}
    `) + rest.replace(/^(?=.)/gm, '      ');

  /** The fixed text of the only file, and that every line of the file before is still there, in order. */
  const fixedKeepingEveryLine = (text: string): string => {
    const changed = fixAll(repo({ 'a.yaml': text })).after.get('a.yaml')!;
    const kept = changed.split('\n');
    let at = 0;
    for (const line of text.split('\n')) {
      at = kept.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
      at += 1;
    }
    return changed;
  };

  it('changes no line it did not mean to: the blank line before a commented-out entry stays', () => {
    // A real homelab's HelmRelease ends its containers with a commented-out sidecar; an edit to another container
    // showed the blank line before it removed.
    const changed = fixedKeepingEveryLine(
      deployment(
        [
          '  - name: done',
          '    image: y',
          '    securityContext:',
          '      allowPrivilegeEscalation: false',
          '      capabilities:',
          '        drop:',
          '          - ALL',
          '    resources: {limits: {memory: 1Gi}}',
          '',
          '  # - name: later',
          '  #   image: z',
          '',
        ].join('\n'),
      ),
    );
    expect(changed).toMatch(/resources: \{limits: \{memory: 1Gi\}\}\n\n *# - name: later/);
  });

  it('writes a file mode it did not touch back as it was: 0400 is octal to Kubernetes, 400 would be 0620', () => {
    // Seen on a real homelab: a fix elsewhere in the document rewrote `defaultMode: 0400` as `defaultMode: 400`.
    const text = deployment(
      dedent(`
        volumes:
          - name: config
            secret: {secretName: app, defaultMode: 0400}
          - name: scripts
            configMap:
              name: scripts
              defaultMode: 0755
      `),
    );
    const changed = fixAll(repo({ 'a.yaml': text })).after.get('a.yaml')!;
    expect(changed).toContain('allowPrivilegeEscalation: false');
    expect(changed).toContain('secret: {secretName: app, defaultMode: 0400}');
    expect(changed).toContain('defaultMode: 0755');
  });

  it('keeps a folded single-quoted string and a \\n escape as written, even right before the lines it adds', () => {
    const changed = fixedKeepingEveryLine(
      deployment(
        [
          '    env:',
          '      - name: PREFIX',
          '        value: "Instruct: answer briefly\\nQuery: "',
          '      - name: OPTIONS',
          `        value: '{"headers":{"User-Agent": "Mozilla/5.0 (X11;`,
          `          Linux x86_64)"}}'`,
          '',
        ].join('\n'),
      ),
    );
    expect(changed).toContain('allowPrivilegeEscalation: false');
  });

  it('writes the new lines where they belong and keeps the blank line before the comment after them', () => {
    const changed = fixAll(repo({ 'a.yaml': deployment('\n  # - name: later\n') })).after.get('a.yaml')!;
    expect(changed).toMatch(/allowPrivilegeEscalation: false\n\n *# - name: later\n$/);
  });
});

describe('container hardening of a DNS server', () => {
  it('keeps NET_BIND_SERVICE when it drops ALL from CoreDNS, which serves on port 53', () => {
    // A VPN pod of our own making whose CoreDNS sidecar answers on :53 (seen in a real homelab's HelmRelease).
    const files = repo({
      'dns.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: vpn, namespace: ns}
        spec:
          template:
            spec:
              containers:
                - name: dns
                  image: mirror.gcr.io/coredns/coredns:1.14.7
                  args: [-conf, /etc/coredns/Corefile]
                  resources: {limits: {memory: 128Mi}}
      `),
    });
    const { after } = fixAll(files);
    const container = parse(after.get('dns.yaml')!).spec.template.spec.containers[0];
    expect(container.securityContext.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    // Its non-root user binds :53 through the binary's file capability, which no_new_privs would withhold.
    expect(container.securityContext).not.toHaveProperty('allowPrivilegeEscalation');
    expect(analyzeRepo(files).find((f) => f.check === 'privilege-escalation-allowed')?.message).toContain(
      'Triad leaves this one to a person: CoreDNS needs its file capabilities',
    );
  });
});

describe('hardcoded-credential', () => {
  it('reads the key from the SOPS Secret the pod already uses, and says a person must add it with sops', () => {
    const files = repo({
      'db.yaml': statefulSet('- {name: POSTGRES_PASSWORD, value: "pg-Secret-42"}', 'db-secrets'),
      'secret.sops.yaml': sopsSecret('data', 'db-secrets'),
    });
    const { outcome, after } = fixAll(files);
    const text = after.get('db.yaml')!;
    expect(text).not.toContain('pg-Secret-42');
    expect(parse(text).spec.template.spec.containers[0].env).toEqual([
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-secrets', key: 'POSTGRES_PASSWORD' } } },
    ]);
    expect([...outcome.files.keys()]).toEqual(['db.yaml']);
    expect(outcome.humanSteps).toEqual([
      'add POSTGRES_PASSWORD to secret.sops.yaml with `sops secret.sops.yaml`, with a new value: the old one stays in Git history at db.yaml (POSTGRES_PASSWORD at line 13), so rotate it (Triad could not encrypt it: the repository has no .sops.yaml, so it names no age recipient for db-secret.sops.yaml)',
    ]);
    expect(outcome.commitMessage).toContain('Before this change reconciles, a person must:');
  });

  it('otherwise appends a placeholder Secret with no value, marked sops-pending', () => {
    const files = repo({
      // The repository encrypts with SOPS, to a key Triad cannot encrypt to: a person adds the value with sops.
      '.sops.yaml': 'creation_rules:\n  - pgp: 0123456789ABCDEF0123456789ABCDEF01234567\n',
      'db.yaml': statefulSet('- {name: POSTGRES_PASSWORD, value: "pg-Secret-42"}\n- {name: TZ, value: UTC}'),
    });
    const { after } = fixAll(files);
    const docs = parseAllDocuments(after.get('db.yaml')!) as unknown as { toJS(): Record<string, unknown> }[];
    expect(docs).toHaveLength(2);
    expect(docs[1]?.toJS()).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db-credentials',
        namespace: 'data',
        annotations: { 'triad.dev/sops-pending': 'POSTGRES_PASSWORD' },
      },
      type: 'Opaque',
    });
    expect(after.get('db.yaml')).not.toContain('pg-Secret-42');
    expect(analyzeRepo(after).filter((f) => ['hardcoded-credential', 'plaintext-secret'].includes(f.check))).toEqual(
      [],
    );
  });
  it('leaves a credential where it is in a repository without SOPS, and names the ExternalSecret nearest to it', () => {
    const db = statefulSet('- {name: POSTGRES_PASSWORD, value: "pg-Secret-42"}');
    const finding = (files: Map<string, string>) => {
      const found = analyzeRepo(files).find((f) => f.check === 'hardcoded-credential');
      expect(found?.fixable).toBe(false);
      return found?.message ?? '';
    };
    expect(finding(repo({ 'apps/db/db.yaml': db }))).toContain(
      'Triad leaves this one to a person: the repository has no .sops.yaml, so nobody could add the value to a placeholder Secret with sops, and the pod would not start until someone did; set up SOPS',
    );
    const external = (store: string) =>
      dedent(`
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: env, namespace: data}
        spec:
          secretStoreRef: {kind: ClusterSecretStore, name: ${store}}
          dataFrom: [{extract: {key: secret/app}}]
      `);
    const files = repo({
      'apps/db/db.yaml': db,
      'ci/pipeline/env.yaml': external('ci'),
      'apps/web/env.yaml': external('vault'),
    });
    expect(finding(files)).toContain(
      'the repository reads secrets through External Secrets: put the value in the store vault and read it through an ExternalSecret, as apps/web/env.yaml does',
    );
    // The fixer holds the same line against a finding that says otherwise.
    const forced = analyzeRepo(files)
      .filter((f) => f.check === 'hardcoded-credential')
      .map((f) => ({ ...f, fixable: true }));
    const outcome = fixFindings(files, forced);
    expect(outcome.kind === 'unfixable' ? outcome.reason : outcome.kind).toContain('put the value in the store vault');
  });
});

describe('emptydir-stateful-data', () => {
  it("gives a new claim the storage class the same release's other claims name, before the repository's most used", () => {
    const pvc = (name: string) =>
      `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${name}, namespace: files}\nspec: {storageClassName: shared-fs, accessModes: [ReadWriteMany]}\n`;
    const files = repo({
      'apps/files/a.yaml': pvc('a'),
      'apps/files/b.yaml': pvc('b'),
      'apps/mon/release.yaml': dedent(`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: kps, namespace: monitoring}
        spec:
          chart: {spec: {chart: kube-prometheus-stack, sourceRef: {kind: HelmRepository, name: community}}}
          values:
            prometheus:
              prometheusSpec:
                storageSpec: {volumeClaimTemplate: {spec: {storageClassName: fast-block, resources: {requests: {storage: 20Gi}}}}}
      `),
    });
    // Its Grafana keeps its database on the chart's emptyDir: the claim goes where Prometheus' claim is.
    const { after } = fixAll(files);
    const values = parse(after.get('apps/mon/release.yaml')!).spec.values;
    expect(values.grafana.persistence).toMatchObject({ enabled: true, storageClassName: 'fast-block' });
  });

  it('turns the volume into a claim declared in the same file, with the repo’s storage class and the size limit, and an ADR', () => {
    const files = repo({
      'db.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: influx, namespace: metrics}
        spec:
          template:
            spec:
              containers:
                - name: influx
                  image: influxdb:2
                  volumeMounts: [{name: data, mountPath: /var/lib/influxdb2}]
              volumes:
                - name: data
                  emptyDir: {sizeLimit: 8Gi}
      `),
      'pvc.yaml':
        'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: x, namespace: y}\nspec: {storageClassName: longhorn}\n',
    });
    const findings = analyzeRepo(files).filter((f) => f.check === 'emptydir-stateful-data');
    const outcome = fixFindings(files, findings);
    if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
    const docs = parseAllDocuments(outcome.files.get('db.yaml')!) as unknown as { toJS(): Record<string, unknown> }[];
    expect(getPath(docs[0]?.toJS(), ['spec', 'template', 'spec', 'volumes'])).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'influx-data' } },
    ]);
    expect(docs[1]?.toJS()).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'influx-data', namespace: 'metrics' },
      spec: {
        storageClassName: 'longhorn',
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '8Gi' } },
      },
    });
    expect(outcome.adr?.title).toBe('Keep the data of Deployment metrics/influx on a PersistentVolumeClaim');
  });
});

describe('unfixable findings', () => {
  it('are refused with the reason, and nothing is edited', () => {
    const files = repo({
      'a.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: true, containers: [{name: c, image: x}]}\n',
    });
    const findings = analyzeRepo(files).filter((f) => f.check === 'host-namespace');
    expect(fixFindings(files, findings)).toEqual({
      kind: 'unfixable',
      reason: 'host-namespace/Pod/_/p/network: no built-in fixer for host-namespace',
    });
  });
});
