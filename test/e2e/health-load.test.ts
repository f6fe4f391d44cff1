/**
 * The issue's load target under `wrangler dev` (the local runtime, real alarms, real sockets): 1,000
 * HTTP checks at a 30 s interval from three checker regions, created through the API in a burst
 * (their writes share scheduler ticks), then probed by the shards' own alarms. After the first
 * full round, every check (each has its own ResourcePath) must be probed once per region again
 * within one interval plus 10 s of slack for a loaded machine's late alarms: 1,000 checks × 3
 * regions × 2 a minute. The figures (probes in the 31 s after the first round, and the time the
 * next round took) are printed for the issue note.
 */
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';

const CHECKS = 1000;
const REGIONS = 3;
let server: WranglerDev;
let target: Server;
let port = 0;
let hits = 0;
/** Probes per check, by ResourcePath `/c/<i>`. */
const byCheck = new Map<string, number>();

function post(path: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(
      `${server.url}/api/v1${path}`,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  target = createServer((req, res) => {
    hits++;
    byCheck.set(req.url ?? '', (byCheck.get(req.url ?? '') ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', () => resolve()));
  const address = target.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  server = await startWranglerDev({ vars: { HEALTH_REGIONS: 'us-east-1,eu-west-1,ap-southeast-1' } });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  target?.closeAllConnections();
  await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
});

describe(`${CHECKS} checks × ${REGIONS} regions every 30 s under wrangler dev`, () => {
  it('are created in a burst and then all probed from every region within each interval', async () => {
    const config = (i: number) => ({
      Type: 'HTTP',
      FullyQualifiedDomainName: 'localhost',
      Port: port,
      ResourcePath: `/c/${i}`,
      RequestInterval: 30,
    });
    const created = Date.now();
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < CHECKS) {
          const i = next++;
          statuses.push(await post('/health-checks', { HealthCheckConfig: config(i) }));
        }
      }),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(CHECKS);
    const createMs = Date.now() - created;
    // Wait for the first full round (every check probed from every region once).
    const firstRound = Date.now();
    while (hits < CHECKS * REGIONS && Date.now() - firstRound < 120_000) await sleep(250);
    const firstRoundMs = Date.now() - firstRound;
    expect(hits).toBeGreaterThanOrEqual(CHECKS * REGIONS);
    const before = hits;
    const perCheckBefore = new Map(byCheck);
    const windowStart = Date.now();
    const probedAgain = () =>
      Array.from({ length: CHECKS }, (_, i) => `/c/${i}`).filter(
        (path) => (byCheck.get(path) ?? 0) - (perCheckBefore.get(path) ?? 0) >= REGIONS,
      ).length;
    await sleep(31_000);
    const probes = hits - before;
    while (probedAgain() < CHECKS && Date.now() - windowStart < 40_000) await sleep(250);
    const roundMs = Date.now() - windowStart;
    console.log(
      `health load: ${CHECKS} checks created in ${createMs} ms; first round of ${CHECKS * REGIONS} probes done ${firstRoundMs} ms later; ` +
        `then ${probes} probes in 31 s (${Math.round((probes / 31) * 60)} probes/min, need ${CHECKS * REGIONS * 2}); ` +
        `every check probed ${REGIONS}× again ${roundMs} ms after the first round`,
    );
    // Every check once per region within the 30 s interval + 10 s slack.
    expect(probedAgain()).toBe(CHECKS);
  }, 300_000);
});
