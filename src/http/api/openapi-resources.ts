/** OpenAPI paths of the CIDR collection, region and origin routes (cidr-collections.ts, regions.ts, origins.ts). */
import { MAX_ORIGINS } from '../../control/resources/origin';
import {
  jsonBody,
  type OperationObject,
  ok,
  type PathItemObject,
  param,
  type ResponseObject,
  response,
} from './openapi-types';

const id = (description: string, pattern: string) => ({
  name: 'id',
  in: 'path' as const,
  required: true,
  description,
  schema: { type: 'string', pattern },
});
const inUse: ResponseObject = {
  description: 'expectedVersion is stale, or record sets use it (the message names them).',
  content: jsonBody('Error'),
};

function resourcePaths(
  kind: { one: string; many: string; input: string; tag: string },
  idParam: ReturnType<typeof id>,
  rules: string,
): Record<string, PathItemObject> {
  const write = [idParam, param('expectedVersion'), param('ifMatch'), param('comment')];
  const put: OperationObject = {
    operationId: `put${kind.one}`,
    summary: `Create or replace a ${kind.tag}`,
    description: rules,
    tags: [kind.tag],
    parameters: write,
    requestBody: { required: true, content: jsonBody(kind.input) },
    responses: {
      '200': ok('Replaced.', 'ChangeInfoResponse'),
      '201': {
        ...ok('Created.', 'ChangeInfoResponse'),
        headers: { Location: { schema: { type: 'string' } } },
      },
      '400': response('BadRequest'),
      '401': response('Unauthorized'),
      '409': inUse,
      '413': response('PayloadTooLarge'),
      '415': response('UnsupportedMediaType'),
    },
  };
  return {
    [`/${kind.tag}s`]: {
      get: {
        operationId: `list${kind.one}s`,
        summary: `List ${kind.tag}s`,
        tags: [kind.tag],
        responses: { '200': ok('All of them.', kind.many), '401': response('Unauthorized') },
      },
    },
    [`/${kind.tag}s/{id}`]: {
      get: {
        operationId: `get${kind.one}`,
        summary: `One ${kind.tag}`,
        tags: [kind.tag],
        parameters: [idParam],
        responses: {
          '200': ok('Found.', kind.one),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
        },
      },
      put,
      delete: {
        operationId: `delete${kind.one}`,
        summary: `Delete a ${kind.tag} (refused while record sets use it)`,
        tags: [kind.tag],
        parameters: write,
        responses: {
          '200': ok('Deleted.', 'ChangeInfoResponse'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
          '409': inUse,
        },
      },
    },
  };
}

export const RESOURCE_PATHS: Readonly<Record<string, PathItemObject>> = {
  ...resourcePaths(
    {
      one: 'CidrCollection',
      many: 'CidrCollectionList',
      input: 'CidrCollectionInput',
      tag: 'cidr-collection',
    },
    id('Collection id: 1–64 of A–Z a–z 0–9 _ -.', '^[A-Za-z0-9_-]{1,64}$'),
    'IP-based routing (Route 53 CidrCollection). At most 5 collections; a location used by record sets ' +
      'cannot be removed. Versioned with the zones: the reply is a ChangeInfo, PENDING until published.',
  ),
  ...resourcePaths(
    { one: 'Region', many: 'RegionList', input: 'RegionInput', tag: 'region' },
    id('Region id: 1–64 of a–z 0–9 -; not a built-in region id.', '^[a-z0-9-]{1,64}$'),
    'An operator-defined region with coordinates, usable as a latency Region or a geoproximity AWSRegion / ' +
      'LocalZoneGroup. Versioned with the zones.',
  ),
  ...resourcePaths(
    { one: 'Origin', many: 'OriginList', input: 'OriginInput', tag: 'origin' },
    id(
      'The proxied host: a hostname, any case, a trailing dot allowed; stored lowercase without it.',
      '^[A-Za-z0-9.-]{1,254}$',
    ),
    `A hostname edgesteer serves as a reverse proxy to a routed origin. At most ${MAX_ORIGINS} origins; ` +
      'OriginName must lie inside a hosted zone when written. Versioned with the zones.',
  ),
};
