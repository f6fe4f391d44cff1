/**
 * Forwarding for the isolate: one Forwarder per configuration (its LRU and in-flight map live as
 * long as the isolate), or a stand-in when forwarding is off or misconfigured. Configuration
 * problems are logged once per isolate and named in EDE EXTRA-TEXT, never thrown.
 */
import type { Handoff, Resolution } from '../resolver/context';
import { failureFrom } from './answer';
import { type ForwardConfig, type ForwardVars, loopProblem, parseForwardSettings } from './config';
import { Forwarder, type ForwardIo, type RequestIo } from './forwarder';
import { cacheApiStore } from './shared-cache';

export interface Forwarding {
  /** Forwarding is configured (RA=1): the resolver hands off names outside hosted zones. */
  readonly enabled: boolean;
  /** Completes a handoff; synchronous on an isolate cache hit. */
  complete(h: Handoff, req: RequestIo): Resolution | Promise<Resolution>;
}

const OFF: Forwarding = {
  enabled: false,
  complete: (h) => failureFrom(h, [{ kind: 'misconfigured', problem: 'forwarding is off' }]),
};

function misconfigured(problems: readonly string[]): Forwarding {
  console.error(
    `forward: configuration invalid, queries outside hosted zones get SERVFAIL: ${problems.join('; ')}`,
  );
  return {
    enabled: true,
    complete: (h) =>
      failureFrom(
        h,
        problems.map((problem) => ({ kind: 'misconfigured', problem })),
      ),
  };
}

function running(config: ForwardConfig, io: ForwardIo): Forwarding {
  const forwarder = new Forwarder(config, io);
  let checkedOrigin = '';
  let loop: string | null = null;
  return {
    enabled: true,
    complete(h, req) {
      // The loop check depends on the Worker's own host: parsed once per origin, not per query.
      if (req.origin !== checkedOrigin) {
        checkedOrigin = req.origin;
        loop = loopProblem(config, new URL(req.origin).host);
        if (loop !== null) console.error(`forward: ${loop}`);
      }
      if (loop !== null) return failureFrom(h, [{ kind: 'misconfigured', problem: loop }]);
      return forwarder.cached(h) ?? forwarder.forward(h, req);
    },
  };
}

function defaultIo(): ForwardIo {
  return {
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    shared: typeof caches === 'undefined' ? null : cacheApiStore(caches.default),
  };
}

const byEnv = new WeakMap<object, Forwarding>();
const byVars = new Map<string, Forwarding>();

/** The isolate's forwarding for these vars (same vars → same caches). */
export function forwardingFor(vars: ForwardVars): Forwarding {
  const known = byEnv.get(vars);
  if (known !== undefined) return known;
  const key = JSON.stringify([
    vars.FORWARDING,
    vars.UPSTREAMS,
    vars.FORWARD_MODE,
    vars.FORWARD_TIMEOUT_MS,
    vars.FORWARD_ECS,
    vars.FORWARD_ALLOW_INSECURE_UPSTREAMS,
    vars.SERVED_HOSTNAMES,
  ]);
  let forwarding = byVars.get(key);
  if (forwarding === undefined) {
    const settings = parseForwardSettings(vars);
    forwarding =
      settings.kind === 'off'
        ? OFF
        : settings.kind === 'invalid'
          ? misconfigured(settings.problems)
          : running(settings.config, defaultIo());
    byVars.set(key, forwarding);
  }
  byEnv.set(vars, forwarding);
  return forwarding;
}
