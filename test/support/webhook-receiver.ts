/**
 * A local webhook receiver for the webhook tests (runs in Node, started by
 * test/support/probe-endpoints-setup.ts; its port reaches the tests via `provide`). Each hook name is
 * its own endpoint, so tests never share one:
 *
 *   POST /hooks/<name>             records headers and body; answers as the name's mode says
 *   POST /_control/mode/<name>     {"mode": "ok" | "fail" | "hang"}: 204, 500, or no answer at all
 *   GET  /_control/received/<name> what <name> got, oldest first
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type ReceiverMode = 'ok' | 'fail' | 'hang';

export interface ReceivedHook {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

declare module 'vitest' {
  interface ProvidedContext {
    webhookReceiver: { readonly port: number };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Starts the receiver on a free port; returns the port and a stop function. */
export async function startReceiver(): Promise<{ port: number; stop: () => Promise<void> }> {
  const modes = new Map<string, ReceiverMode>();
  const received = new Map<string, ReceivedHook[]>();
  const send = (response: ServerResponse, status: number, value?: unknown): void => {
    response.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
    response.end(value === undefined ? undefined : JSON.stringify(value));
  };
  const server = createServer(async (request, response) => {
    const [, area, action, name = ''] = (request.url ?? '').split('/');
    const body = await readBody(request);
    if (request.method === 'POST' && area === 'hooks' && action !== undefined) {
      received.set(action, [...(received.get(action) ?? []), { headers: request.headers, body }]);
      const mode = modes.get(action) ?? 'ok';
      if (mode !== 'hang') send(response, mode === 'ok' ? 204 : 500);
      return;
    }
    if (request.method === 'POST' && area === '_control' && action === 'mode') {
      modes.set(name, (JSON.parse(body) as { mode: ReceiverMode }).mode);
      return send(response, 200, { ok: true });
    }
    if (request.method === 'GET' && area === '_control' && action === 'received') {
      return send(response, 200, received.get(name) ?? []);
    }
    send(response, 404);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  const stop = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, stop };
}
