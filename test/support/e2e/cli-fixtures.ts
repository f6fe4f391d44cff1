/** Zones and change batches the CLI end-to-end tests import and apply. */

export const BIND_ZONE = 'cli-bind.example';
export const BIND_TEXT = `$ORIGIN cli-bind.example.
$TTL 300
@      IN SOA   ns1 hostmaster 2026042001 7200 3600 1209600 300
@      IN NS    ns1
@      IN NS    ns2
ns1    IN A     192.0.2.53
ns2    IN A     198.51.100.53
@      IN A     192.0.2.10
@      IN AAAA  2001:db8::10
www    IN CNAME @
@      IN MX    10 mail
mail   IN A     192.0.2.25
@      IN TXT   "v=spf1 mx -all"
`;

export const R53_ZONE = 'cli-r53.example';
export const R53_RECORD_SETS = {
  ResourceRecordSets: [
    {
      Name: 'cli-r53.example.',
      Type: 'SOA',
      TTL: 900,
      ResourceRecords: [
        { Value: 'ns1.cli-r53.example. hostmaster.cli-r53.example. 1 7200 900 1209600 86400' },
      ],
    },
    {
      Name: 'cli-r53.example.',
      Type: 'NS',
      TTL: 172800,
      ResourceRecords: [{ Value: 'ns1.cli-r53.example.' }],
    },
    { Name: 'ns1.cli-r53.example.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.53' }] },
    {
      Name: 'www.cli-r53.example.',
      Type: 'A',
      TTL: 300,
      ResourceRecords: [{ Value: '192.0.2.80' }, { Value: '192.0.2.81' }],
    },
    { Name: 'cli-r53.example.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"hello world"' }] },
  ],
};

export const CHANGE_BATCH = {
  Comment: 'add api, move www',
  Changes: [
    {
      Action: 'CREATE',
      ResourceRecordSet: {
        Name: 'api.cli-r53.example.',
        Type: 'A',
        TTL: 60,
        ResourceRecords: [{ Value: '198.51.100.7' }],
      },
    },
    {
      Action: 'UPSERT',
      ResourceRecordSet: {
        Name: 'www.cli-r53.example.',
        Type: 'A',
        TTL: 120,
        ResourceRecords: [{ Value: '192.0.2.82' }],
      },
    },
  ],
};

/** Three broken lines: a bad address, an MX without preference, an unknown type. */
export const BAD_ZONE = 'cli-bad.example';
export const BAD_TEXT = `$ORIGIN cli-bad.example.
$TTL 300
@      IN SOA   ns1 hostmaster 1 7200 3600 1209600 300
@      IN NS    ns1
ns1    IN A     192.0.2.53
www    IN A     999.1.2.3
@      IN MX    mail.cli-bad.example.
txt    IN NOSUCHTYPE foo
`;

/** Two broken changes: a DELETE of something absent, a CREATE of something present. */
export const BAD_BATCH = {
  Changes: [
    {
      Action: 'DELETE',
      ResourceRecordSet: {
        Name: 'nope.cli-r53.example.',
        Type: 'A',
        TTL: 60,
        ResourceRecords: [{ Value: '192.0.2.1' }],
      },
    },
    {
      Action: 'CREATE',
      ResourceRecordSet: {
        Name: 'api.cli-r53.example.',
        Type: 'A',
        TTL: 60,
        ResourceRecords: [{ Value: '192.0.2.2' }],
      },
    },
  ],
};
