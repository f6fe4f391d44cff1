/**
 * GET /api/v1/test-dns-answer: Route 53 TestDNSAnswer (docs/routing-semantics.md §6.5) with an explicit
 * client location, answered from the served snapshots with the full explain trace.
 * Parameters (names case-insensitive): recordName, recordType (required); resolverIP,
 * edns0ClientSubnetIP, edns0ClientSubnetMask (default 24 / 64); colo, country, continent,
 * subdivision, latitude, longitude, asn.
 */
import type { Context } from 'hono';
import { RCODE, typeToString } from '../../dns/constants';
import { parseClientSubnet } from '../../dns/ecs';
import { formatRdata } from '../../dns/rdata';
import { locateExplicit } from '../../location/explicit';
import { resolve } from '../../resolver/pipeline';
import { newTrace } from '../../resolver/trace';
import { invalid, type Problem } from '../../validation/problem';
import type { AppEnv } from '../app-env';
import { traceJson } from '../doh/explain';
import { queryFromParams } from '../doh/json-query';
import { snapshotsFor } from '../snapshots';
import { errorResponse } from './errors';
import { jsonResponse } from './json';

const RCODE_NAMES = new Map<number, string>(Object.entries(RCODE).map(([name, code]) => [code, name]));

function number(raw: string | undefined, path: string, problems: Problem[]): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) problems.push({ path, message: `${path} must be a number, got "${raw}"` });
  return Number.isFinite(n) ? n : undefined;
}

export async function getTestDnsAnswer(c: Context<AppEnv>): Promise<Response> {
  const raw = new URL(c.req.url).searchParams;
  const p = new Map<string, string>();
  for (const [k, v] of raw) if (!p.has(k.toLowerCase())) p.set(k.toLowerCase(), v);
  const problems: Problem[] = [];
  const recordName = p.get('recordname');
  const recordType = p.get('recordtype');
  if (!recordName) problems.push({ path: 'recordName', message: 'recordName is required' });
  if (!recordType) problems.push({ path: 'recordType', message: 'recordType is required' });
  const ecsIp = p.get('edns0clientsubnetip');
  const mask = number(p.get('edns0clientsubnetmask'), 'edns0ClientSubnetMask', problems);
  const latitude = number(p.get('latitude'), 'latitude', problems);
  const longitude = number(p.get('longitude'), 'longitude', problems);
  const asn = number(p.get('asn'), 'asn', problems);
  const params = new URLSearchParams({ name: recordName ?? '', type: recordType ?? '' });
  if (ecsIp) params.set('edns_client_subnet', `${ecsIp}/${mask ?? (ecsIp.includes(':') ? 64 : 24)}`);
  const query = queryFromParams(params);
  if (!query.ok && recordName && recordType) problems.push({ path: 'query', message: query.error });
  if (problems.length > 0 || !query.ok) return errorResponse(invalid(problems));

  const ecsOption = query.value.edns?.options.find((o) => o.code === 8);
  const ecs = ecsOption ? parseClientSubnet(ecsOption.data) : undefined;
  const resolverIp = p.get('resolverip');
  const location = locateExplicit({
    ...(p.get('colo') ? { colo: p.get('colo')! } : {}),
    ...(p.get('country') ? { country: p.get('country')! } : {}),
    ...(p.get('continent') ? { continent: p.get('continent')! } : {}),
    ...(p.get('subdivision') ? { subdivision: p.get('subdivision')! } : {}),
    ...(latitude !== undefined ? { latitude } : {}),
    ...(longitude !== undefined ? { longitude } : {}),
    ...(asn !== undefined ? { asn } : {}),
    ...(ecs?.ok ? { ecs: ecs.value } : {}),
    ...(resolverIp ? { ip: resolverIp } : {}),
  });

  const { zones, signals } = await snapshotsFor(c.env, (p) => c.executionCtx.waitUntil(p));
  if (zones === null)
    return errorResponse({ kind: 'unavailable', message: 'the configuration is not loaded yet' });
  const trace = newTrace();
  trace.versions = { config: zones.version, health: signals.health.version, latency: signals.latencyVersion };
  const { response, tailored } = resolve(
    query.value,
    zones,
    { recursionAvailable: false },
    { signals, location, trace },
  );
  trace.location ??= location;
  const ecsOut = response.edns?.clientSubnet;
  return jsonResponse({
    Nameserver: new URL(c.req.url).hostname,
    RecordName: recordName,
    RecordType: typeToString(query.value.question!.type),
    RecordData: response.answer.map((rr) => formatRdata(rr.type, rr.rdata)),
    ResponseCode: RCODE_NAMES.get(response.rcode) ?? String(response.rcode),
    Protocol: 'HTTPS',
    Tailored: tailored,
    ...(ecsOut ? { EcsScope: ecsOut.scopePrefix } : {}),
    Explain: traceJson(trace),
  });
}
