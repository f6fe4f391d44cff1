/** OpenAPI schemas of the origin routes (origins.ts): the body of a PUT and what GET shows. Merged into SCHEMAS. */
import {
  ATTEMPTS,
  BUDGET_MS,
  MAX_ADD_HEADERS,
  MAX_HEADER_VALUE_LENGTH,
  MAX_ORIGINS,
  TIMEOUT_MS,
} from '../../control/resources/origin';
import { schemaRef as ref, type SchemaObject } from './openapi-types';

const range = (r: { min: number; max: number; default: number }): SchemaObject => ({
  type: 'integer',
  minimum: r.min,
  maximum: r.max,
  default: r.default,
});

const FIELDS: Readonly<Record<string, SchemaObject>> = {
  OriginName: {
    type: 'string',
    description:
      'A name inside a hosted zone whose A/AAAA answer, through CNAMEs, aliases and routing, is the origin; ' +
      'written back canonical, with a trailing dot.',
    examples: ['origin.example.com.'],
  },
  Scheme: { type: 'string', enum: ['https', 'http'], default: 'https' },
  Port: { type: 'integer', minimum: 1, maximum: 65_535, description: "Absent: the scheme's default port." },
  TimeoutMs: { ...range(TIMEOUT_MS), description: "One attempt's deadline: connect to response headers." },
  Retry: ref('OriginRetry'),
  CacheMode: {
    type: 'string',
    enum: ['origin', 'bypass'],
    default: 'origin',
    description: "origin: cache as the origin's Cache-Control says; bypass: never cache.",
  },
  AddHeaders: {
    type: 'array',
    maxItems: MAX_ADD_HEADERS,
    items: ref('OriginHeader'),
    description: 'Request headers set on the way to the origin; not hop-by-hop ones, Host or Content-Length.',
  },
  PassClientIp: {
    type: 'boolean',
    default: false,
    description: "Send the client's address to the origin (X-Forwarded-For, CF-Connecting-IP).",
  },
  HostHeader: {
    type: 'string',
    enum: ['origin', 'client'],
    default: 'origin',
    description: "The Host the origin sees: the chosen member's own hostname, or the client's.",
  },
};

export const ORIGIN_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  OriginRetry: {
    type: 'object',
    description:
      'Attempts in all (1 = no retry) and the time they share: an attempt gets min(TimeoutMs, what is left).',
    properties: {
      Attempts: range(ATTEMPTS),
      BudgetMs: range(BUDGET_MS),
      On5xx: { type: 'boolean', default: true, description: 'Retry on a 5xx answer, not only on failures.' },
    },
  },
  OriginHeader: {
    type: 'object',
    required: ['Name', 'Value'],
    properties: {
      Name: { type: 'string', pattern: "^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$" },
      Value: { type: 'string', maxLength: MAX_HEADER_VALUE_LENGTH },
    },
  },
  OriginInput: { type: 'object', required: ['OriginName'], properties: FIELDS },
  Origin: {
    type: 'object',
    required: [
      'Id',
      'OriginName',
      'Scheme',
      'TimeoutMs',
      'Retry',
      'CacheMode',
      'AddHeaders',
      'PassClientIp',
      'HostHeader',
      'Version',
      'UpdatedAt',
    ],
    properties: {
      Id: { type: 'string', description: 'The proxied host, lowercase, no trailing dot.' },
      ...FIELDS,
      Version: { type: 'integer', description: 'Config version of the last change to this origin.' },
      UpdatedAt: { type: 'string', format: 'date-time' },
    },
  },
  OriginList: {
    type: 'object',
    required: ['Origins'],
    properties: { Origins: { type: 'array', items: ref('Origin'), maxItems: MAX_ORIGINS } },
  },
};
