/** Request parameters shared by the management routes: zone names, expected versions, comments. */
import type { WriteOptions } from '../../control/types';
import { parseAbsoluteName, ROOT } from '../../dns/name';
import { err, ok, type Result } from '../../result';
import type { Problem } from '../../validation/problem';

/** Route 53's limit on a change comment. */
const MAX_COMMENT = 256;
const VERSION = /^(?:0|[1-9]\d{0,14})$/;

/** A zone name from the URL, canonical; the root and wildcards cannot be hosted. */
export function parseZoneParam(raw: string | undefined): Result<string, Problem> {
  const path = 'zone';
  const name = parseAbsoluteName(raw ?? '');
  if (!name.ok) return err({ path, message: `invalid zone name: ${name.error}` });
  if (name.value === ROOT) return err({ path, message: 'the root zone cannot be hosted' });
  if (name.value.includes('*')) {
    return err({ path, message: 'a zone name cannot contain "*"' });
  }
  return ok(name.value);
}

/** `expectedVersion` from `?expectedVersion=N` or `If-Match: "N"` (both: they must agree). */
function expectedVersion(request: Request, problems: Problem[]): number | undefined {
  const url = new URL(request.url);
  const query = url.searchParams.get('expectedVersion');
  const ifMatch = request.headers.get('If-Match');
  let fromQuery: number | undefined;
  let fromHeader: number | undefined;
  if (query !== null) {
    if (VERSION.test(query)) fromQuery = Number(query);
    else problems.push({ path: 'expectedVersion', message: `expected a version number, got "${query}"` });
  }
  if (ifMatch !== null) {
    const bare = ifMatch.trim().replace(/^"(.*)"$/, '$1');
    if (VERSION.test(bare)) fromHeader = Number(bare);
    else problems.push({ path: 'If-Match', message: `expected a version as "N", got ${ifMatch}` });
  }
  if (fromQuery !== undefined && fromHeader !== undefined && fromQuery !== fromHeader) {
    problems.push({
      path: 'If-Match',
      message: `If-Match (${fromHeader}) and expectedVersion (${fromQuery}) differ`,
    });
  }
  return fromQuery ?? fromHeader;
}

/** Write options from the request; `comment` comes from `?comment=` unless given. */
export function parseWriteOptions(request: Request, problems: Problem[], comment?: string): WriteOptions {
  const version = expectedVersion(request, problems);
  const text = comment ?? new URL(request.url).searchParams.get('comment') ?? undefined;
  if (text !== undefined && text.length > MAX_COMMENT) {
    problems.push({ path: 'comment', message: `comment longer than ${MAX_COMMENT} characters` });
  }
  return {
    ...(version === undefined ? {} : { expectedVersion: version }),
    ...(text === undefined ? {} : { comment: text }),
  };
}
