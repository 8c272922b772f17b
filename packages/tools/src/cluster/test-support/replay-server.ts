import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { SeenWrite } from './conformance';

type Obj = {
  metadata: { name: string; namespace?: string; resourceVersion?: string; annotations?: Record<string, string> };
  [k: string]: unknown;
};

/**
 * Replays recorded API list responses (files named by resource: `pods.json` is `GET /api/v1/pods`) on loopback:
 * lists with limit/continue and field selectors, gets, watches, and merge patches of Flux objects kept in memory.
 * Independent of the simulator on purpose: both sources must look the same to the reader. Tests only.
 */
export async function startReplayServer(fixtures: string) {
  const lists = new Map<string, { kind: string; apiVersion: string; items: Obj[] }>();
  for (const plural of [
    'nodes',
    'pods',
    'persistentvolumeclaims',
    'events',
    'secrets',
    'kustomizations',
    'helmreleases',
    'gitrepositories',
  ]) {
    lists.set(plural, JSON.parse(await readFile(join(fixtures, `${plural}.json`), 'utf8')));
  }
  let version = 50_000;
  const writes: SeenWrite[] = [];
  const watchers = new Set<{ plural: string; send: (type: string, object: Obj) => void }>();
  let servedSecretData = false;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://replay');
    const match = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
    const list = match ? lists.get(match[2] ?? '') : undefined;
    if (!match || !list) return send(response, 404, status(404, 'NotFound', `no recording for ${url.pathname}`));
    const [, namespace, plural = '', name] = match;
    const metadataOnly = /as=PartialObjectMetadata/.test(request.headers.accept ?? '');
    const shape = (o: Obj) => {
      if (metadataOnly) return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      if (plural === 'secrets') servedSecretData = true;
      return { kind: list.kind.replace(/List$/, ''), apiVersion: list.apiVersion, ...o };
    };
    const selected = list.items.filter(
      (o) => (!namespace || o.metadata.namespace === namespace) && selects(url.searchParams.get('fieldSelector'), o),
    );
    if (request.method === 'PATCH' && name && request.url?.includes('/apis/') && plural !== 'secrets') {
      const body = JSON.parse(
        await new Promise<string>((resolve) => {
          let text = '';
          request.on('data', (chunk) => {
            text += chunk;
          });
          request.on('end', () => resolve(text));
        }),
      );
      writes.push({
        method: 'PATCH',
        url: request.url ?? '',
        fieldManager: url.searchParams.get('fieldManager') ?? undefined,
        body,
      });
      const target = selected.find((o) => o.metadata.name === name);
      if (!target) return send(response, 404, status(404, 'NotFound', `${plural} "${name}" not found`));
      target.metadata.annotations = { ...target.metadata.annotations, ...body.metadata?.annotations };
      target.metadata.resourceVersion = String(++version);
      for (const watcher of watchers) if (watcher.plural === plural) watcher.send('MODIFIED', target);
      return send(response, 200, shape(target));
    }
    if (request.method !== 'GET') {
      writes.push({ method: request.method ?? '?', url: request.url ?? '' });
      return send(response, 403, status(403, 'Forbidden', 'recorded fixtures are read-only'));
    }
    if (name) {
      const found = selected.find((o) => o.metadata.name === name);
      return found
        ? send(response, 200, shape(found))
        : send(response, 404, status(404, 'NotFound', `${plural} "${name}" not found`));
    }
    if (url.searchParams.get('watch') === 'true') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.flushHeaders();
      const watcher = {
        plural,
        send: (type: string, object: Obj) => {
          if (
            (!namespace || object.metadata.namespace === namespace) &&
            selects(url.searchParams.get('fieldSelector'), object)
          ) {
            response.write(`${JSON.stringify({ type, object: shape(object) })}\n`);
          }
        },
      };
      watchers.add(watcher);
      response.on('close', () => watchers.delete(watcher));
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const offset = Number(url.searchParams.get('continue') || 0);
    const end = limit > 0 ? offset + limit : selected.length;
    return send(response, 200, {
      kind: metadataOnly ? 'PartialObjectMetadataList' : list.kind,
      apiVersion: metadataOnly ? 'meta.k8s.io/v1' : list.apiVersion,
      metadata: { resourceVersion: String(version), ...(end < selected.length ? { continue: String(end) } : {}) },
      items: selected.slice(offset, end).map(shape),
    });
  };

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    writes: () => [...writes],
    servedSecretData: () => servedSecretData,
    suspend(plural: string, namespace: string, name: string) {
      const target = lists
        .get(plural)
        ?.items.find((o) => o.metadata.namespace === namespace && o.metadata.name === name);
      if (target) target.spec = { ...(target.spec as object), suspend: true };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function selects(selector: string | null, object: Obj): boolean {
  return (selector ?? '')
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const [path = '', expected] = term.split('=');
      let value: unknown = object;
      for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
      return String(value ?? '') === expected;
    });
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function send(response: ServerResponse, code: number, body: unknown) {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
