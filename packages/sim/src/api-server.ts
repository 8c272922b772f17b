import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timerDelay } from '@triad/core';
import { type ApiRoute, parseRoute } from './api-route';
import { sendJson, sendStatus } from './api-status';
import { apiVersionOf } from './kinds';
import { mergePatch } from './merge-patch';
import type { ObjectStore, SimObject, StoreEvent } from './object-store';
import type { LoggedRequest } from './request-log';
import { fieldSelector, labelSelector } from './selectors';

export interface ApiServerOptions {
  store: ObjectStore;
  /** Called after a Flux object's `reconcile.fluxcd.io/requestedAt` changed through a patch. */
  onReconcileRequest?: (kind: string, namespace: string, name: string, requestedAt: string) => void;
}

export interface ApiServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request answered, in order. */
  requests: LoggedRequest[];
  close(): Promise<void>;
}

const RECONCILE = 'reconcile.fluxcd.io/requestedAt';

/**
 * A Kubernetes API subset on loopback: list (with `limit`/`continue`, selectors, metadata-only Accept), get, watch
 * (from a resourceVersion), and merge-patch on Flux objects only. Every other write is refused as RBAC would refuse it.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { store } = options;
  const requests: LoggedRequest[] = [];
  const watches = new Set<ServerResponse>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://sim');
    const route = parseRoute(url.pathname);
    const metadataOnly = /as=PartialObjectMetadata/.test(request.headers.accept ?? '');
    const entry: LoggedRequest = {
      method: request.method ?? 'GET',
      url: `${url.pathname}${url.search}`,
      ...(route ? { kind: route.kind.kind } : {}),
      metadataOnly,
      servedSecretData: false,
      status: 200,
    };
    requests.push(entry);
    const fail = (code: number, reason: string, message: string) => {
      entry.status = code;
      sendStatus(response, code, reason, message);
    };
    if (!route) return fail(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
    const present = (object: SimObject) => {
      if (metadataOnly)
        return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: object.metadata };
      if (object.kind === 'Secret' && (object.data || object.stringData)) entry.servedSecretData = true;
      return object;
    };

    if (request.method === 'GET' && !route.name && isWatch(url)) return watch(route, url, response, present);
    if (request.method === 'GET' && route.name) {
      const object = store.get(route.kind.kind, route.namespace, route.name);
      if (!object) return fail(404, 'NotFound', `${route.kind.plural} "${route.name}" not found`);
      return sendJson(response, 200, present(object));
    }
    if (request.method === 'GET') return sendJson(response, 200, listPage(route, url, metadataOnly, present));
    if (request.method === 'PATCH' && route.name && route.kind.patchable) {
      const body = JSON.parse(await readBody(request));
      entry.body = body;
      const fieldManager = url.searchParams.get('fieldManager') ?? undefined;
      if (fieldManager) entry.fieldManager = fieldManager;
      if (!(request.headers['content-type'] ?? '').startsWith('application/merge-patch+json')) {
        return fail(415, 'UnsupportedMediaType', `the simulator accepts merge patches on ${route.kind.plural} only`);
      }
      const before = store.get(route.kind.kind, route.namespace, route.name);
      if (!before) return fail(404, 'NotFound', `${route.kind.plural} "${route.name}" not found`);
      const patched = mergePatch(before, body) as SimObject;
      patched.metadata.managedFields = [
        ...(before.metadata.managedFields ?? []).filter((f) => f.manager !== fieldManager),
        { manager: fieldManager ?? 'unknown', operation: 'Update', apiVersion: before.apiVersion, time: store.now() },
      ];
      const stored = store.put(patched);
      const requestedAt = stored.metadata.annotations?.[RECONCILE];
      if (requestedAt && requestedAt !== before.metadata.annotations?.[RECONCILE]) {
        options.onReconcileRequest?.(stored.kind, stored.metadata.namespace ?? '', stored.metadata.name, requestedAt);
      }
      return sendJson(response, 200, stored);
    }
    return fail(
      403,
      'Forbidden',
      `${request.method?.toLowerCase()} ${route.kind.plural} is forbidden: Triad's role may only patch Flux objects`,
    );
  };

  const listPage = (route: ApiRoute, url: URL, metadataOnly: boolean, present: (o: SimObject) => unknown) => {
    const matches = filtered(route, url);
    const limit = Number(url.searchParams.get('limit') ?? '0');
    const token = url.searchParams.get('continue');
    const offset = token
      ? (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset: number }).offset
      : 0;
    const end = limit > 0 ? offset + limit : matches.length;
    const more = end < matches.length;
    return {
      apiVersion: metadataOnly ? 'meta.k8s.io/v1' : apiVersionOf(route.kind),
      kind: metadataOnly ? 'PartialObjectMetadataList' : `${route.kind.kind}List`,
      metadata: {
        resourceVersion: store.resourceVersion,
        ...(more ? { continue: Buffer.from(JSON.stringify({ offset: end })).toString('base64url') } : {}),
        ...(more ? { remainingItemCount: matches.length - end } : {}),
      },
      items: matches.slice(offset, end).map(present),
    };
  };

  const filtered = (route: ApiRoute, url: URL) => {
    const byField = fieldSelector(url.searchParams.get('fieldSelector'));
    const byLabel = labelSelector(url.searchParams.get('labelSelector'));
    return store.list(route.kind.kind, route.namespace).filter((o) => byField(o) && byLabel(o));
  };

  const watch = (route: ApiRoute, url: URL, response: ServerResponse, present: (o: SimObject) => unknown) => {
    response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    response.flushHeaders();
    watches.add(response);
    const byField = fieldSelector(url.searchParams.get('fieldSelector'));
    const byLabel = labelSelector(url.searchParams.get('labelSelector'));
    const wanted = (o: SimObject) =>
      (!route.namespace || o.metadata.namespace === route.namespace) && byField(o) && byLabel(o);
    const send = (event: Pick<StoreEvent, 'type' | 'object'>) => {
      // A client that went away (a test's watch aborted, a closed kubectl) gets nothing more written to it.
      if (response.destroyed || response.writableEnded) return;
      if (wanted(event.object))
        response.write(`${JSON.stringify({ type: event.type, object: present(event.object) })}\n`);
    };
    const from = url.searchParams.get('resourceVersion');
    const unsubscribe = store.subscribe(route.kind.kind, send);
    const end = () => {
      unsubscribe();
      watches.delete(response);
      if (!response.writableEnded) response.end();
    };
    response.on('close', end);
    response.on('error', end); // EPIPE / ECONNRESET from a client gone mid-write: the watch simply ends
    if (from && from !== '0') {
      const missed = store.since(route.kind.kind, Number(from));
      if (!missed) {
        response.write(
          `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: `too old resource version: ${from}` } })}\n`,
        );
        return end();
      }
      missed.forEach(send);
    } else {
      for (const object of store.list(route.kind.kind, route.namespace)) send({ type: 'ADDED', object });
    }
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    if (timeout > 0) setTimeout(end, timerDelay(timeout * 1000)).unref();
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendStatus(response, 500, 'InternalError', (error as Error).message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const response of watches) response.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isWatch(url: URL): boolean {
  const value = url.searchParams.get('watch');
  return value === 'true' || value === '1';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
