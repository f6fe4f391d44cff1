export { parseRoute53Json, recordSetFromRoute53 } from './route53';
export { parseZoneDocument, type ZoneFormat } from './zone-document';
export { MAX_ZONE_FILE_BYTES, MAX_ZONE_FILE_RECORDS, parseZoneFile } from './zone-file';
