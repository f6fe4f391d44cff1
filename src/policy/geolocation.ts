/**
 * Geolocation (routing-semantics.md §4.5): the most specific member wins (subdivision > country >
 * continent > `*`); an unhealthy one passes to the next in that chain; no match → NODATA.
 */
import type { Member } from '../zones/zone-index';
import { firstHealthy } from './chain';
import type { Policy } from './types';

type GeoKey = { continent?: string; country?: string; subdivision?: string };

const keyOf = (m: Member): GeoKey => (m.routing?.kind === 'geolocation' ? m.routing : {});

function label(k: GeoKey): string {
  if (k.subdivision !== undefined) return `${k.country}-${k.subdivision}`;
  if (k.country !== undefined) return k.country;
  return k.continent ?? '?';
}

export const geolocationPolicy: Policy = {
  select(group, ctx) {
    const where = ctx.location();
    const find = (p: (k: GeoKey) => boolean) => group.members.find((m) => p(keyOf(m)));
    const country = where.country;
    const chain = [
      country !== undefined && where.subdivision !== undefined
        ? find((k) => k.country === country && k.subdivision === where.subdivision)
        : undefined,
      country !== undefined ? find((k) => k.country === country && k.subdivision === undefined) : undefined,
      where.continent !== undefined ? find((k) => k.continent === where.continent) : undefined,
      find((k) => k.country === '*'),
    ].filter((m): m is Member => m !== undefined);
    const client = [where.continent, country, where.subdivision && `${country}-${where.subdivision}`]
      .filter(Boolean)
      .join(' / ');
    return firstHealthy(chain, group, ctx, {
      byLocation: true,
      facts: (m) => ({ location: label(keyOf(m)) }),
      rule: (m) =>
        `most specific healthy geolocation for ${client || 'an unknown location'}: ${label(keyOf(m))}`,
      emptyRule: `no geolocation member matches ${client || 'an unknown location'} and there is no "*": NODATA`,
    });
  },
};
