/** Schemas of the latency table API: measurements, imports and the table with its EWMA cells. */
import { schemaRef as ref, type SchemaObject } from './openapi-types';

/** The EWMA fields every sampled latency cell shows. */
const EWMA_FIELDS = {
  RttMs: { type: 'number' },
  Samples: { type: 'integer' },
  UpdatedAt: { type: 'string', format: 'date-time' },
  AgeSeconds: { type: 'integer' },
  Used: { type: 'boolean', description: 'MinSamples reached and the newest within MaxAgeSeconds.' },
} as const;

export const LATENCY_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  LatencyMeasurement: {
    type: 'object',
    description:
      'One round-trip time from a colo (IATA code) or a network (CIDR, host bits zero) to a region.',
    required: ['Region', 'RttMs', 'MeasuredAt'],
    properties: {
      Colo: { type: 'string', pattern: '^[A-Z]{3}$', examples: ['FRA'] },
      Network: { type: 'string', examples: ['198.51.100.0/24', '2001:db8::/32'] },
      Region: { type: 'string', pattern: '^[a-z0-9-]{1,64}$', examples: ['eu-central-1'] },
      RttMs: { type: 'number', minimum: 0, maximum: 60000, description: 'Above 0.' },
      MeasuredAt: { type: 'string', format: 'date-time', description: 'At most 5 minutes in the future.' },
    },
  },
  LatencyImport: {
    type: 'object',
    required: ['Measurements'],
    properties: {
      MaxAgeSeconds: {
        type: 'integer',
        minimum: 60,
        maximum: 2592000,
        description: 'Older measurements are not used. PUT default 86400; POST keeps the current value.',
      },
      Measurements: {
        type: 'array',
        items: ref('LatencyMeasurement'),
        maxItems: 100000,
        description: 'One per place and region. The table holds at most 100,000.',
      },
    },
  },
  LatencyTable: {
    type: 'object',
    required: ['Version', 'MaxAgeSeconds', 'Measurements'],
    properties: {
      Version: { type: 'integer', minimum: 0 },
      UpdatedAt: { type: 'string', format: 'date-time' },
      MaxAgeSeconds: { type: 'integer' },
      Measurements: { type: 'array', items: ref('LatencyMeasurement') },
      Sampling: {
        type: 'object',
        description: 'How sampled cells are kept and when they route queries.',
        properties: {
          EwmaAlpha: { type: 'number' },
          MinSamples: { type: 'integer' },
          MaxAgeSeconds: { type: 'integer' },
        },
      },
      Sampled: {
        type: 'array',
        description: "The edge's own samples: EWMA per colo and region.",
        items: {
          type: 'object',
          properties: {
            Colo: { type: 'string' },
            Region: { type: 'string' },
            ...EWMA_FIELDS,
          },
        },
      },
      Probed: {
        type: 'array',
        description:
          'Health-probe RTTs (checks with MeasureLatency) per checker region: EWMA per checker and check.',
        items: {
          type: 'object',
          properties: { Checker: { type: 'string' }, HealthCheckId: { type: 'string' }, ...EWMA_FIELDS },
        },
      },
      Networks: {
        type: 'object',
        description: 'Client-beacon cells: how many, and the 1,000 most recently updated.',
        properties: {
          Count: { type: 'integer' },
          Cells: {
            type: 'array',
            items: {
              type: 'object',
              properties: { Network: { type: 'string' }, Region: { type: 'string' }, ...EWMA_FIELDS },
            },
          },
        },
      },
      Beacons: {
        type: 'array',
        description:
          "Where edge isolates measure each region: its BeaconUrl, or a linked health check's endpoint.",
        items: {
          type: 'object',
          properties: {
            Region: { type: 'string' },
            Source: { enum: ['BeaconUrl', 'HealthCheck'] },
            Url: { type: 'string' },
            HealthCheckId: { type: 'string' },
          },
        },
      },
      Matrix: {
        type: 'object',
        description:
          'Colo × region: the figure the latency policy uses for a client at that colo, and its source.',
        properties: {
          Colos: { type: 'array', items: { type: 'string' } },
          Regions: { type: 'array', items: { type: 'string' } },
          Rows: {
            type: 'array',
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  RttMs: { type: ['number', 'null'] },
                  Source: {
                    enum: [
                      'sampled-network',
                      'measured-network',
                      'sampled-colo',
                      'probed-checker',
                      'measured-colo',
                      'estimated',
                      'unknown',
                    ],
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  LatencyWriteResult: {
    type: 'object',
    required: ['Version', 'Changed', 'MaxAgeSeconds', 'MeasurementCount'],
    properties: {
      Version: { type: 'integer', minimum: 0 },
      Changed: { type: 'boolean', description: 'False: the table already held this; nothing is published.' },
      MaxAgeSeconds: { type: 'integer' },
      MeasurementCount: { type: 'integer', minimum: 0 },
    },
  },
};
