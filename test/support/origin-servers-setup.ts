/**
 * Global setup: three local origin servers for the reverse-proxy tests (Node, before the workerd
 * pool), one per region's member. A DNS A record carries no port, so the three members differ by
 * address and share one port: 127.0.0.1, 127.0.0.2 and 127.0.0.3 (all loopback on Linux).
 *
 *   any path            → 200 JSON {name, method, path, host, headers, body}, or as the mode says
 *   POST /_control      {"mode": "ok" | "reset" | "5xx" | "hang", "cacheControl"?}: from now on
 *                       (reset: the connection is destroyed, a connect failure for the client)
 *   GET  /_control      → {"hits": requests seen since the last POST /_control}
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    originPort: number;
  }
}

export const ORIGIN_NAMES = {
  '127.0.0.1': 'virginia',
  '127.0.0.2': 'frankfurt',
  '127.0.0.3': 'tokyo',
} as const;

interface Mode {
  mode: 'ok' | 'reset' | '5xx' | 'hang';
  cacheControl?: string;
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function originServer(name: string, sockets: Set<Socket>): Server {
  let mode: Mode = { mode: 'ok' };
  let hits = 0;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const text = await body(request);
    if (request.url === '/_control') {
      if (request.method === 'POST') {
        mode = JSON.parse(text || '{"mode":"ok"}') as Mode;
        hits = 0;
      }
      return void response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ hits }));
    }
    hits++;
    if (mode.mode === 'reset') return void request.socket.destroy();
    if (mode.mode === 'hang') return; // never answers; the client's timeout ends it
    if (mode.mode === '5xx') return void response.writeHead(503).end(`${name} is failing\n`);
    if (request.url === '/redirect') return void response.writeHead(302, { location: '/elsewhere' }).end();
    const reply = JSON.stringify({
      name,
      method: request.method,
      path: request.url,
      host: request.headers.host,
      headers: request.headers,
      body: text,
    });
    response.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': mode.cacheControl ?? 'no-store',
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
    });
    response.end(reply);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return server;
}

function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : port);
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  let port = 0;
  for (const [address, name] of Object.entries(ORIGIN_NAMES)) {
    const server = originServer(name, sockets);
    port = await listenOn(server, port, address);
    servers.push(server);
  }
  project.provide('originPort', port);
  return async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  };
}
