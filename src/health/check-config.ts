/**
 * Health-check definitions (docs/routing-semantics.md §5.1–§5.3, §6.4): Route 53's HealthCheckConfig
 * with Route 53's field names, plus edgesteer's ExpectedStatusCodes, Headers and
 * ConsecutiveUp/ConsecutiveDown. Pure: the JSON → a normalised config (defaults filled, the IP
 * canonical, ResourcePath with its leading `/`), or every problem with its path under `at`
 * (`/HealthCheckConfig/Port`). Rules that need other checks are in check-config-refs.ts.
 */
import { hostTargetProblem, type OutboundPolicy } from '../outbound/targets';
import { err, ok, type Result } from '../result';
import { describe, isObject } from '../validation/json';
import type { Problem } from '../validation/problem';
import {
  FieldReader,
  fqdnProblem,
  type HeaderField,
  MAX_CHILDREN,
  MAX_RESOURCE_PATH,
  MAX_SEARCH_STRING,
  readChildren,
  readHeaders,
  readRegions,
  readStatusCodes,
  targetAddress,
} from './check-config-fields';

export { CHECKER_REGIONS, type HeaderField } from './check-config-fields';

export const PROBED_TYPES = ['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP'] as const;
export type ProbedType = (typeof PROBED_TYPES)[number];
export type HealthCheckType = ProbedType | 'CALCULATED';

/** A normalised HealthCheckConfig; probe fields are absent on CALCULATED, children on the rest. */
export interface HealthCheckConfig {
  readonly Type: HealthCheckType;
  readonly IPAddress?: string;
  readonly Port?: number;
  readonly ResourcePath?: string;
  readonly FullyQualifiedDomainName?: string;
  readonly SearchString?: string;
  readonly RequestInterval?: 10 | 30;
  readonly FailureThreshold?: number;
  readonly MeasureLatency?: boolean;
  readonly Inverted: boolean;
  readonly Disabled: boolean;
  readonly HealthThreshold?: number;
  readonly ChildHealthChecks?: readonly string[];
  /** Accepted, no effect: SNI is always the FQDN (§5.1). */
  readonly EnableSNI?: boolean;
  readonly Regions?: readonly string[];
  /** edgesteer: "200-399" style ranges or single codes; absent means 200–399. */
  readonly ExpectedStatusCodes?: readonly string[];
  /** edgesteer: extra request headers (never Host, §5.1). */
  readonly Headers?: readonly HeaderField[];
  /** edgesteer anti-flap counters (§7.3); absent means FailureThreshold. */
  readonly ConsecutiveUp?: number;
  readonly ConsecutiveDown?: number;
  /** edgesteer: healthy when more than this % of checker regions say so (0–99); absent means 18. */
  readonly QuorumPercent?: number;
}

/** AWS-only fields, refused with the check type they belong to (§6.4). */
const AWS_ONLY: Readonly<Record<string, string>> = {
  AlarmIdentifier: 'CLOUDWATCH_METRIC',
  InsufficientDataHealthStatus: 'CLOUDWATCH_METRIC',
  RoutingControlArn: 'RECOVERY_CONTROL',
};

/** Fields a CALCULATED check must not carry: it probes nothing (§5.1, §5.3). */
const PROBE_FIELDS = [
  'IPAddress',
  'Port',
  'ResourcePath',
  'FullyQualifiedDomainName',
  'SearchString',
  'RequestInterval',
  'FailureThreshold',
  'MeasureLatency',
  'EnableSNI',
  'Regions',
  'ExpectedStatusCodes',
  'Headers',
  'ConsecutiveUp',
  'ConsecutiveDown',
  'QuorumPercent',
] as const;

/** Every field a HealthCheckConfig may carry: the probe fields and the check-level ones. */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'Type',
  'Inverted',
  'Disabled',
  'HealthThreshold',
  'ChildHealthChecks',
  ...PROBE_FIELDS,
]);

const isHttp = (type: HealthCheckType) => type !== 'TCP' && type !== 'CALCULATED';
const isHttps = (type: HealthCheckType) => type === 'HTTPS' || type === 'HTTPS_STR_MATCH';
const isStrMatch = (type: HealthCheckType) => type === 'HTTP_STR_MATCH' || type === 'HTTPS_STR_MATCH';

function readType(r: FieldReader): HealthCheckType | undefined {
  const type = r.string('Type');
  if (type === undefined) {
    if (!r.has('Type')) r.problem('Type', 'Type is required');
    return undefined;
  }
  if (type === 'CALCULATED' || (PROBED_TYPES as readonly string[]).includes(type))
    return type as HealthCheckType;
  if (type === 'CLOUDWATCH_METRIC' || type === 'RECOVERY_CONTROL') {
    r.problem('Type', `${type} checks are AWS-only; edgesteer does not offer them`);
  } else {
    r.problem('Type', `Type must be one of ${[...PROBED_TYPES, 'CALCULATED'].join(', ')}, got "${type}"`);
  }
  return undefined;
}

function calculatedConfig(r: FieldReader, base: { Inverted: boolean; Disabled: boolean }): HealthCheckConfig {
  for (const field of PROBE_FIELDS) {
    if (r.has(field)) r.problem(field, `a CALCULATED check probes nothing; remove ${field}`);
  }
  const threshold = r.integer('HealthThreshold', 0, MAX_CHILDREN);
  if (!r.has('HealthThreshold'))
    r.problem('HealthThreshold', 'a CALCULATED check needs HealthThreshold (0–255)');
  const children = readChildren(r);
  if (children === undefined || children.length === 0) {
    r.problem('ChildHealthChecks', 'a CALCULATED check needs at least one child health check');
  }
  return { Type: 'CALCULATED', ...base, HealthThreshold: threshold ?? 0, ChildHealthChecks: children ?? [] };
}

function probedConfig(
  r: FieldReader,
  type: ProbedType,
  base: { Inverted: boolean; Disabled: boolean },
  outbound: OutboundPolicy,
) {
  for (const field of ['HealthThreshold', 'ChildHealthChecks']) {
    if (r.has(field)) r.problem(field, `${field} belongs to CALCULATED checks`);
  }
  const rawPort = r.json['Port'];
  // The port the target would be probed on, for the own-host rule (Port's own problems come later).
  const targetPort = typeof rawPort === 'number' ? rawPort : isHttps(type) ? 443 : 80;
  const ipText = r.string('IPAddress');
  const ip = ipText === undefined ? undefined : targetAddress(ipText, targetPort, outbound);
  if (ip !== undefined && !ip.ok) r.problem('IPAddress', ip.error);
  const fqdnText = r.string('FullyQualifiedDomainName');
  const fqdnProblemText =
    fqdnText === undefined
      ? undefined
      : (fqdnProblem(fqdnText) ?? hostTargetProblem(fqdnText, targetPort, outbound) ?? undefined);
  if (fqdnProblemText !== undefined) r.problem('FullyQualifiedDomainName', fqdnProblemText);
  if (!r.has('IPAddress') && !r.has('FullyQualifiedDomainName')) {
    r.problem('IPAddress', `a ${type} check needs IPAddress or FullyQualifiedDomainName`);
  } else if (isHttps(type) && !r.has('FullyQualifiedDomainName')) {
    r.problem(
      'FullyQualifiedDomainName',
      `a ${type} check needs FullyQualifiedDomainName (Workers cannot fetch an IP over TLS)`,
    );
  }
  const port = r.integer('Port', 1, 65535);
  if (type === 'TCP' && !r.has('Port')) r.problem('Port', 'a TCP check needs Port');
  const pathText = r.string('ResourcePath');
  if (pathText !== undefined && type === 'TCP')
    r.problem('ResourcePath', 'a TCP check sends nothing; remove ResourcePath');
  if (pathText !== undefined && (pathText.length > MAX_RESOURCE_PATH || /[\s\0]/.test(pathText))) {
    r.problem('ResourcePath', `ResourcePath has at most ${MAX_RESOURCE_PATH} characters and no spaces`);
  }
  const search = r.string('SearchString');
  if (isStrMatch(type)) {
    if (search === undefined && !r.has('SearchString'))
      r.problem('SearchString', `a ${type} check needs SearchString`);
    if (search !== undefined && (search.length === 0 || search.length > MAX_SEARCH_STRING)) {
      r.problem('SearchString', `SearchString has 1–${MAX_SEARCH_STRING} characters, got ${search.length}`);
    }
  } else if (r.has('SearchString'))
    r.problem('SearchString', `SearchString is only for HTTP_STR_MATCH and HTTPS_STR_MATCH`);
  const interval = r.json['RequestInterval'];
  if (interval !== undefined && interval !== 10 && interval !== 30) {
    r.problem('RequestInterval', `RequestInterval must be 10 or 30, got ${JSON.stringify(interval)}`);
  }
  const codes = readStatusCodes(r);
  const headers = readHeaders(r);
  for (const field of ['ExpectedStatusCodes', 'Headers']) {
    if (r.has(field) && !isHttp(type)) r.problem(field, `${field} is only for HTTP and HTTPS checks`);
  }
  const optional = <K extends keyof HealthCheckConfig>(key: K, value: HealthCheckConfig[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  const config: HealthCheckConfig = {
    Type: type,
    ...optional('IPAddress', ip?.ok ? ip.value : undefined),
    Port: port ?? (type === 'TCP' ? 0 : isHttps(type) ? 443 : 80),
    ...optional(
      'ResourcePath',
      type === 'TCP'
        ? undefined
        : pathText === undefined
          ? '/'
          : pathText.startsWith('/')
            ? pathText
            : `/${pathText}`,
    ),
    ...optional('FullyQualifiedDomainName', fqdnText?.toLowerCase().replace(/\.$/, '')),
    ...optional('SearchString', search),
    RequestInterval: interval === 10 ? 10 : 30,
    FailureThreshold: r.integer('FailureThreshold', 1, 10) ?? 3,
    MeasureLatency: r.boolean('MeasureLatency') ?? false,
    ...base,
    ...optional('EnableSNI', r.boolean('EnableSNI')),
    ...optional('Regions', readRegions(r)),
    ...optional('ExpectedStatusCodes', codes),
    ...optional('Headers', headers),
    ...optional('ConsecutiveUp', r.integer('ConsecutiveUp', 1, 10)),
    ...optional('ConsecutiveDown', r.integer('ConsecutiveDown', 1, 10)),
    ...optional('QuorumPercent', r.integer('QuorumPercent', 0, 99)),
  };
  return config;
}

/**
 * A HealthCheckConfig JSON object → the normalised config, or every problem (paths under `at`);
 * `outbound` says which targets may be probed. Normalising a normalised config gives it back unchanged.
 */
export function parseHealthCheckConfig(
  json: unknown,
  at: string,
  outbound: OutboundPolicy,
): Result<HealthCheckConfig, Problem[]> {
  if (!isObject(json)) return err([{ path: at, message: `expected an object, got ${describe(json)}` }]);
  const problems: Problem[] = [];
  const r = new FieldReader(json, at, problems);
  for (const key of Object.keys(json)) {
    const awsType = AWS_ONLY[key];
    if (awsType !== undefined) r.problem(key, `${key} belongs to ${awsType} checks, which are AWS-only`);
    else if (!KNOWN_FIELDS.has(key)) r.problem(key, `unknown field "${key}"`);
  }
  const type = readType(r);
  const base = { Inverted: r.boolean('Inverted') ?? false, Disabled: r.boolean('Disabled') ?? false };
  if (type === undefined) return err(problems);
  const config = type === 'CALCULATED' ? calculatedConfig(r, base) : probedConfig(r, type, base, outbound);
  return problems.length > 0 ? err(problems) : ok(config);
}
