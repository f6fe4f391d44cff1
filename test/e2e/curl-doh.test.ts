/**
 * edgesteer as curl's resolver: a zone loaded with the CLI, then curl resolving names through
 * /dns-query (RFC 8484) and fetching from a local origin at the address it got; the wire format and
 * the JSON API checked with plain curl requests.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliRunner } from '../support/e2e/cli-runner';
import { cleanEnv, runProcess } from '../support/e2e/processes';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';

const ZONE = 'doh-e2e.example';
const HOST = `www.${ZONE}`;
const ZONE_FILE = `$ORIGIN ${ZONE}.
$TTL 60
@    IN SOA ns1 hostmaster 2026042001 7200 3600 1209600 30
@    IN NS  ns1
ns1  IN A   127.0.0.1
www  IN A   127.0.0.1
`;
const ORIGIN_BODY = 'hello from the e2e origin\n';

interface JsonAnswer {
  readonly Status: number;
  readonly Answer?: ReadonlyArray<{ name: string; type: number; TTL: number; data: string }>;
  readonly Authority?: ReadonlyArray<{ name: string; type: number; TTL: number; data: string }>;
}

let server: WranglerDev;
let origin: Server;
let originPort: number;
let originHosts: string[] = [];
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'edgesteer-e2e-doh-'));
  server = await startWranglerDev({ vars: { SNAPSHOT_REFRESH_SECONDS: '1' } });
  ({ server: origin, port: originPort } = await startOrigin());
  await loadZoneWithCli();
  await waitUntilResolvable(HOST);
});

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => (origin ? origin.close(resolve) : resolve(undefined)));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** The local site curl ends up at; it records the Host header of each request. */
function startOrigin(): Promise<{ server: Server; port: number }> {
  const http = createServer((req, res) => {
    originHosts.push(req.headers.host ?? '');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(ORIGIN_BODY);
  });
  return new Promise((resolve) =>
    http.listen(0, '127.0.0.1', () => {
      const address = http.address();
      resolve({ server: http, port: typeof address === 'object' && address ? address.port : 0 });
    }),
  );
}

async function loadZoneWithCli(): Promise<void> {
  const file = join(workDir, `${ZONE}.zone`);
  await writeFile(file, ZONE_FILE);
  const cli = createCliRunner(server, workDir);
  const run = await cli.run(['import', ZONE, file, '--wait']);
  expect(run.code, `${run.stderr}\n--- wrangler ---\n${server.output()}`).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ ChangeInfo: { Status: 'INSYNC' } });
}

/**
 * INSYNC means the snapshot is published; an isolate picks it up on its next background refresh
 * (SNAPSHOT_REFRESH_SECONDS=1 here), so the first answers may still come from the old snapshot.
 */
async function waitUntilResolvable(name: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last: JsonAnswer | undefined;
  while (Date.now() < deadline) {
    last = await jsonQuery(name, 'A');
    if (last.Answer?.some((rr) => rr.data === '127.0.0.1')) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not resolve through the JSON API; last answer: ${JSON.stringify(last)}`);
}

async function curl(args: readonly string[]) {
  return runProcess('curl', ['--silent', '--show-error', '--noproxy', '*', '--max-time', '30', ...args], {
    env: cleanEnv(),
  });
}

async function jsonQuery(name: string, type: string): Promise<JsonAnswer> {
  const query = new URLSearchParams({ name, type });
  const run = await curl(['-k', '-H', 'accept: application/dns-json', `${server.url}/dns-query?${query}`]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout.toString('utf8')) as JsonAnswer;
}

const withoutDot = (name: string) => name.replace(/\.$/, '');

describe('curl with --doh-url', () => {
  it('resolves www through edgesteer and fetches from the address it got', async () => {
    originHosts = [];
    const run = await curl([
      '--doh-url',
      `${server.url}/dns-query`,
      '--doh-insecure',
      `http://${HOST}:${originPort}/`,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.toString('utf8')).toBe(ORIGIN_BODY);
    expect(originHosts).toEqual([`${HOST}:${originPort}`]);
  });

  it('shows the DoH answer in its verbose output', async () => {
    const run = await curl([
      '-v',
      '--doh-url',
      `${server.url}/dns-query`,
      '--doh-insecure',
      `http://${HOST}:${originPort}/`,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/DoH\]? A: 127\.0\.0\.1/); // curl 7.x `DoH A:`, 8.x `[DoH] A:`
    expect(run.stderr).toMatch(/Connected to www\.doh-e2e\.example \(127\.0\.0\.1\)/);
  });

  it('fails to resolve a name the zone does not have (NXDOMAIN)', async () => {
    const run = await curl([
      '--doh-url',
      `${server.url}/dns-query`,
      '--doh-insecure',
      `http://nope.${ZONE}:${originPort}/`,
    ]);
    expect(run.code).toBe(6); // CURLE_COULDNT_RESOLVE_HOST
  });
});

describe('DoH wire format (RFC 8484 §4.1, GET)', () => {
  it('answers a base64url query with an authoritative A record', async () => {
    const query = dnsPacket.encode({
      type: 'query',
      id: 0,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: 'A', class: 'IN', name: HOST }],
    });
    const bodyFile = join(workDir, 'answer.bin');
    const run = await curl([
      '-k',
      '-H',
      'accept: application/dns-message',
      '-o',
      bodyFile,
      '-w',
      '%{http_code}\n%{content_type}\n',
      `${server.url}/dns-query?dns=${query.toString('base64url')}`,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const [status, contentType] = run.stdout.toString('utf8').split('\n');
    expect(status).toBe('200');
    expect(contentType).toBe('application/dns-message');

    // dns-packet's decoder sets rcode; its types leave it out.
    const answer = dnsPacket.decode(await readFile(bodyFile)) as dnsPacket.DecodedPacket & { rcode?: string };
    expect(answer.id).toBe(0);
    expect(answer.rcode).toBe('NOERROR');
    expect(answer.flag_aa).toBe(true);
    expect(answer.questions).toEqual([{ name: HOST, type: 'A', class: 'IN' }]);
    const records = (answer.answers ?? []).map((rr) => ({
      name: rr.name,
      type: rr.type,
      data: 'data' in rr ? rr.data : undefined,
    }));
    expect(records).toEqual([{ name: HOST, type: 'A', data: '127.0.0.1' }]);
  });
});

describe('DoH JSON API (?name=&type=)', () => {
  it('answers an A query', async () => {
    const answer = await jsonQuery(HOST, 'A');
    expect(answer.Status).toBe(0);
    expect(answer.Answer?.map((rr) => ({ ...rr, name: withoutDot(rr.name) }))).toEqual([
      { name: HOST, type: 1, TTL: 60, data: '127.0.0.1' },
    ]);
  });

  it('answers NXDOMAIN with the SOA for a missing name (RFC 2308 §3)', async () => {
    const answer = await jsonQuery(`nope.${ZONE}`, 'A');
    expect(answer.Status).toBe(3);
    expect(answer.Answer ?? []).toEqual([]);
    expect(answer.Authority?.map((rr) => [withoutDot(rr.name), rr.type])).toEqual([[ZONE, 6]]);
  });
});
