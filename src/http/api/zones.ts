/** Zone routes: list, read, replace (BIND or Route 53 JSON, parsed by the control plane), delete, export. */
import type { Context } from 'hono';
import { controlPlane } from '../../control/client';
import { displayName } from '../../dns/name';
import { err, ok, type Result } from '../../result';
import { invalid, type Problem } from '../../validation/problem';
import { groupsNeedingRoute53, toRoute53Json, toZoneFile, zoneFileOrder } from '../../zones/export';
import type { Zone } from '../../zones/model';
import type { AppEnv } from '../app-env';
import { declaredTooLarge, isJsonType, mediaType } from './body';
import { type ApiError, errorResponse } from './errors';
import { jsonResponse } from './json';
import { parseWriteOptions, parseZoneParam } from './params';

type Ctx = Context<AppEnv>;

const ZONE_TYPES = ['text/dns', 'text/plain', 'application/json'];

function zoneName(c: Ctx): Result<string, ApiError> {
  const zone = parseZoneParam(c.req.param('zone'));
  return zone.ok ? zone : err(invalid([zone.error]));
}

export async function listZones(c: Ctx): Promise<Response> {
  const zones = await controlPlane(c.env).listZones();
  return jsonResponse({ zones });
}

export async function getZone(c: Ctx): Promise<Response> {
  const name = zoneName(c);
  if (!name.ok) return errorResponse(name.error);
  const control = controlPlane(c.env);
  const [zones, zone] = await Promise.all([control.listZones(), control.getZone(name.value)]);
  const summary = zones.find((z) => z.name === name.value);
  if (zone === null || summary === undefined)
    return errorResponse({ kind: 'not-found', message: `no hosted zone ${name.value}` });
  return jsonResponse({ ...summary, ...toRoute53Json(zone) });
}

export async function putZone(c: Ctx): Promise<Response> {
  const problems: Problem[] = [];
  const name = parseZoneParam(c.req.param('zone'));
  if (!name.ok) problems.push(name.error);
  const options = parseWriteOptions(c.req.raw, problems);
  const type = mediaType(c.req.raw);
  if (type === null || !(ZONE_TYPES.includes(type) || isJsonType(type))) {
    return errorResponse({ kind: 'unsupported-media-type', accepted: ZONE_TYPES });
  }
  if (!name.ok || problems.length > 0) return errorResponse(invalid(problems));
  const declared = declaredTooLarge(c.req.raw);
  if (declared !== undefined) return errorResponse(declared);
  // The body goes to the control plane unread: parsing a 32 MiB zone here would take the memory of
  // the isolate that answers queries. The object bounds it as it reads (zone-import.ts).
  const format = isJsonType(type) ? 'route53' : 'bind';
  const result = await controlPlane(c.env).importZone(name.value, format, c.req.raw.body, options);
  if (!result.ok) return errorResponse(result.error);
  const { changeInfo, created } = result.value;
  const headers: Record<string, string> = created
    ? { Location: `/api/v1/zones/${encodeURIComponent(name.value)}` }
    : {};
  return jsonResponse({ ChangeInfo: changeInfo }, created ? 201 : 200, headers);
}

export async function deleteZone(c: Ctx): Promise<Response> {
  const problems: Problem[] = [];
  const name = parseZoneParam(c.req.param('zone'));
  if (!name.ok) problems.push(name.error);
  const options = parseWriteOptions(c.req.raw, problems);
  if (!name.ok || problems.length > 0) return errorResponse(invalid(problems));
  const result = await controlPlane(c.env).deleteZone(name.value, options);
  return result.ok ? jsonResponse({ ChangeInfo: result.value }) : errorResponse(result.error);
}

type ExportFormat = 'bind' | 'route53';

function exportFormat(c: Ctx): Result<ExportFormat, ApiError> {
  const format = c.req.query('format');
  if (format === undefined || format === 'bind') return ok('bind');
  if (format === 'route53') return ok('route53');
  return err(invalid([{ path: 'format', message: `unknown format "${format}"; use bind or route53` }]));
}

/** Groups named in the refusal of a BIND export, at most. */
const NAMED_GROUPS = 10;

/** A zone file cannot hold routed groups or aliases: refused (409) rather than exported without them. */
function bindExportConflict(zone: Zone): ApiError | undefined {
  const groups = groupsNeedingRoute53({ name: zone.name, recordSets: zoneFileOrder(zone) });
  if (groups.length === 0) return undefined;
  const more = groups.length > NAMED_GROUPS ? ` and ${groups.length - NAMED_GROUPS} more` : '';
  return {
    kind: 'conflict',
    message:
      `${zone.name} has routed record groups or aliases a zone file cannot express: ` +
      `${groups.slice(0, NAMED_GROUPS).join(', ')}${more}; use format=route53`,
  };
}

/** A download name made of safe characters only (`example.com.zone`). */
function fileName(zone: string, extension: string): string {
  return `${displayName(zone).replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}

export async function exportZone(c: Ctx): Promise<Response> {
  const name = zoneName(c);
  if (!name.ok) return errorResponse(name.error);
  const format = exportFormat(c);
  if (!format.ok) return errorResponse(format.error);
  const zone = await controlPlane(c.env).getZone(name.value);
  if (zone === null) return errorResponse({ kind: 'not-found', message: `no hosted zone ${name.value}` });
  if (format.value === 'route53') {
    return jsonResponse(toRoute53Json(zone), 200, {
      'Content-Disposition': `attachment; filename="${fileName(zone.name, 'json')}"`,
    });
  }
  const conflict = bindExportConflict(zone);
  if (conflict !== undefined) return errorResponse(conflict);
  return new Response(toZoneFile(zone), {
    headers: {
      'Content-Type': 'text/dns; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName(zone.name, 'zone')}"`,
    },
  });
}
