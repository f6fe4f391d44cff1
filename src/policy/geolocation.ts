/**
 * Geolocation (docs/routing-semantics.md §4.5): the most specific member wins (subdivision > country >
 * continent > `*`); an unhealthy one passes to the next in that chain; no match → NODATA.
 */
import { firstHealthy } from './chain';
import type { GeolocationGroup, GeolocationMember } from './group';
import type { Policy } from './types';

type GeoKey = Pick<GeolocationMember, 'continent' | 'country' | 'subdivision'>;

function label(k: GeoKey): string {
  if (k.subdivision !== undefined) return `${k.country}-${k.subdivision}`;
  if (k.country !== undefined) return k.country;
  return k.continent ?? '?';
}

export const geolocationPolicy: Policy<GeolocationGroup> = {
  select(group, ctx) {
    const where = ctx.location();
    const find = (p: (k: GeoKey) => boolean) => group.members.find(p);
    const country = where.country;
    const chain = [
      country !== undefined && where.subdivision !== undefined
        ? find((k) => k.country === country && k.subdivision === where.subdivision)
        : undefined,
      country !== undefined ? find((k) => k.country === country && k.subdivision === undefined) : undefined,
      where.continent !== undefined ? find((k) => k.continent === where.continent) : undefined,
      find((k) => k.country === '*'),
    ].filter((m): m is GeolocationMember => m !== undefined);
    const client = [where.continent, country, where.subdivision && `${country}-${where.subdivision}`]
      .filter(Boolean)
      .join(' / ');
    return firstHealthy(chain, group, ctx, {
      byLocation: true,
      facts: (m) => ({ location: label(m) }),
      rule: (m) => `most specific healthy geolocation for ${client || 'an unknown location'}: ${label(m)}`,
      emptyRule: `no geolocation member matches ${client || 'an unknown location'} and there is no "*": NODATA`,
    });
  },
};
