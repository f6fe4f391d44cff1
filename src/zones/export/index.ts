export { formatRoute53Name, type R53RecordSet, type R53ResourceRecord, toRoute53Json } from './route53';
export { groupsNeedingRoute53, type R53RoutingFields, routingFieldsOf } from './route53-fields';
export { toZoneFile, zoneFileOrder } from './zone-file';
