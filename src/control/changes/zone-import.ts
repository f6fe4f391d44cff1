/**
 * A whole-zone import, parsed here in the control plane rather than in the Worker that answers
 * queries: the Worker hands over the request body as a stream, and this reads it (at most 32 MiB,
 * cut off as soon as it passes), parses it (BIND or Route 53 JSON), validates and commits it like
 * any putZone. The text is dropped once parsed, before validation and compilation run.
 */

import { readUtf8Text, type TextBodyError } from '../../body-reader';
import { err, type Result } from '../../result';
import { MAX_ZONE_FILE_BYTES, parseZoneDocument, type ZoneFormat } from '../../zones/import';
import type { Zone } from '../../zones/model';
import { readMeta } from '../store/store';
import type { ControlError, WriteOptions, ZoneWriteResult } from '../types';
import { checkVersion } from './commit';
import { putZone, type WriteDeps } from './writes';

/** Largest zone document, in bytes (a zone file and Route 53 JSON alike). */
export const MAX_ZONE_IMPORT_BYTES = MAX_ZONE_FILE_BYTES;

/** The body's own failures (too large, not UTF-8) come back as they are, for the HTTP layer to map. */
export type ZoneImportError = ControlError | TextBodyError;

async function readZone(
  name: string,
  format: ZoneFormat,
  body: ReadableStream<Uint8Array> | null,
): Promise<Result<Zone, ZoneImportError>> {
  const text = await readUtf8Text(body, MAX_ZONE_IMPORT_BYTES);
  if (!text.ok) return text;
  const zone = parseZoneDocument(text.value, name, format);
  return zone.ok ? zone : err({ kind: 'invalid', problems: zone.error });
}

export async function importZone(
  deps: WriteDeps,
  name: string,
  format: ZoneFormat,
  body: ReadableStream<Uint8Array> | null,
  options: WriteOptions,
): Promise<Result<ZoneWriteResult, ZoneImportError>> {
  // A stale expectedVersion is refused before the upload is read; putZone checks it again at commit.
  const version = checkVersion(readMeta(deps.storage.sql), options);
  if (!version.ok) {
    await body?.cancel();
    return version;
  }
  const zone = await readZone(name, format, body);
  return zone.ok ? putZone(deps, zone.value, options) : zone;
}
