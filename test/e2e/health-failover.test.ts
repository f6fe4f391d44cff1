/**
 * Health checks in real time: `wrangler dev` runs the prober shards on their alarms against two
 * local endpoints; a latency-routed name answers Germany with Frankfurt. Frankfurt's endpoint is
 * stopped and curl watches the answer move to Virginia within RequestInterval × FailureThreshold +
 * 10 s, then come back when the endpoint does. The figures are printed for the issue note.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runProcess } from '../support/e2e/processes';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';
import { listen } from '../support/listen';
import { COUNTRY_SUBNETS } from '../support/policy-fixtures';

const ZONE = 'health-e2e.example';
const NAME = `app.${ZONE}`;
const INTERVAL_S = 10;
const THRESHOLD = 2;
const BOUND_MS = (INTERVAL_S * THRESHOLD + 10) * 1000;

let server: WranglerDev;
let workDir: string;
let headerFile: string;

interface Endpoint {
  readonly server: Server;
  readonly sockets: Set<Socket>;
  port: number;
}

async function listenOn(endpoint: Endpoint, port = 0): Promise<void> {
  endpoint.port = await listen(endpoint.server, port);
}

async function endpoint(): Promise<Endpoint> {
  const sockets = new Set<Socket>();
  const http = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const result = { server: http, sockets, port: 0 };
  await listenOn(result);
  return result;
}

function stop(endpoint: Endpoint): Promise<void> {
  for (const socket of endpoint.sockets) socket.destroy();
  return new Promise((resolve) => endpoint.server.close(() => resolve()));
}

let frankfurt: Endpoint;
let virginia: Endpoint;

/** curl with the admin token read from a file (never on a command line or in output). */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const args = ['--silent', '--show-error', '--noproxy', '*', '-k', '-X', method, '-H', `@${headerFile}`];
  if (body !== undefined)
    args.push('-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body));
  args.push('-w', '\n%{http_code}', `${server.url}/api/v1${path}`);
  const run = await runProcess('curl', args, { env: cleanEnv() });
  expect(run.code, run.stderr).toBe(0);
  const text = run.stdout.toString('utf8');
  const cut = text.lastIndexOf('\n');
  return { status: Number(text.slice(cut + 1)), json: JSON.parse(text.slice(0, cut) || 'null') };
}

async function answerForGermany(): Promise<string[]> {
  const query = new URLSearchParams({ name: NAME, type: 'A', edns_client_subnet: COUNTRY_SUBNETS.DE });
  const run = await runProcess(
    'curl',
    ['--silent', '--noproxy', '*', '-k', '--max-time', '10', `${server.url}/resolve?${query}`],
    { env: cleanEnv() },
  );
  const json = JSON.parse(run.stdout.toString('utf8') || '{}') as { Answer?: { data: string }[] };
  return (json.Answer ?? []).map((a) => a.data);
}

/** Polls until Germany's answer is `ip`; returns how long it took. */
async function waitForAnswer(ip: string, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await answerForGermany()).join() === ip) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Germany's answer did not become ${ip} within ${limitMs} ms\n${server.output()}`);
}

async function createCheck(port: number): Promise<string> {
  const config = {
    Type: 'HTTP',
    FullyQualifiedDomainName: 'localhost',
    Port: port,
    ResourcePath: '/health',
    RequestInterval: INTERVAL_S,
    FailureThreshold: THRESHOLD,
  };
  const { status, json } = await api('POST', '/health-checks', { HealthCheckConfig: config });
  expect(status).toBe(201);
  return (json as { HealthCheck: { Id: string } }).HealthCheck.Id;
}

let checkFra: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'edgesteer-e2e-health-'));
  frankfurt = await endpoint();
  virginia = await endpoint();
  server = await startWranglerDev({
    vars: { SNAPSHOT_REFRESH_SECONDS: '1', HEALTH_REGIONS: 'us-east-1,eu-west-1,ap-southeast-1' },
  });
  headerFile = join(workDir, 'auth.header');
  await writeFile(headerFile, `Authorization: Bearer ${server.token}\n`, { mode: 0o600 });
  checkFra = await createCheck(frankfurt.port);
  const checkIad = await createCheck(virginia.port);
  const soa = `ns1.${ZONE}. hostmaster.${ZONE}. 1 7200 900 1209600 60`;
  const member = (id: string, region: string, ip: string, check: string) => ({
    Name: `${NAME}.`,
    Type: 'A',
    SetIdentifier: id,
    Region: region,
    TTL: 60,
    HealthCheckId: check,
    ResourceRecords: [{ Value: ip }],
  });
  const put = await api('PUT', `/zones/${ZONE}`, {
    ResourceRecordSets: [
      { Name: `${ZONE}.`, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: soa }] },
      { Name: `${ZONE}.`, Type: 'NS', TTL: 900, ResourceRecords: [{ Value: `ns1.${ZONE}.` }] },
      member('frankfurt', 'eu-central-1', '192.0.2.2', checkFra),
      member('virginia', 'us-east-1', '192.0.2.1', checkIad),
    ],
  });
  expect(put.status).toBe(201);
  await waitForAnswer('192.0.2.2', 30_000);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([frankfurt, virginia].filter(Boolean).map((e) => stop(e).catch(() => undefined)));
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('probes in real time move a latency-routed answer', () => {
  it('every checker region probes the endpoint and reports it healthy', async () => {
    const deadline = Date.now() + 30_000;
    let observations: { Region: string; StatusReport?: { Status: string } }[] = [];
    while (Date.now() < deadline) {
      const { json } = await api('GET', `/health-checks/${checkFra}/status`);
      // 404 until the scheduler's first tick (a second after the writes) has synced the check.
      observations =
        (json as { HealthCheckObservations?: typeof observations }).HealthCheckObservations ?? [];
      if (observations.filter((o) => o.StatusReport?.Status.startsWith('Success')).length === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(observations.map((o) => [o.Region, o.StatusReport?.Status])).toEqual([
      ['us-east-1', 'Success: status 200'],
      ['eu-west-1', 'Success: status 200'],
      ['ap-southeast-1', 'Success: status 200'],
    ]);
  });

  it(`Frankfurt down → Germany gets Virginia within ${BOUND_MS / 1000} s; back up → Frankfurt again`, async () => {
    await stop(frankfurt);
    const down = await waitForAnswer('192.0.2.1', BOUND_MS + 15_000);
    await listenOn(frankfurt, frankfurt.port);
    const up = await waitForAnswer('192.0.2.2', BOUND_MS + 15_000);
    console.log(
      `health failover: endpoint down → answer moved in ${down} ms; up → back in ${up} ms (bound ${BOUND_MS} ms)`,
    );
    expect(down).toBeLessThanOrEqual(BOUND_MS);
    expect(up).toBeLessThanOrEqual(BOUND_MS);
    const { json } = await api('GET', `/health-checks/${checkFra}/status`);
    const transitions = (json as { Transitions: { From: string; To: string; Reason: string }[] }).Transitions;
    expect(transitions.map((t) => `${t.From}→${t.To}`)).toEqual(['UNHEALTHY→HEALTHY', 'HEALTHY→UNHEALTHY']);
  }, 150_000);
});
