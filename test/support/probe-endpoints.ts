/** Talks to the real test endpoints started by probe-endpoints-setup.ts. */
import { connect } from 'cloudflare:sockets';
import { inject } from 'vitest';
import type { ProbeDeps } from '../../src/health/probe';
import type { HttpMode, SeenRequest } from './probe-endpoints-setup';

export const servers = inject('probeServers');

async function control(path: string, body?: Partial<HttpMode>): Promise<Response> {
  const response = await fetch(`http://127.0.0.1:${servers.control}${path}`, {
    method: path === '/http/seen' ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: ${response.status}`);
  return response;
}

export const resetServers = async (): Promise<void> => void (await (await control('/reset')).text());
export const setHttpMode = async (mode: Partial<HttpMode>): Promise<void> =>
  void (await (await control('/http/mode', mode)).text());
export const httpDown = async (): Promise<void> => void (await (await control('/http/down')).text());
export const tcpDown = async (): Promise<void> => void (await (await control('/tcp/down')).text());
export const lastRequest = async (): Promise<SeenRequest | null> =>
  (await (await control('/http/seen')).json()) as SeenRequest | null;

/** The real fetch and connect, the real clock; deadlines shortened 20× unless `realDeadline`. */
export function realDeps(realDeadline = false): ProbeDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    connect,
    now: () => Date.now(),
    deadline: realDeadline ? undefined : (ms) => AbortSignal.timeout(ms / 20),
  };
}
