/**
 * Real endpoints for the probe tests (runs in Node, before the workerd pool): an HTTP target, a
 * TCP target, and a control server that switches them up / down / slow / wrong status / wrong
 * body and reports the last request the HTTP target saw. Ports reach the tests via `provide`.
 * It also starts the webhook tests' receiver (test/support/webhook-receiver.ts).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { listen } from './listen';
import { startReceiver } from './webhook-receiver';

export interface ProbeServers {
  readonly control: number;
  readonly http: number;
  readonly tcp: number;
}

declare module 'vitest' {
  interface ProvidedContext {
    probeServers: ProbeServers;
  }
}

/** How the HTTP target answers; reset by POST /reset. */
export interface HttpMode {
  readonly status: number;
  readonly delayMs: number;
  readonly body: string;
  readonly chunked: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const DEFAULT_MODE: HttpMode = {
  status: 200,
  delayMs: 0,
  body: 'ok: edgesteer test target',
  chunked: false,
  headers: {},
};

function stop(server: Server | TcpServer, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}

function track(server: Server | TcpServer, sockets: Set<Socket>): void {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => resolve(text === '' ? {} : JSON.parse(text)));
    request.on('error', reject);
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let mode: HttpMode = DEFAULT_MODE;
  let seen: SeenRequest | null = null;
  const httpSockets = new Set<Socket>();
  const tcpSockets = new Set<Socket>();

  const target = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
    seen = { method: request.method ?? '', url: request.url ?? '', headers: request.headers };
    const answer = mode;
    setTimeout(() => {
      const headers: Record<string, string> = { 'content-type': 'text/plain', ...answer.headers };
      if (!answer.chunked) headers['content-length'] = String(Buffer.byteLength(answer.body));
      response.writeHead(answer.status, headers);
      if (answer.chunked) {
        // Several chunks, so framing is exercised.
        for (let at = 0; at < answer.body.length; at += 1000)
          response.write(answer.body.slice(at, at + 1000));
        response.end();
      } else {
        response.end(answer.body);
      }
    }, answer.delayMs);
  });
  track(target, httpSockets);
  const tcp = createTcpServer((socket) => socket.end());
  track(tcp, tcpSockets);
  const httpPort = await listen(target, 0);
  const tcpPort = await listen(tcp, 0);

  const control = createHttpServer(async (request, response) => {
    const reply = (value: unknown): void => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    switch (`${request.method} ${request.url}`) {
      case 'POST /reset':
        mode = DEFAULT_MODE;
        seen = null;
        if (!target.listening) await listen(target, httpPort);
        if (!tcp.listening) await listen(tcp, tcpPort);
        return reply({ ok: true });
      case 'POST /http/mode':
        mode = { ...DEFAULT_MODE, ...((await readJson(request)) as Partial<HttpMode>) };
        return reply(mode);
      case 'POST /http/down':
        await stop(target, httpSockets);
        return reply({ ok: true });
      case 'POST /tcp/down':
        await stop(tcp, tcpSockets);
        return reply({ ok: true });
      case 'GET /http/seen':
        return reply(seen);
      default:
        response.writeHead(404);
        response.end();
    }
  });
  const controlPort = await listen(control, 0);
  project.provide('probeServers', { control: controlPort, http: httpPort, tcp: tcpPort });
  const receiver = await startReceiver();
  project.provide('webhookReceiver', { port: receiver.port });

  return async () => {
    await receiver.stop();
    await stop(target, httpSockets);
    await stop(tcp, tcpSockets);
    control.closeAllConnections();
    await new Promise<void>((resolve) => control.close(() => resolve()));
  };
}
