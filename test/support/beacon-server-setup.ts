/**
 * Global setup: a local latency beacon for the edge-sampling tests (Node, before the workerd pool).
 * A path names its delay, so one server stands in for regions near and far:
 *
 *   GET /delay/<ms>[/<anything>]   → 204 after <ms> milliseconds (0–5000)
 *   GET /_hits                     → {"<path>": requests seen, …} since the last reset
 *   POST /_reset                   forgets the counts
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TestProject } from 'vitest/node';
import { listen } from './listen';

declare module 'vitest' {
  interface ProvidedContext {
    beaconPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sockets = new Set<Socket>();
  let hits: Record<string, number> = {};
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    if (url === '/_hits') {
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(hits));
    }
    if (url === '/_reset') {
      hits = {};
      return void response.writeHead(204).end();
    }
    const delay = /^\/delay\/(\d{1,4})(\/|$)/.exec(url);
    if (delay === null) return void response.writeHead(404).end();
    hits[url] = (hits[url] ?? 0) + 1;
    const ms = Math.min(5000, Number(delay[1]));
    setTimeout(() => response.writeHead(204, { 'cache-control': 'no-store' }).end(), ms);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  project.provide('beaconPort', await listen(server, 0));
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
