/**
 * The edgesteer CLI against a real `wrangler dev`: imports (BIND and Route 53 JSON), export
 * round-trips, change batches, change status, errors with every problem printed, exit codes, and
 * the token never appearing in any output. Tests run in order and share one server.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_BATCH,
  BAD_TEXT,
  BAD_ZONE,
  BIND_TEXT,
  BIND_ZONE,
  CHANGE_BATCH,
  R53_RECORD_SETS,
  R53_ZONE,
} from '../support/e2e/cli-fixtures';
import { type CliResult, type CliRunner, createCliRunner, problemLines } from '../support/e2e/cli-runner';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';

interface RecordSetJson {
  readonly Name: string;
  readonly Type: string;
  readonly TTL?: number;
  readonly ResourceRecords?: ReadonlyArray<{ readonly Value: string }>;
}

interface ChangeInfoJson {
  readonly Id: string;
  readonly Status: 'PENDING' | 'INSYNC';
  readonly Version: number;
}

let server: WranglerDev;
let cli: CliRunner;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgesteer-e2e-cli-'));
  server = await startWranglerDev();
  cli = createCliRunner(server, dir);
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | object): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** Exit 0, else fail with everything needed to see why. */
function expectOk(run: CliResult): void {
  expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
}

function changeInfoOf(run: CliResult): ChangeInfoJson {
  return (JSON.parse(run.stdout) as { ChangeInfo: ChangeInfoJson }).ChangeInfo;
}

async function exportRoute53(zone: string): Promise<RecordSetJson[]> {
  const run = await cli.run(['export', zone, '--format', 'route53']);
  expectOk(run);
  return (JSON.parse(run.stdout) as { ResourceRecordSets: RecordSetJson[] }).ResourceRecordSets;
}

function findRecordSet(
  sets: readonly RecordSetJson[],
  name: string,
  type: string,
): RecordSetJson | undefined {
  const wanted = name.replace(/\.$/, '').toLowerCase();
  return sets.find((rs) => rs.Type === type && rs.Name.replace(/\.$/, '').toLowerCase() === wanted);
}

function valuesOf(rs: RecordSetJson | undefined): string[] {
  return (rs?.ResourceRecords ?? []).map((r) => r.Value).sort();
}

/** Record sets in a comparable order, the SOA serial left out (a server may bump it on import). */
function comparable(sets: readonly RecordSetJson[]): RecordSetJson[] {
  return sets
    .map((rs) =>
      rs.Type === 'SOA'
        ? {
            ...rs,
            ResourceRecords: (rs.ResourceRecords ?? []).map((r) => ({
              Value: r.Value.replace(/^(\S+ \S+ )\d+/, '$1<serial>'),
            })),
          }
        : rs,
    )
    .sort((a, b) => `${a.Name}/${a.Type}`.localeCompare(`${b.Name}/${b.Type}`));
}

describe('import', () => {
  it('latency prints the colo × region matrix, or says there is none; --json the whole table', async () => {
    const run = await cli.run(['latency']);
    expectOk(run);
    expect(run.stdout).toMatch(/^(colo {2}|no latency figures yet)/);
    const asJson = await cli.run(['latency', '--json']);
    expectOk(asJson);
    const table = JSON.parse(asJson.stdout) as {
      Matrix: { Colos: string[] };
      Sampling: { MinSamples: number };
    };
    expect(table.Sampling.MinSamples).toBe(3);
    expect(Array.isArray(table.Matrix.Colos)).toBe(true);
  });

  it('imports a BIND zone file and waits until INSYNC', async () => {
    const run = await cli.run(['import', BIND_ZONE, await file('bind.zone', BIND_TEXT), '--wait']);
    expectOk(run);
    expect(changeInfoOf(run)).toMatchObject({
      Status: 'INSYNC',
      Id: expect.any(String),
      Version: expect.any(Number),
    });
    const sets = await exportRoute53(BIND_ZONE);
    expect(valuesOf(findRecordSet(sets, 'cli-bind.example.', 'MX'))).toEqual(['10 mail.cli-bind.example.']);
    expect(valuesOf(findRecordSet(sets, 'www.cli-bind.example.', 'CNAME'))).toEqual(['cli-bind.example.']);
  });

  it('imports Route 53 list-resource-record-sets JSON (chosen by the .json extension)', async () => {
    const run = await cli.run(['import', R53_ZONE, await file('r53.json', R53_RECORD_SETS), '--wait']);
    expectOk(run);
    expect(changeInfoOf(run).Status).toBe('INSYNC');
    const sets = await exportRoute53(R53_ZONE);
    expect(valuesOf(findRecordSet(sets, 'www.cli-r53.example.', 'A'))).toEqual(['192.0.2.80', '192.0.2.81']);
    expect(valuesOf(findRecordSet(sets, 'cli-r53.example.', 'TXT'))).toEqual(['"hello world"']);
  });

  it('shows upload progress, commit and wait with --progress when stderr is not a terminal', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `host${i} IN A 203.0.113.${i % 250}`);
    const big = `${BIND_TEXT.replace(/cli-bind/g, 'cli-big')}${lines.join('\n')}\n`;
    const run = await cli.run([
      'import',
      'cli-big.example',
      await file('big.zone', big),
      '--wait',
      '--progress',
    ]);
    expectOk(run);
    expect(run.stderr).toMatch(/uploading .* \/ .* \(100%\)/);
    expect(run.stderr).toMatch(/validating and committing/);
    expect(run.stderr).toMatch(/committed version \d+ as change \S+/);
    expect(run.stderr).toMatch(/INSYNC after \d+\.\ds/);
    expect(changeInfoOf(run).Status).toBe('INSYNC');
  });

  it('rejects a broken zone file with exit 1, prints every problem, and changes nothing', async () => {
    const run = await cli.run(['import', BAD_ZONE, await file('bad.zone', BAD_TEXT), '--wait']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/HTTP 400/);
    const problems = problemLines(run.stderr);
    expect(problems.length, run.stderr).toBeGreaterThanOrEqual(3);
    for (const line of problems) expect(line).toMatch(/^\S.*: \S/);
    const exported = await cli.run(['export', BAD_ZONE]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/HTTP 404/);
  });

  it('reads stdin for "-", sniffing JSON from the content', async () => {
    const run = await cli.run(['import', R53_ZONE, '-'], { input: JSON.stringify(R53_RECORD_SETS) });
    expectOk(run);
    expect(changeInfoOf(run).Id).toEqual(expect.any(String));
  });
});

describe('export', () => {
  it('round-trips BIND: export, re-import, export again gives the same record sets', async () => {
    const before = await exportRoute53(BIND_ZONE);
    const bindFile = join(dir, 'exported.zone');
    expectOk(await cli.run(['export', BIND_ZONE, '--format', 'bind', '-o', bindFile]));
    expect(await readFile(bindFile, 'utf8')).toMatch(/SOA/);
    expectOk(await cli.run(['import', BIND_ZONE, bindFile, '--wait']));
    expect(comparable(await exportRoute53(BIND_ZONE))).toEqual(comparable(before));
  });

  it('round-trips Route 53 JSON the same way', async () => {
    const before = await exportRoute53(R53_ZONE);
    const jsonFile = join(dir, 'exported.json');
    expectOk(await cli.run(['export', R53_ZONE, '--format', 'route53', '-o', jsonFile]));
    expectOk(await cli.run(['import', R53_ZONE, jsonFile, '--wait']));
    expect(comparable(await exportRoute53(R53_ZONE))).toEqual(comparable(before));
  });

  it('fails with exit 1 for a zone that does not exist', async () => {
    const run = await cli.run(['export', 'missing.example']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 404/);
  });
});

describe('apply and change', () => {
  let applied: ChangeInfoJson;

  it('applies a change batch and waits until INSYNC', async () => {
    const run = await cli.run(['apply', R53_ZONE, await file('batch.json', CHANGE_BATCH), '--wait']);
    expectOk(run);
    applied = changeInfoOf(run);
    expect(applied.Status).toBe('INSYNC');
    const sets = await exportRoute53(R53_ZONE);
    expect(valuesOf(findRecordSet(sets, 'api.cli-r53.example.', 'A'))).toEqual(['198.51.100.7']);
    const www = findRecordSet(sets, 'www.cli-r53.example.', 'A');
    expect([www?.TTL, valuesOf(www)]).toEqual([120, ['192.0.2.82']]);
  });

  it('reports a change by id, bare or Route 53 style', async () => {
    for (const id of [applied.Id, applied.Id.replace(/^\/change\//, '')]) {
      const run = await cli.run(['change', id]);
      expectOk(run);
      expect(changeInfoOf(run)).toMatchObject({ Id: applied.Id, Status: 'INSYNC', Version: applied.Version });
    }
  });

  it('rejects a batch with broken changes as a whole, printing each problem', async () => {
    const before = await exportRoute53(R53_ZONE);
    const run = await cli.run(['apply', R53_ZONE, await file('bad-batch.json', BAD_BATCH)]);
    expect(run.code).toBe(1);
    const problems = problemLines(run.stderr);
    expect(problems.length, run.stderr).toBeGreaterThanOrEqual(2);
    expect(problems.join('\n')).toMatch(/Changes.*0/);
    expect(problems.join('\n')).toMatch(/Changes.*1/);
    expect(comparable(await exportRoute53(R53_ZONE))).toEqual(comparable(before));
  });

  it('refuses a file that is not JSON before sending it', async () => {
    const run = await cli.run(['apply', R53_ZONE, await file('not.json', '{"Changes": [')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not valid JSON/);
  });

  it('fails with exit 1 for an unknown change id', async () => {
    const run = await cli.run(['change', 'CAAAAAAAAAAAAA']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 404/);
  });
});

describe('origins', () => {
  it('puts, gets, lists and deletes an origin, waiting until INSYNC', async () => {
    const body = await file('origin.json', { OriginName: `origin.${BIND_ZONE}`, TimeoutMs: 2000 });
    const put = await cli.run(['origins', 'put', `WWW.${BIND_ZONE}`, body, '--wait']);
    expectOk(put);
    expect(changeInfoOf(put).Status).toBe('INSYNC');
    const got = await cli.run(['origins', 'get', `www.${BIND_ZONE}`]);
    expectOk(got);
    expect(JSON.parse(got.stdout)).toMatchObject({
      Id: `www.${BIND_ZONE}`,
      OriginName: `origin.${BIND_ZONE}.`,
      TimeoutMs: 2000,
      Retry: { Attempts: 3 },
    });
    const table = await cli.run(['origins', 'list']);
    expectOk(table);
    expect(table.stdout).toMatch(/^HOST\s+ORIGIN NAME\s+SCHEME\s+VERSION$/m);
    expect(table.stdout).toContain(`www.${BIND_ZONE}  origin.${BIND_ZONE}.  https`);
    const deleted = await cli.run(['origins', 'delete', `www.${BIND_ZONE}`, '--wait']);
    expectOk(deleted);
    expect(changeInfoOf(deleted).Status).toBe('INSYNC');
    const list = await cli.run(['origins', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual({ Origins: [] });
  });

  it('prints every problem of a bad origin with exit 1', async () => {
    const body = await file('bad-origin.json', {
      OriginName: 'origin.nowhere.example',
      Scheme: 'ftp',
      Port: 0,
    });
    const run = await cli.run(['origins', 'put', `www.${BIND_ZONE}`, body]);
    expect(run.code).toBe(1);
    expect(problemLines(run.stderr)).toEqual([
      '/Scheme: Scheme must be "https" or "http"',
      '/Port: Port must be an integer from 1 to 65535 (got 0)',
    ]);
    expect((await cli.run(['origins', 'get', `www.${BIND_ZONE}`])).code).toBe(1);
  });
});

describe('zones, delete, status', () => {
  it('lists zones as a table and as JSON', async () => {
    const table = await cli.run(['zones']);
    expectOk(table);
    expect(table.stdout).toMatch(/^NAME\s+RECORD SETS\s+VERSION\s+UPDATED$/m);
    expect(table.stdout).toMatch(/cli-bind\.example/);
    const json = await cli.run(['zones', '--json']);
    expectOk(json);
    const names = (JSON.parse(json.stdout) as { zones: { name: string }[] }).zones.map((z) =>
      z.name.replace(/\.$/, ''),
    );
    expect(names).toEqual(expect.arrayContaining([BIND_ZONE, R53_ZONE]));
  });

  it('deletes a zone', async () => {
    expectOk(await cli.run(['delete', 'cli-big.example', '--wait']));
    const json = await cli.run(['zones', '--json']);
    const names = (JSON.parse(json.stdout) as { zones: { name: string }[] }).zones.map((z) =>
      z.name.replace(/\.$/, ''),
    );
    expect(names).not.toContain('cli-big.example');
  });

  it('shows the server status', async () => {
    const run = await cli.run(['status']);
    expectOk(run);
    expect(JSON.parse(run.stdout)).toEqual(expect.any(Object));
  });
});

describe('tokens and usage', () => {
  it('exits 2 when no token is configured', async () => {
    const run = await cli.run(['zones'], { tokenInEnv: false });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no API token/);
  });

  it('reads ADMIN_TOKEN from ./.dev.vars', async () => {
    const project = await mkdtemp(join(dir, 'project-'));
    await writeFile(join(project, '.dev.vars'), `# local secrets\nADMIN_TOKEN="${server.token}"\n`);
    expectOk(await cli.run(['zones'], { tokenInEnv: false, cwd: project }));
  });

  it('exits 1 on a wrong token, without echoing either token', async () => {
    const run = await cli.run(['zones'], { env: { EDGESTEER_TOKEN: 'wrong-token-0123456789' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 401/);
    expect(run.stderr).not.toContain('wrong-token-0123456789');
  });

  it('takes --token, and prints it nowhere even when the request fails', async () => {
    const run = await cli.run(['export', 'missing.example', '--token', server.token], { tokenInEnv: false });
    expect(run.code).toBe(1);
  });

  it.each([
    [['frobnicate']],
    [['import', BIND_ZONE]],
    [['export', BIND_ZONE, '--format', 'xml']],
    [['zones', '--wait']],
    [['zones', '--no-such-option']],
    [[]],
  ])('exits 2 on a usage error: edgesteer %j', async (args) => {
    const run = await cli.run(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/edgesteer help/);
  });

  it('prints help with exit 0', async () => {
    const run = await cli.run(['help']);
    expectOk(run);
    expect(run.stdout).toMatch(/^Usage: edgesteer <command>/);
  });

  it('never printed the token in any run', () => {
    expect(cli.transcript()).not.toContain(server.token);
  });
});
