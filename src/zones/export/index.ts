export { formatRoute53Name, type R53RecordSet, type R53ResourceRecord, toRoute53Json } from './route53';
export { toZoneFile, zoneFileOrder } from './zone-file';
