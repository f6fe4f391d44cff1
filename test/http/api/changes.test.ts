import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { controlPlane } from '../../../src/control/client';
import { api, postChanges, putZoneFile, rrset } from '../../support/api';
import { zoneText } from '../../support/control-zones';

interface ChangeInfoBody {
  ChangeInfo: { Id: string; Status: string; Version: number; SubmittedAt: string; Comment?: string };
}

const stub = controlPlane(env);

beforeEach(async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

async function status(): Promise<{ committed: number; published: number }> {
  return (await (await api('/status')).json<{ version: { committed: number; published: number } }>()).version;
}

async function recordSets(zone: string): Promise<string[]> {
  const body = await (await api(`/zones/${zone}`)).json<{
    ResourceRecordSets: { Name: string; Type: string; TTL: number; ResourceRecords: { Value: string }[] }[];
  }>();
  return body.ResourceRecordSets.map(
    (r) => `${r.Name} ${r.TTL} ${r.Type} ${r.ResourceRecords.map((v) => v.Value).join(',')}`,
  );
}

describe('POST /zones/{zone}/changes', () => {
  it('applies a Route 53 ChangeBatch; the change goes PENDING → INSYNC', async () => {
    await putZoneFile('cb.test', zoneText('cb.test', 'old A 192.0.2.1'));
    const res = await postChanges('cb.test', {
      HostedZoneId: 'Z0EXAMPLE',
      ChangeBatch: {
        Comment: 'web servers',
        Changes: [
          rrset('CREATE', 'www.cb.test', 'A', 60, ['192.0.2.10', '192.0.2.11']),
          rrset('UPSERT', 'mail.cb.test.', 'MX', 300, ['10 mx.example.net.']),
          rrset('DELETE', 'old.cb.test.', 'A', 300, ['192.0.2.1']),
        ],
      },
    });
    expect(res.status).toBe(200);
    const { ChangeInfo } = await res.json<ChangeInfoBody>();
    expect(ChangeInfo).toMatchObject({ Status: 'PENDING', Comment: 'web servers' });
    expect(await recordSets('cb.test')).toEqual(
      expect.arrayContaining([
        'www.cb.test. 60 A 192.0.2.10,192.0.2.11',
        'mail.cb.test. 300 MX 10 mx.example.net.',
      ]),
    );
    expect((await recordSets('cb.test')).some((r) => r.startsWith('old.'))).toBe(false);

    const id = ChangeInfo.Id.slice('/change/'.length);
    const pending = await api(`/changes/${id}`);
    expect(await pending.json()).toEqual({ ChangeInfo });
    await runDurableObjectAlarm(stub);
    const insync = await (await api(`/changes/${id}`)).json<ChangeInfoBody>();
    expect(insync.ChangeInfo).toEqual({ ...ChangeInfo, Status: 'INSYNC' });
    // Route 53's full id works too.
    expect((await api(`/changes/${encodeURIComponent(ChangeInfo.Id)}`)).status).toBe(200);
    const { committed, published } = await status();
    expect(published).toBe(committed);
  });

  it('is all or nothing: every problem at its change, nothing applied', async () => {
    await putZoneFile('cb-atomic.test', zoneText('cb-atomic.test', 'www A 192.0.2.1'));
    const before = await recordSets('cb-atomic.test');
    const version = (await status()).committed;
    const res = await postChanges('cb-atomic.test', {
      Changes: [
        rrset('CREATE', 'fine.cb-atomic.test', 'A', 60, ['192.0.2.9']),
        rrset('DELETE', 'www.cb-atomic.test', 'A', 60, ['192.0.2.1']),
        rrset('CREATE', 'www.cb-atomic.test', 'A', 60, ['192.0.2.2']),
        rrset('DELETE', 'cb-atomic.test', 'SOA', 300, [
          'ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300',
        ]),
      ],
    });
    expect(res.status).toBe(400);
    const body = await res.json<{ errors: { path: string; message: string }[] }>();
    expect(body.errors).toEqual([
      { path: '/Changes/1', message: expect.stringMatching(/do not match the current values/) },
      { path: '/Changes/2', message: expect.stringMatching(/already exists/) },
      { path: '/Changes/3', message: expect.stringMatching(/SOA .* cannot be deleted/) },
    ]);
    expect(await recordSets('cb-atomic.test')).toEqual(before);
    expect((await status()).committed).toBe(version);
  });

  it('lists zone-rule problems beside Route 53 ones: every problem at once', async () => {
    await putZoneFile('cb-every.test', zoneText('cb-every.test', 'www CNAME target.example.net.'));
    const res = await postChanges('cb-every.test', {
      Changes: [
        rrset('DELETE', 'gone.cb-every.test', 'A', 60, ['192.0.2.1']),
        rrset('CREATE', 'www.cb-every.test', 'A', 60, ['192.0.2.2']),
      ],
    });
    expect(res.status).toBe(400);
    const body = await res.json<{ errors: { path: string; message: string }[] }>();
    expect(body.errors).toEqual([
      { path: '/Changes/0', message: expect.stringMatching(/not found/) },
      { path: '/Changes/1', message: expect.stringMatching(/CNAME.*other data|other data.*CNAME/) },
    ]);
  });

  it('reports problems the batch alone shows, with JSON pointers', async () => {
    await putZoneFile('cb-shape.test', zoneText('cb-shape.test'));
    const res = await postChanges('cb-shape.test', {
      ChangeBatch: {
        Changes: [
          {
            Action: 'REPLACE',
            ResourceRecordSet: { Name: 'a.cb-shape.test', Type: 'A', TTL: 1, ResourceRecords: [] },
          },
          rrset('CREATE', 'b.cb-shape.test', 'A', 60, ['not-an-ip']),
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = await res.json<{ errors: { path: string }[] }>();
    expect(body.errors.length).toBeGreaterThanOrEqual(2);
    expect(body.errors.every((e) => e.path.startsWith('/ChangeBatch/Changes/'))).toBe(true);
  });

  it('locates zone rules at the change that broke them', async () => {
    await putZoneFile('cb-rules.test', zoneText('cb-rules.test', 'www A 192.0.2.1'));
    const res = await postChanges('cb-rules.test', {
      Changes: [
        rrset('CREATE', 'ok.cb-rules.test', 'A', 60, ['192.0.2.9']),
        rrset('CREATE', 'sub.cb-rules.test', 'NS', 60, ['ns.example.net.']),
        rrset('CREATE', 'x.sub.cb-rules.test', 'TXT', 60, ['"hidden"']),
        rrset('CREATE', 'www.cb-rules.test', 'CNAME', 60, ['ok.cb-rules.test.']),
      ],
    });
    expect(res.status).toBe(400);
    const body = await res.json<{ errors: { path: string; message: string }[] }>();
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: '/Changes/3', message: expect.stringMatching(/^www\.cb-rules\.test\.\/CNAME: .*other data/) },
        { path: '/Changes/2', message: expect.stringMatching(/occluded/) },
      ]),
    );
  });

  it('an unknown zone is 404; a stale expectedVersion is 409', async () => {
    const missing = await postChanges('nope.test', {
      Changes: [rrset('CREATE', 'a.nope.test', 'A', 60, ['192.0.2.1'])],
    });
    expect(missing.status).toBe(404);
    await putZoneFile('cb-cas.test', zoneText('cb-cas.test'));
    const { committed } = await status();
    const stale = await postChanges(
      'cb-cas.test',
      { Changes: [rrset('CREATE', 'a.cb-cas.test', 'A', 60, ['192.0.2.1'])] },
      { 'If-Match': `"${committed - 1}"` },
    );
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ expectedVersion: committed - 1, currentVersion: committed });
  });

  it('malformed JSON is 400, other media types 415', async () => {
    const bad = await postChanges('cb-cas.test', '{"Changes": [}');
    expect(bad.status).toBe(400);
    expect((await bad.json<{ errors: { message: string }[] }>()).errors[0]?.message).toMatch(
      /malformed JSON/,
    );
    const text = await api('/zones/cb-cas.test/changes', {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('accepts 1,000 changes in one batch; 1,001 is a 400 naming the limit and the count, nothing applied', async () => {
    await putZoneFile('cb-cap.test', zoneText('cb-cap.test'));
    const creates = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) =>
        rrset('CREATE', `h${from + i}.cb-cap.test`, 'A', 60, ['192.0.2.1']),
      );
    const start = (await status()).committed;
    const refused = await postChanges('cb-cap.test', { ChangeBatch: { Changes: creates(1001) } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      errors: [
        {
          path: '/ChangeBatch/Changes',
          message: '1001 changes in one batch; at most 1000 per change batch',
        },
      ],
    });
    // Refused before the changes are read: a malformed one among them is not looked at.
    const malformed = [...creates(1000), { Action: 'CREATE', ResourceRecordSet: { Name: 'x.cb-cap.test' } }];
    const early = await postChanges('cb-cap.test', { Changes: malformed });
    expect(await early.json()).toEqual({
      errors: [{ path: '/Changes', message: '1001 changes in one batch; at most 1000 per change batch' }],
    });
    expect((await status()).committed).toBe(start);
    expect(await recordSets('cb-cap.test')).toHaveLength(2);
    const accepted = await postChanges('cb-cap.test', { Changes: creates(1000) });
    expect(accepted.status).toBe(200);
    expect(await recordSets('cb-cap.test')).toHaveLength(1002);
  });

  it('serialises concurrent batches: strictly serial versions, nothing lost', async () => {
    await putZoneFile('cb-race.test', zoneText('cb-race.test'));
    const start = (await status()).committed;
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        postChanges('cb-race.test', {
          Changes: [rrset('CREATE', `h${i}.cb-race.test`, 'A', 60, [`192.0.2.${i + 1}`])],
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const versions = await Promise.all(
      responses.map(async (r) => (await r.json<ChangeInfoBody>()).ChangeInfo.Version),
    );
    expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => start + 1 + i));
    expect((await recordSets('cb-race.test')).filter((r) => r.startsWith('h')).length).toBe(8);
  });
});

describe('GET /changes/{id} and /status', () => {
  it('an unknown change is 404', async () => {
    const res = await api('/changes/CAAAAAAAAAAAAA');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no change CAAAAAAAAAAAAA' });
  });

  it('status reports committed and published versions', async () => {
    const res = await api('/status');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      version: { committed: expect.any(Number), published: expect.any(Number) },
    });
  });
});
