import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the loopback server received it from an SDK. */
export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (or the raw text when it is not JSON). */
  body: unknown;
}

/** What the server answers: a status, headers, and a body (an object is sent as JSON, a string as is). */
export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer: the client has to abort (or time out). */
  hang?: boolean;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type ReplyHandler = (request: RecordedRequest) => StubReply | Promise<StubReply>;

/** An HTTP server on 127.0.0.1 (a free port) that records each request and answers with `handler`. */
export async function startLoopback(handler: ReplyHandler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    const recorded: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
    requests.push(recorded);
    let reply: StubReply;
    try {
      reply = await handler(recorded);
    } catch (error) {
      reply = { status: 599, body: { error: { message: `stub failed: ${(error as Error).message}` } } };
    }
    if (reply.hang) return;
    const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
