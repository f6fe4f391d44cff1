/**
 * Zone → the AWS CLI's `list-resource-record-sets` shape, which parseRoute53Json reads back to the
 * same zone: names absolute with a trailing dot and Route 53's octal escapes (`\052` for `*`),
 * sets in Route 53's order (reversed-label name, then type, then SetIdentifier), values as
 * canonical presentation RDATA with absolute names, routing fields with Route 53's names
 * (route53-fields.ts). An alias has no TTL and no ResourceRecords.
 */
import { typeToString } from '../../dns/constants';
import type { RecordSet, Zone } from '../model';
import { compareStrings, labelOctets, route53OrderKey } from './name-order';
import { type R53RoutingFields, routingFieldsOf } from './route53-fields';

export interface R53ResourceRecord {
  readonly Value: string;
}

export interface R53RecordSet extends R53RoutingFields {
  readonly Name: string;
  readonly Type: string;
  readonly TTL?: number;
  readonly ResourceRecords?: readonly R53ResourceRecord[];
}

/** Octets Route 53 writes as themselves; every other one is `\` + three octal digits. */
const PLAIN_NAME = /^[a-z0-9_.-]+$/;

function plainOctet(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
}

/**
 * Canonical name → the spelling ListResourceRecordSets returns (`\052.example.com.`): every octet
 * outside a–z, 0–9, `-` and `_` in octal (Route 53 Developer Guide, "DNS domain name format").
 */
export function formatRoute53Name(name: string): string {
  if (PLAIN_NAME.test(name) || name === '.') return name;
  let out = '';
  for (const label of labelOctets(name)) {
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      out += plainOctet(c) ? label[i] : '\\' + c.toString(8).padStart(3, '0');
    }
    out += '.';
  }
  return out;
}

function toRecordSet(set: RecordSet, type: string): R53RecordSet {
  const { SetIdentifier, AliasTarget, ...rest } = routingFieldsOf(set);
  const data =
    AliasTarget === undefined
      ? { TTL: set.ttl, ResourceRecords: set.values.map((Value) => ({ Value })) }
      : { AliasTarget: { ...AliasTarget, DNSName: formatRoute53Name(AliasTarget.DNSName) } };
  return {
    Name: formatRoute53Name(set.name),
    Type: type,
    ...(SetIdentifier === undefined ? {} : { SetIdentifier }),
    ...rest,
    ...data,
  };
}

export function toRoute53Json(zone: Zone): { ResourceRecordSets: R53RecordSet[] } {
  const keyed = zone.recordSets.map((set) => ({
    set,
    key: route53OrderKey(set.name),
    type: typeToString(set.type),
  }));
  keyed.sort(
    (a, b) =>
      compareStrings(a.key, b.key) ||
      compareStrings(a.type, b.type) ||
      compareStrings(a.set.setIdentifier ?? '', b.set.setIdentifier ?? ''),
  );
  return { ResourceRecordSets: keyed.map(({ set, type }) => toRecordSet(set, type)) };
}
