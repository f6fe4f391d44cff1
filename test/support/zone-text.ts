/** Zone-file text for tests and benchmarks (no Workers imports, so Node scripts can use it too). */

/** A minimal valid zone file for `apex` (no trailing dot needed), plus `extra` lines. */
export function zoneText(apex: string, extra = ''): string {
  const origin = apex.endsWith('.') ? apex : `${apex}.`;
  return [
    `$ORIGIN ${origin}`,
    '$TTL 300',
    '@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300',
    '@ IN NS ns1.example.net.',
    '@ IN NS ns2.example.net.',
    extra,
  ].join('\n');
}

/**
 * `count` record sets of a large zone, one per line with relative names: every tenth a CNAME
 * (c<i> → h<i+1>), then an AAAA and a TXT, the other seven A records (h<i>, 10.x.y.z).
 */
export function largeZoneRecords(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    if (i % 10 === 0) lines.push(`c${i} CNAME h${i + 1}`);
    else if (i % 10 === 1)
      lines.push(`h${i} AAAA 2001:db8::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}`);
    else if (i % 10 === 2) lines.push(`h${i} TXT "record ${i}"`);
    else lines.push(`h${i} A ${ip}`);
  }
  return lines.join('\n');
}
