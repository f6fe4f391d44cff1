/**
 * Checker regions (docs/routing-semantics.md §5.4): a check is probed from each of its `Regions`, each a
 * vantage point of its own (Durable Objects created with the region's location hint). A check
 * without `Regions` uses the operator's default list (`HEALTH_REGIONS`), else Route 53's eight.
 */
import { CHECKER_REGIONS } from './check-config';

export type CheckerRegion = (typeof CHECKER_REGIONS)[number];

/** Where each checker region's Durable Objects are placed (best effort, first `get()` only). */
export const REGION_HINTS: Readonly<Record<CheckerRegion, DurableObjectLocationHint>> = {
  'us-east-1': 'enam',
  'us-west-1': 'wnam',
  'us-west-2': 'wnam',
  'eu-west-1': 'weur',
  'ap-southeast-1': 'apac',
  'ap-southeast-2': 'oc',
  'ap-northeast-1': 'apac',
  'sa-east-1': 'sam',
};

const isCheckerRegion = (text: string): text is CheckerRegion =>
  (CHECKER_REGIONS as readonly string[]).includes(text);

/**
 * The default regions from `HEALTH_REGIONS` ("us-east-1,eu-west-1"): every listed name must be a
 * checker region, else the error names the bad ones (the scheduler reports it and uses Route 53's
 * eight). Unset or empty → all eight.
 */
export function defaultRegions(raw: string | undefined): { regions: CheckerRegion[]; error?: string } {
  const names = (raw ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return { regions: [...CHECKER_REGIONS] };
  const bad = names.filter((name) => !isCheckerRegion(name));
  if (bad.length > 0) {
    return {
      regions: [...CHECKER_REGIONS],
      error: `HEALTH_REGIONS names unknown regions (${bad.join(', ')}); expected some of ${CHECKER_REGIONS.join(', ')}`,
    };
  }
  return { regions: [...new Set(names.filter(isCheckerRegion))] };
}

/** The regions a check is probed from: its own `Regions`, else the defaults. */
export function regionsOf(
  configured: readonly string[] | undefined,
  defaults: readonly CheckerRegion[],
): CheckerRegion[] {
  return configured === undefined ? [...defaults] : configured.filter(isCheckerRegion);
}
