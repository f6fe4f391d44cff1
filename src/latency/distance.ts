/** Great-circle distance and the linear RTT model (docs/DESIGN.md "Latency model"; docs/routing-semantics.md §4.3, §4.6). */

export interface Point {
  readonly latitude: number;
  readonly longitude: number;
}

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Haversine great-circle distance in km. */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The RTT model: rtt_ms = BASE_RTT_MS + distance_km × RTT_MS_PER_KM.
 *
 * - Light in fibre travels at about c / 1.47 ≈ 204,000 km/s ≈ 200 km per ms one way, so a round
 *   trip costs 1 ms per 100 km of cable.
 * - Cables do not follow great circles: measured internet paths run about 1.3× the great-circle
 *   distance between well-connected metros (longer for poorly connected ones), so 1.3 ms per 100 km
 *   of great-circle distance, i.e. 0.013 ms/km.
 * - A fixed 5 ms covers the last mile, queuing and the hops at each end, so nearby regions are
 *   not estimated at ~0 ms and a measured figure of a few ms still compares sensibly.
 *
 * Checks: Frankfurt–Ashburn ≈ 6,550 km → 90 ms (commonly measured 85–95 ms); London–New York
 * ≈ 5,570 km → 77 ms (70–80 ms); Frankfurt–Amsterdam ≈ 365 km → 10 ms (7–10 ms).
 */
export const BASE_RTT_MS = 5;
export const RTT_MS_PER_KM = 0.013;

export function estimateRttMs(km: number): number {
  return BASE_RTT_MS + km * RTT_MS_PER_KM;
}
