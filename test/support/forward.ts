/**
 * Forwarding tests: an env whose UPSTREAMS point at the local upstream (upstream-setup.ts), one
 * scenario path per test so isolate caches and request counts never mix, and DoH requests sent
 * through the Worker's fetch with that env.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import packet from 'dns-packet';
import { inject } from 'vitest';
import { decodeQuery } from '../../src/dns/codec/decode';
import { encodeResponse } from '../../src/dns/codec/encode';
import type { Env } from '../../src/env';
import type { Forwarder, RequestIo } from '../../src/forward/forwarder';
import worker from '../../src/index';
import { resolve } from '../../src/resolver/pipeline';
import { EMPTY_INDEX } from '../../src/zones/zone-index';
import { decodeReply, queryBytes, type Reply } from './dns';
import type { Scenario } from './upstream-server';

const control = (id: string) => `http://127.0.0.1:${inject('upstreamPort')}/_control/${id}`;

export const upstreamUrl = (scenario: string) =>
  `http://127.0.0.1:${inject('upstreamPort')}/${scenario}/dns-query`;

export async function setScenario(id: string, s: Scenario): Promise<void> {
  const res = await fetch(control(id), { method: 'POST', body: JSON.stringify(s) });
  await res.arrayBuffer();
}

/** The queries the upstream saw for a scenario, decoded with dns-packet. */
export async function seenBy(id: string): Promise<packet.Packet[]> {
  const res = await fetch(control(id));
  const { queries } = (await res.json()) as { queries: string[] };
  return queries.map((hex) => packet.decode(Buffer.from(hex, 'hex')));
}

/** The body bytes the upstream wrote for an `endless` scenario before the reader went away. */
export async function sentBy(id: string): Promise<number> {
  const res = await fetch(control(id));
  return ((await res.json()) as { sentBytes: number }).sentBytes;
}

/** Runs `then` once the upstream has seen the first query for a scenario (it is in flight). */
export async function onceInFlight(id: string, then: () => void): Promise<void> {
  for (let i = 0; i < 200 && (await seenBy(id)).length === 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  then();
}

export function forwardingEnv(scenarios: readonly string[], vars: Partial<Env> = {}): Env {
  return {
    ...env,
    FORWARDING: 'on',
    UPSTREAMS: scenarios.map(upstreamUrl).join(','),
    FORWARD_ALLOW_INSECURE_UPSTREAMS: 'true',
    FORWARD_TIMEOUT_MS: '1000',
    ...vars,
  };
}

export interface Asked {
  readonly res: Response;
  readonly reply: Reply;
  readonly wire: Uint8Array;
}

/** POSTs a query to the Worker with `e` as its env (RFC 8484 §4.1). */
export async function askWorker(e: Env, query: Uint8Array): Promise<Asked> {
  const request = new Request('https://doh.test/dns-query', {
    method: 'POST',
    body: query,
    headers: { 'Content-Type': 'application/dns-message' },
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, e, ctx);
  const wire = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { res, wire, reply: decodeReply(wire) };
}

/** EDE options (code 15) of a reply as { code, text }. */
export function extendedErrors(reply: Reply): { code: number; text: string }[] {
  const opt = reply.additionals?.find((a) => a.type === 'OPT') as
    | { options?: { code: number; data?: Buffer }[] }
    | undefined;
  return (opt?.options ?? [])
    .filter((o) => o.code === 15)
    .map((o) => ({ code: o.data!.readUInt16BE(0), text: o.data!.subarray(2).toString('utf8') }));
}

let counter = 0;
/** A scenario id unique in this isolate. */
export const scenarioId = (label: string) => `${label}-${++counter}-${Date.now() % 100_000}`;

const REQUEST: RequestIo = { origin: 'https://doh.test', waitUntil: () => {} };

/** Asks a Forwarder directly (no Worker, no hosted zones) for `name` A, with OPT; the reply decoded. */
export async function askForwarder(f: Forwarder, name: string, signal?: AbortSignal): Promise<Reply> {
  const q = decodeQuery(queryBytes(name, 'A', { edns: {} }));
  if (!q.ok) throw new Error(q.error);
  const handed = resolve(q.value, EMPTY_INDEX, { recursionAvailable: true });
  const r = await f.forward(handed.upstream!, signal ? { ...REQUEST, signal } : REQUEST);
  return decodeReply(encodeResponse(r.response)!);
}
