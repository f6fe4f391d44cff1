/**
 * The JSON API's query parameters (Google / Cloudflare schema, docs/doh-protocol.md §8) → the same
 * Query a wire client would send: ID 0, RD=1, one question, EDNS with DO and ECS as asked.
 */
import { CLASS, RRTYPE, typeFromString } from '../../dns/constants';
import { subnetFromText } from '../../dns/ecs';
import type { Query } from '../../dns/message';
import { parseQueryName } from '../../dns/name';
import { err, ok, type Result } from '../../result';

function flag(value: string | null, param: string): Result<boolean, string> {
  if (value === null || value === '' || value === '0' || value === 'false') return ok(false);
  if (value === '1' || value === 'true') return ok(true);
  return err(`${param} must be 0, 1, true or false`);
}

function qtype(value: string | null): Result<number, string> {
  if (value === null || value === '') return ok(RRTYPE.A);
  const n = /^\d{1,5}$/.test(value) ? Number(value) : typeFromString(value);
  if (n === undefined || n < 1 || n > 65535) return err(`unknown type "${value}"`);
  return ok(n);
}

/** Builds a query from `name`, `type`, `do`, `cd`, `edns_client_subnet` (first value of each). */
export function queryFromParams(params: URLSearchParams): Result<Query, string> {
  const nameParam = params.get('name');
  if (nameParam === null || nameParam === '') return err('missing name parameter');
  if (nameParam.startsWith('.') && nameParam !== '.') return err(`invalid name "${nameParam}"`);
  const name = parseQueryName(nameParam);
  if (!name.ok) return err(`invalid name: ${name.error}`);
  const type = qtype(params.get('type'));
  if (!type.ok) return type;
  const dnssecOk = flag(params.get('do'), 'do');
  if (!dnssecOk.ok) return dnssecOk;
  const cd = flag(params.get('cd'), 'cd');
  if (!cd.ok) return cd;

  const options: { code: number; data: Uint8Array }[] = [];
  const ecsParam = params.get('edns_client_subnet');
  if (ecsParam !== null && ecsParam !== '') {
    const subnet = subnetFromText(ecsParam);
    if (!subnet.ok) return err(subnet.error);
    const s = subnet.value;
    const data = new Uint8Array(4 + s.address.length);
    data.set([0, s.family, s.sourcePrefix, 0]);
    data.set(s.address, 4);
    options.push({ code: 8, data });
  }

  const wire = new Uint8Array(name.value.wire.length + 4);
  wire.set(name.value.wire);
  wire.set([type.value >> 8, type.value & 0xff, 0, CLASS.IN], name.value.wire.length);
  return ok({
    id: 0,
    opcode: 0,
    rd: true,
    cd: cd.value,
    qdcount: 1,
    question: {
      name: name.value.name,
      nameAsSent: name.value.nameAsSent,
      type: type.value,
      qclass: CLASS.IN,
      wire,
    },
    optCount: 1,
    edns: { version: 0, dnssecOk: dnssecOk.value, udpSize: 1232, ownerIsRoot: true, options },
  });
}
