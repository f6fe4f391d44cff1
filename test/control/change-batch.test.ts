import { describe, expect, it } from 'vitest';
import { parseChangeBatch } from '../../src/control/changes/change-batch';
import { RRTYPE } from '../../src/dns/constants';
import { expectProblems, problemLines } from '../support/zone-views';

const RRS = { Name: 'www.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.44' }] };
const TXT = { Name: 'example.com', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=spf1 -all"' }] };

function problemsOf(json: unknown): string[] {
  return problemLines(expectProblems(parseChangeBatch(json, 'example.com')));
}

describe('parseChangeBatch (docs/routing-semantics.md §6.2)', () => {
  it('reads {"HostedZoneId", "ChangeBatch": {"Comment", "Changes"}}', () => {
    const result = parseChangeBatch(
      {
        HostedZoneId: 'Z3M3LMPEXAMPLE',
        ChangeBatch: {
          Comment: 'Web servers',
          Changes: [
            { Action: 'CREATE', ResourceRecordSet: RRS },
            { Action: 'UPSERT', ResourceRecordSet: TXT },
            { Action: 'DELETE', ResourceRecordSet: { ...RRS, Name: 'old.example.com.' } },
          ],
        },
      },
      'example.com',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        comment: 'Web servers',
        changes: [
          {
            action: 'CREATE',
            path: '/ChangeBatch/Changes/0',
            recordSet: { name: 'www.example.com.', type: RRTYPE.A, ttl: 60, values: ['192.0.2.44'] },
          },
          {
            action: 'UPSERT',
            path: '/ChangeBatch/Changes/1',
            recordSet: { name: 'example.com.', type: RRTYPE.TXT, ttl: 300, values: ['"v=spf1 -all"'] },
          },
          {
            action: 'DELETE',
            path: '/ChangeBatch/Changes/2',
            recordSet: { name: 'old.example.com.', type: RRTYPE.A, ttl: 60, values: ['192.0.2.44'] },
          },
        ],
      },
    });
  });

  it('reads {"ChangeBatch": {...}} without a zone id', () => {
    const result = parseChangeBatch(
      { ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: RRS }] } },
      'example.com',
    );
    expect(result.ok && result.value).toEqual({
      changes: [expect.objectContaining({ path: '/ChangeBatch/Changes/0' })],
    });
  });

  it('reads a bare {"Changes": [...]}', () => {
    const result = parseChangeBatch(
      { Comment: 'c', Changes: [{ Action: 'DELETE', ResourceRecordSet: RRS }] },
      'example.com',
    );
    expect(result.ok && result.value).toEqual({
      comment: 'c',
      changes: [expect.objectContaining({ action: 'DELETE', path: '/Changes/0' })],
    });
  });

  it('allows DELETE then CREATE of the same set (a replace)', () => {
    const json = {
      Changes: [
        { Action: 'DELETE', ResourceRecordSet: RRS },
        { Action: 'CREATE', ResourceRecordSet: { ...RRS, TTL: 300 } },
      ],
    };
    expect(parseChangeBatch(json, 'example.com').ok).toBe(true);
  });

  const errors: { name: string; json: unknown; want: string[] }[] = [
    { name: 'not an object', json: [], want: [': expected a ChangeBatch object, got an array'] },
    { name: 'no Changes', json: { Comment: 'x' }, want: ['/Changes: Changes is required'] },
    {
      name: 'empty Changes',
      json: { ChangeBatch: { Changes: [] } },
      want: ['/ChangeBatch/Changes: Changes is empty: nothing to change'],
    },
    {
      name: 'Changes not an array',
      json: { Changes: {} },
      want: ['/Changes: expected an array of changes, got an object'],
    },
    {
      name: 'ChangeBatch not an object',
      json: { HostedZoneId: 'Z1', ChangeBatch: 'x' },
      want: ['/ChangeBatch: expected an object, got a string'],
    },
    {
      name: 'Action in the wrong case',
      json: { Changes: [{ Action: 'create', ResourceRecordSet: RRS }] },
      want: ['/Changes/0/Action: got "create"; expected CREATE, DELETE or UPSERT'],
    },
    {
      name: 'missing Action and record set',
      json: { Changes: [{}] },
      want: [
        '/Changes/0/Action: Action is required; expected CREATE, DELETE or UPSERT',
        '/Changes/0/ResourceRecordSet: ResourceRecordSet is required',
      ],
    },
    {
      name: 'unknown fields at every level',
      json: {
        HostedZoneId: 'Z1',
        Foo: 1,
        ChangeBatch: { Bar: 2, Changes: [{ Action: 'UPSERT', ResourceRecordSet: RRS, Baz: 3 }] },
      },
      want: [
        '/Foo: unknown field "Foo"',
        '/ChangeBatch/Bar: unknown field "Bar"',
        '/ChangeBatch/Changes/0/Baz: unknown field "Baz"',
      ],
    },
    {
      name: 'record-set problems carry the full path',
      json: {
        ChangeBatch: {
          Changes: [
            { Action: 'UPSERT', ResourceRecordSet: RRS },
            { Action: 'UPSERT', ResourceRecordSet: { ...RRS, TTL: -5 } },
            { Action: 'UPSERT', ResourceRecordSet: { ...RRS, Region: 'us-east-1', SetIdentifier: '' } },
          ],
        },
      },
      want: [
        '/ChangeBatch/Changes/1/ResourceRecordSet/TTL: expected a whole number of seconds from 0 to 2147483647, got -5',
        '/ChangeBatch/Changes/2/ResourceRecordSet/SetIdentifier: SetIdentifier must be 1–128 characters (got 0)',
      ],
    },
    {
      name: 'the same set deleted twice',
      json: {
        Changes: [
          { Action: 'DELETE', ResourceRecordSet: RRS },
          { Action: 'DELETE', ResourceRecordSet: { ...RRS, Name: 'WWW.example.com.' } },
        ],
      },
      want: ['/Changes/1: deletes the same record set as /Changes/0'],
    },
    {
      name: 'comment of the wrong type or too long',
      json: { Comment: 'x'.repeat(257), Changes: [{ Action: 'CREATE', ResourceRecordSet: RRS }] },
      want: ['/Comment: longer than 256 characters'],
    },
    {
      name: 'zone id of the wrong type',
      json: {
        HostedZoneId: 5,
        ChangeBatch: { Comment: 7, Changes: [{ Action: 'CREATE', ResourceRecordSet: RRS }] },
      },
      want: [
        '/HostedZoneId: expected a string, got a number',
        '/ChangeBatch/Comment: expected a string, got a number',
      ],
    },
    {
      name: 'record outside the zone',
      json: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { ...RRS, Name: 'example.net' } }] },
      want: ['/Changes/0/ResourceRecordSet/Name: example.net. is outside the zone example.com.'],
    },
  ];
  for (const c of errors) it(`problem: ${c.name}`, () => expect(problemsOf(c.json)).toEqual(c.want));
});
