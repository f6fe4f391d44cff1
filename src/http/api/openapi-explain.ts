/** OpenAPI path of GET /test-dns-answer (test-answer.ts). */
import { ok, type PathItemObject, response, type SchemaObject } from './openapi-types';

const query = (name: string, description: string, type = 'string', required = false) => ({
  name,
  in: 'query' as const,
  required,
  description,
  schema: { type },
});

export const EXPLAIN_SCHEMAS: Record<string, SchemaObject> = {
  TestDnsAnswer: {
    type: 'object',
    required: ['Nameserver', 'RecordName', 'RecordType', 'RecordData', 'ResponseCode', 'Protocol', 'Explain'],
    properties: {
      Nameserver: { type: 'string' },
      RecordName: { type: 'string' },
      RecordType: { type: 'string' },
      RecordData: { type: 'array', items: { type: 'string' } },
      ResponseCode: { type: 'string', description: 'NOERROR, NXDOMAIN, SERVFAIL, …' },
      Protocol: { type: 'string', enum: ['HTTPS'] },
      Tailored: {
        type: 'boolean',
        description: 'The answer depended on the client (Cache-Control: private).',
      },
      EcsScope: { type: 'integer', description: 'ECS SCOPE the reply would carry, when ECS was given.' },
      Explain: {
        type: 'object',
        description:
          'location (signal and what it resolved to), steps (policy, candidates with health and latency, rule, failure mode), versions',
      },
    },
  },
};

export const EXPLAIN_PATHS: Record<string, PathItemObject> = {
  '/test-dns-answer': {
    get: {
      operationId: 'testDnsAnswer',
      summary: 'Route 53 TestDNSAnswer with an explicit client location, and the decision trace',
      tags: ['routing'],
      parameters: [
        query('recordName', 'The name to resolve (parameter names are case-insensitive).', 'string', true),
        query('recordType', 'Mnemonic or number.', 'string', true),
        query('resolverIP', "The resolver's (or client's) address: its network for IP-based routing."),
        query('edns0ClientSubnetIP', 'ECS address, used exactly as an ECS option in a query.'),
        query('edns0ClientSubnetMask', 'ECS prefix length (default 24 for IPv4, 64 for IPv6).', 'integer'),
        query('colo', 'Edge colo, IATA code.'),
        query('country', 'ISO 3166-1 alpha-2.'),
        query('continent', 'AF, AN, AS, EU, NA, OC or SA.'),
        query('subdivision', 'ISO 3166-2 subdivision without the country (CA for US-CA).'),
        query('latitude', 'Degrees.', 'number'),
        query('longitude', 'Degrees.', 'number'),
        query('asn', 'Autonomous system number.', 'integer'),
      ],
      responses: {
        '200': ok('RecordData, ResponseCode and the explain trace.', 'TestDnsAnswer'),
        '400': response('BadRequest'),
        '401': response('Unauthorized'),
      },
    },
  },
};
