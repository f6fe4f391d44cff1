/**
 * What the signal Durable Objects refuse: input that breaks their rules, every problem with its
 * path. Same shape as the control plane's `invalid`, so the API maps both with one switch.
 */
import type { Problem } from '../zones/model';

export type SignalError = { readonly kind: 'invalid'; readonly problems: readonly Problem[] };

export const invalidSignal = (problems: readonly Problem[]): SignalError => ({ kind: 'invalid', problems });
