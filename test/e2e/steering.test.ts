/**
 * Traffic steering seen by a real client: a latency-routed group imported as Route 53 JSON with the
 * CLI into `wrangler dev --local-protocol https`, then curl asking the same name with different ECS
 * subnets (JSON API and RFC 8484 wire format) and getting each region's answer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliRunner } from '../support/e2e/cli-runner';
import { cleanEnv, runProcess } from '../support/e2e/processes';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';
import { COUNTRY_SUBNETS, latencyZoneRoute53 } from '../support/policy-fixtures';

const ZONE = 'steer-e2e.example';
const NAME = `app.${ZONE}`;
const SUBNETS = COUNTRY_SUBNETS;
const ROUTE53 = latencyZoneRoute53(ZONE);

let server: WranglerDev;
let workDir: string;

async function curl(args: readonly string[]) {
  return runProcess(
    'curl',
    ['--silent', '--show-error', '--noproxy', '*', '--max-time', '30', '-k', ...args],
    {
      env: cleanEnv(),
    },
  );
}

async function jsonAnswer(subnet: string): Promise<{ data: string[]; cacheControl: string }> {
  const query = new URLSearchParams({ name: NAME, type: 'A', edns_client_subnet: subnet });
  const run = await curl(['-D', '-', `${server.url}/resolve?${query}`]);
  expect(run.code, run.stderr).toBe(0);
  const text = run.stdout.toString('utf8');
  const [head = '', body = '{}'] = text.split(/\r?\n\r?\n/);
  const cacheControl = /^cache-control: (.*)$/im.exec(head)?.[1]?.trim() ?? '';
  const json = JSON.parse(body) as { Answer?: { data: string }[] };
  return { data: (json.Answer ?? []).map((a) => a.data), cacheControl };
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'edgesteer-e2e-steer-'));
  server = await startWranglerDev({ vars: { SNAPSHOT_REFRESH_SECONDS: '1' } });
  const file = join(workDir, `${ZONE}.json`);
  await writeFile(file, JSON.stringify(ROUTE53));
  const run = await createCliRunner(server, workDir).run(['import', ZONE, file, '--wait']);
  expect(run.code, `${run.stderr}\n--- wrangler ---\n${server.output()}`).toBe(0);
  // INSYNC = published; the isolate picks it up on its next background refresh (1 s here).
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (await jsonAnswer(SUBNETS.DE)).data.length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

afterAll(async () => {
  await server?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('curl steered by the client subnet', () => {
  it.each([
    ['DE', '192.0.2.2'],
    ['US', '192.0.2.1'],
    ['JP', '192.0.2.3'],
  ] as const)('JSON API, ECS from %s → that region, Cache-Control private', async (country, ip) => {
    const { data, cacheControl } = await jsonAnswer(SUBNETS[country]);
    expect(data).toEqual([ip]);
    expect(cacheControl).toBe('private, max-age=60');
  });

  it('RFC 8484 wire GET with an ECS option: region answer and ECS echoed with a scope', async () => {
    const query = dnsPacket.encode({
      type: 'query',
      id: 0,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ name: NAME, type: 'A', class: 'IN' }],
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 4096,
          flags: 0,
          options: [{ code: 8, data: Buffer.from([0, 1, 24, 0, 1, 5, 7]) }],
        } as dnsPacket.Answer,
      ],
    });
    const b64 = Buffer.from(query).toString('base64url');
    const run = await curl(['-H', 'accept: application/dns-message', `${server.url}/dns-query?dns=${b64}`]);
    expect(run.code, run.stderr).toBe(0);
    const wire = new Uint8Array(run.stdout);
    const reply = dnsPacket.decode(Buffer.from(wire));
    expect(reply.answers?.map((a) => (a as { data: string }).data)).toEqual(['192.0.2.3']);
    // ECS echoed last: FAMILY 1, SOURCE 24, SCOPE > 0, ADDRESS 1.5.7.
    expect([...wire.slice(-7, -5), wire.at(-5)]).toEqual([0, 1, 24]);
    expect(wire.at(-4)).toBeGreaterThan(0);
    expect([...wire.slice(-3)]).toEqual([1, 5, 7]);
  });
});
