/**
 * RDATA in presentation format (RFC 1035 §5.1, per-type RFCs) ⇄ uncompressed wire form.
 * Names inside RDATA are stored in canonical form (lowercase, absolute).
 *
 * CONTRACT (used by the zone-file and Route 53 importers, the JSON API and exporters):
 * - parseRdata(type, tokens, origin) → wire RDATA, or a reason. Tokens come from the zone-file
 *   tokenizer: `text` is the raw token with surrounding quotes removed but escapes NOT processed;
 *   `quoted` says whether it was a quoted string. `origin` completes relative names (undefined: names
 *   must be absolute; Route 53 values are parsed with origin "." so `mail.example.com` is absolute).
 *   Every type also accepts the RFC 3597 generic form `\# <len> <hex...>`.
 * - formatRdata(type, rdata) → canonical presentation text (names absolute with trailing dot).
 */
export interface Token {
  readonly text: string;
  readonly quoted: boolean;
}
