import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the loopback forge received, as the conformance suite checks it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** The credential the request carried (`authorization` or `private-token`), verbatim. */
  credential?: string;
  body?: unknown;
}

/** A pull (merge) request as the loopback forge keeps it, in its own words. */
export interface HeldPull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed' | 'merged';
  mergeCommit?: string;
  closedBy?: string;
  comments: Array<{ by: string; body: string }>;
}

/** What a route answers: a status and a JSON body, plus headers when the forge's API sends some. */
export interface RouteAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One forge's REST API over the held pulls: `null` when no route matches. */
export type ForgeRoutes = (request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}) => RouteAnswer | null;

export interface LoopbackForge {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  requests: RecordedRequest[];
  pulls: HeldPull[];
  /** A person merges request `number`: the base branch gets `sha`. */
  merge(number: number, sha: string): void;
  /** A person closes request `number` unmerged, with a comment. */
  close(number: number, by: string, comment: string): void;
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}

/**
 * A loopback HTTP server for one forge: `routes` speaks its REST API over `pulls`; `accepts` says whether a request's
 * credential is the token. Every request is recorded.
 */
export async function startLoopbackForge(
  makeRoutes: (pulls: HeldPull[], origin: () => string) => ForgeRoutes,
  accepts: (request: IncomingMessage) => boolean,
): Promise<LoopbackForge> {
  const pulls: HeldPull[] = [];
  const requests: RecordedRequest[] = [];
  let origin = '';
  const routes = makeRoutes(pulls, () => origin);
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const credential = (request.headers.authorization ?? request.headers['private-token']) as string | undefined;
    requests.push({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      ...(credential ? { credential } : {}),
      body,
    });
    const send = (answer: RouteAnswer) => {
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(answer.body));
    };
    if (!accepts(request)) return send({ status: 401, body: { message: 'Bad credentials' } });
    const url = new URL(request.url ?? '/', 'http://loopback');
    const answer = routes({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, body });
    send(answer ?? { status: 404, body: { message: `no route for ${request.method} ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const held = (number: number) => {
    const pull = pulls.find((candidate) => candidate.number === number);
    if (!pull) throw new Error(`no pull request #${number}`);
    return pull;
  };
  return {
    origin,
    requests,
    pulls,
    merge(number, sha) {
      Object.assign(held(number), { state: 'merged', mergeCommit: sha });
    },
    close(number, by, comment) {
      const pull = held(number);
      pull.comments.push({ by, body: comment });
      Object.assign(pull, { state: 'closed', closedBy: by });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The next number of a new pull request. */
export function nextNumber(pulls: readonly HeldPull[]): number {
  return pulls.reduce((max, pull) => Math.max(max, pull.number), 0) + 1;
}
