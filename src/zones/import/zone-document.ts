/**
 * A whole zone as uploaded: BIND zone-file text, or Route 53 `list-resource-record-sets` JSON text.
 * Problems carry lines for a zone file and JSON pointers for Route 53, as the two parsers give them.
 */
import { err, type Result } from '../../result';
import { parseJsonText } from '../../validation/json';
import type { Problem } from '../../validation/problem';
import type { Zone } from '../model';
import { parseRoute53Json } from './route53';
import { parseZoneFile } from './zone-file';

export type ZoneFormat = 'bind' | 'route53';

export function parseZoneDocument(
  text: string,
  zoneName: string,
  format: ZoneFormat,
): Result<Zone, Problem[]> {
  if (format === 'bind') return parseZoneFile(text, zoneName);
  const json = parseJsonText(text);
  return json.ok ? parseRoute53Json(json.value, zoneName) : err([json.error]);
}
