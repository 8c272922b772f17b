import type { ServerResponse } from 'node:http';

/** Writes a JSON body with its status code. */
export function sendJson(response: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** The `Status` object the API server answers failures with. */
export function sendStatus(response: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(response, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
}
