/** The explain trace as JSON (docs/routing-semantics.md §8.1), for DoH `explain=1` and test-dns-answer. */
import { formatIPv4, formatIPv6 } from '../../dns/rdata/addresses';
import type { ClientLocation } from '../../location/types';
import type { Trace } from '../../resolver/trace';

function locationJson(l: ClientLocation): Record<string, unknown> {
  const { network, ...rest } = l;
  if (network === undefined) return rest;
  const text = network.family === 4 ? formatIPv4(network.address) : formatIPv6(network.address);
  return { ...rest, network: `${text}/${network.length}` };
}

export function traceJson(trace: Trace): Record<string, unknown> {
  return {
    location:
      trace.location === undefined
        ? 'not needed: no routed record group on the way'
        : locationJson(trace.location),
    steps: trace.steps,
    versions: trace.versions,
  };
}
