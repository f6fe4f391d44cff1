/**
 * Switchable HTTP endpoints for the health-check tests (runs in Node, before the workerd pool).
 * Every test file makes its own targets, so files running side by side never switch each other's:
 *
 *   POST /targets              → {"port": n}: a new HTTP target answering 200 "ok"
 *   POST /targets/{n}/mode     {"status", "delayMs", "body"}: how it answers from now on
 *   POST /targets/{n}/down     stops listening (connections refused)
 *   POST /targets/{n}/up       listens again on the same port
 *   GET  /targets/{n}/hits     → {"hits": requests answered so far}
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { TestProject } from 'vitest/node';
import { listen } from './listen';

declare module 'vitest' {
  interface ProvidedContext {
    targetControl: number;
  }
}

interface Mode {
  status: number;
  delayMs: number;
  body: string;
}

interface Target {
  readonly server: Server;
  readonly sockets: Set<Socket>;
  readonly port: number;
  mode: Mode;
  hits: number;
}

const DEFAULT_MODE: Mode = { status: 200, delayMs: 0, body: 'ok: edgesteer health target' };

function close(target: Target): Promise<void> {
  for (const socket of target.sockets) socket.destroy();
  target.sockets.clear();
  return new Promise((resolve) =>
    target.server.listening ? target.server.close(() => resolve()) : resolve(),
  );
}

function readJson(request: IncomingMessage): Promise<Partial<Mode>> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => resolve(text === '' ? {} : (JSON.parse(text) as Partial<Mode>)));
    request.on('error', reject);
  });
}

async function newTarget(): Promise<Target> {
  const sockets = new Set<Socket>();
  const holder: { target?: Target } = {};
  const server = createServer((_request, response) => {
    const target = holder.target;
    if (target === undefined) return;
    target.hits++;
    const { status, delayMs, body } = target.mode;
    setTimeout(() => {
      response.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    }, delayMs);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, 0);
  holder.target = { server, sockets, port, mode: DEFAULT_MODE, hits: 0 };
  return holder.target;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const targets = new Map<number, Target>();
  const control = createServer(async (request, response) => {
    const reply = (status: number, value: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    const url = request.url ?? '';
    if (request.method === 'POST' && url === '/targets') {
      const target = await newTarget();
      targets.set(target.port, target);
      return reply(200, { port: target.port });
    }
    const match = /^\/targets\/(\d+)\/(mode|down|up|hits)$/.exec(url);
    const target = match === null ? undefined : targets.get(Number(match[1]));
    if (match === null || target === undefined) return reply(404, { error: `no such target: ${url}` });
    switch (`${request.method} ${match[2]}`) {
      case 'POST mode':
        target.mode = { ...DEFAULT_MODE, ...(await readJson(request)) };
        return reply(200, target.mode);
      case 'POST down':
        await close(target);
        return reply(200, { listening: false });
      case 'POST up':
        if (!target.server.listening) await listen(target.server, target.port);
        return reply(200, { listening: true });
      case 'GET hits':
        return reply(200, { hits: target.hits });
      default:
        return reply(405, { error: 'method not allowed' });
    }
  });
  const port = await listen(control, 0);
  project.provide('targetControl', port);
  return async () => {
    await Promise.all([...targets.values()].map(close));
    control.closeAllConnections();
    await new Promise<void>((resolve) => control.close(() => resolve()));
  };
}
