/** Zones for control-plane tests, built through the real zone-file importer. */
import { env } from 'cloudflare:workers';
import { controlPlane } from '../../src/control/client';
import type { Change, ChangeAction } from '../../src/control/types';
import { typeFromString } from '../../src/dns/constants';
import { parseZoneFile } from '../../src/zones/import';
import type { RecordSet, Zone } from '../../src/zones/model';
import { zoneText } from './zone-text';

export { zoneText };

export function zoneOf(apex: string, extra = ''): Zone {
  const origin = apex.endsWith('.') ? apex : `${apex}.`;
  const parsed = parseZoneFile(zoneText(apex, extra), origin);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error.slice(0, 5)));
  return parsed.value;
}

/** A record set from canonical parts: `set('www.example.com.', 'A', 300, ['192.0.2.1'])`. */
export function set(name: string, type: string, ttl: number, values: string[]): RecordSet {
  const code = typeFromString(type);
  if (code === undefined) throw new Error(`unknown type ${type}`);
  return { name, type: code, ttl, values };
}

export function change(action: ChangeAction, recordSet: RecordSet, index = 0): Change {
  return { action, recordSet, path: `/ChangeBatch/Changes/${index}` };
}

/** Numbers each change's path by its position. */
export function batch(...changes: [ChangeAction, RecordSet][]): Change[] {
  return changes.map(([action, rs], i) => change(action, rs, i));
}

export const control = () => controlPlane(env);
