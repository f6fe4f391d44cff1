/**
 * What the signal Durable Objects refuse: input that breaks their rules, every problem with its
 * path. The control plane's `invalid`, so the API maps both with one switch.
 */
import type { Invalid } from '../validation/problem';

export type SignalError = Invalid;
