/**
 * The client locator: where the client is, located once per query on first use, and the ECS scope
 * a location-dependent answer needs (docs/doh-protocol.md §12). Locations that an IPv4 ECS prefix alone
 * decided are cached per prefix and per CIDR index (they depend on its operator maps). It lives in
 * policy/ because it reads the policies' CIDR index; location/ stays the pure geo data it uses.
 */
import type { ClientSubnet } from '../dns/message';
import { locateClient } from '../location/locate';
import { specialPurposeBlock } from '../location/special';
import type { ClientLocation } from '../location/types';
import { type CidrIndex, matchCidr } from './cidr-index';

/**
 * What the transport knows of the connecting client (request.cf, CF-Connecting-IP). Read only when
 * the client must be located from it: the transport may answer through getters.
 */
export interface ClientFacts {
  readonly cf?: Readonly<Record<string, unknown>>;
  readonly connectingIp?: string | null;
}

/** What the locator reads: the query's ECS option, the transport's client facts, an override. */
export interface LocatorInputs {
  readonly subnet: ClientSubnet | null;
  readonly client?: ClientFacts | undefined;
  /** An explicit location (test-answer endpoint); replaces every other signal. */
  readonly preset?: ClientLocation | undefined;
  /** The config's CIDR collections (§3: a prefix an operator map knows locates the client). */
  readonly cidr: CidrIndex;
  /**
   * Latency figures may be per network (imported, or client-beacon /24 and /48 cells): an answer
   * located by ECS then holds for the whole SOURCE prefix only, not for the geolocation proof's
   * shorter one.
   */
  readonly networkScoped?: boolean;
  /** Told the location once it is known (the explain trace records it). */
  readonly onLocated?: ((where: ClientLocation) => void) | undefined;
}

const ecsLocations = new WeakMap<CidrIndex, Map<number, ClientLocation>>();
const ECS_LOCATION_CACHE = 65_536;

/** A number naming an IPv4 ECS prefix: the address bits and SOURCE (fits well within 2^53). */
function ipv4EcsKey(address: Uint8Array, source: number): number {
  const word =
    (((address[0] ?? 0) << 24) | ((address[1] ?? 0) << 16) | ((address[2] ?? 0) << 8) | (address[3] ?? 0)) >>>
    0;
  return word * 64 + source;
}

export class ClientLocator {
  private located: ClientLocation | undefined;
  private scope: number | undefined;

  constructor(private readonly inputs: LocatorInputs) {}

  location(): ClientLocation {
    if (this.located !== undefined) return this.located;
    const located = this.inputs.preset ?? this.locate();
    this.inputs.onLocated?.(located);
    this.located = located;
    return located;
  }

  /** locateClient, with locations that ECS alone decided cached per IPv4 prefix and config. */
  private locate(): ClientLocation {
    const { subnet: ecs, cidr, client } = this.inputs;
    const key =
      ecs !== null && ecs.family === 1 && ecs.sourcePrefix > 0
        ? ipv4EcsKey(ecs.address, ecs.sourcePrefix)
        : -1;
    let cache: Map<number, ClientLocation> | undefined;
    if (key >= 0) {
      cache = ecsLocations.get(cidr);
      const hit = cache?.get(key);
      if (hit !== undefined) return hit;
    }
    const located = locateClient({
      subnet: ecs,
      // Getters: a public ECS prefix locates the client without request.cf being read.
      get cf() {
        return client?.cf;
      },
      get connectingIp() {
        return client?.connectingIp ?? null;
      },
      cidrKnows: (network) =>
        [...cidr.keys()].some((id) => matchCidr(cidr, id, network).location !== undefined),
    });
    if (key >= 0 && located.source === 'ecs') {
      if (cache === undefined) {
        cache = new Map();
        ecsLocations.set(cidr, cache);
      }
      if (cache.size >= ECS_LOCATION_CACHE) cache.clear();
      cache.set(key, located);
    }
    return located;
  }

  /**
   * The ECS scope a location-dependent answer needs (docs/doh-protocol.md §12): the geolocation table's
   * proof for a located public prefix, SOURCE for one that fell through, the covering block for a
   * private one, 0 for /0.
   */
  locationScope(): number {
    this.scope ??= this.computeLocationScope();
    return this.scope;
  }

  private computeLocationScope(): number {
    const ecs = this.inputs.subnet;
    if (ecs === null || ecs.sourcePrefix === 0) return 0;
    const where = this.location();
    // ECS located the client, so it is public: the table's proof, capped at SOURCE.
    if (where.source === 'ecs') {
      if (this.inputs.networkScoped === true) return ecs.sourcePrefix;
      return Math.min(where.geoScope ?? ecs.sourcePrefix, ecs.sourcePrefix);
    }
    const full = new Uint8Array(ecs.family === 1 ? 4 : 16);
    full.set(ecs.address);
    const special = specialPurposeBlock(ecs.family === 1 ? 4 : 6, full, ecs.sourcePrefix);
    return special ?? ecs.sourcePrefix;
  }
}
