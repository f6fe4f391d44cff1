/**
 * edgesteer as curl's only resolver for a name it does not host: wrangler dev forwards to a local
 * upstream DoH server (test/support/upstream-server.ts), curl fetches from a local origin at the
 * address that came back, and a failing upstream shows as SERVFAIL over the JSON API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Origin, startOrigin } from '../support/e2e/origin';
import { cleanEnv, runProcess } from '../support/e2e/processes';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';
import type { Scenario } from '../support/upstream-server';
import { startUpstreamServer, type UpstreamServer } from '../support/upstream-server';

const SCENARIO = 'e2e';
const HOST = 'www.forwarded-e2e.test';
const BODY = 'hello from a forwarded name\n';

let upstream: UpstreamServer;
let server: WranglerDev;
let origin: Origin;

async function setScenario(s: Scenario): Promise<{ count: number; queries: string[] }> {
  const res = await fetch(`http://127.0.0.1:${upstream.port}/_control/${SCENARIO}`, {
    method: 'POST',
    body: JSON.stringify(s),
  });
  return (await res.json()) as { count: number; queries: string[] };
}

async function seen(): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${upstream.port}/_control/${SCENARIO}`);
  return ((await res.json()) as { queries: string[] }).queries;
}

beforeAll(async () => {
  upstream = await startUpstreamServer();
  await setScenario({ behaviour: 'answer', address: '127.0.0.1', ttl: 60 });
  origin = await startOrigin(BODY);
  server = await startWranglerDev({
    vars: {
      UPSTREAMS: `http://127.0.0.1:${upstream.port}/${SCENARIO}/dns-query`,
      FORWARD_ALLOW_INSECURE_UPSTREAMS: 'true',
      FORWARD_TIMEOUT_MS: '2000',
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await origin?.close();
  await upstream?.close();
});

const curl = (args: readonly string[]) =>
  runProcess('curl', ['--silent', '--show-error', '--noproxy', '*', '--max-time', '30', ...args], {
    env: cleanEnv(),
  });

describe('curl --doh-url through the forwarder', () => {
  it('resolves a name outside every hosted zone and fetches from the address it got', async () => {
    const run = await curl([
      '-v',
      '--doh-url',
      `${server.url}/dns-query`,
      '--doh-insecure',
      `http://${HOST}:${origin.port}/`,
    ]);
    expect(run.code, `${run.stderr}\n--- wrangler ---\n${server.output()}`).toBe(0);
    expect(run.stdout.toString('utf8')).toBe(BODY);
    expect(origin.hosts).toContain(`${HOST}:${origin.port}`);
    expect(run.stderr).toMatch(/DoH\]? A: 127\.0\.0\.1/);
    // The upstream saw the name (A, and curl's AAAA) from edgesteer, not from curl.
    expect((await seen()).length).toBeGreaterThanOrEqual(1);
  });

  it('a failing upstream: SERVFAIL (Status 2) over the JSON API, HTTP 200, no-store', async () => {
    await setScenario({ behaviour: 'status', status: 500 });
    const run = await curl([
      '-k',
      '-D',
      '-',
      '-H',
      'accept: application/dns-json',
      `${server.url}/dns-query?name=broken.forwarded-e2e.test&type=A`,
    ]);
    const text = run.stdout.toString('utf8');
    expect(text).toMatch(/^HTTP\/[\d.]+ 200/);
    expect(text.toLowerCase()).toContain('cache-control: no-store');
    expect(text).toContain('"Status":2');
    expect(text).toContain('"RA":true');
  });
});
