/**
 * Name orderings for exports. Names are canonical (dns/name.ts): lowercase, absolute, with `\X`
 * and `\DDD` escapes only where needed, so most names split on dots without decoding.
 */

/**
 * The labels of a canonical name, leftmost first, each as a "binary string" (one character per
 * octet, escapes decoded). The root has none.
 */
export function labelOctets(name: string): string[] {
  if (name === '.') return [];
  if (!name.includes('\\')) return name.slice(0, -1).split('.');
  const labels: string[] = [];
  let label = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '.') {
      labels.push(label);
      label = '';
    } else if (c !== '\\') {
      label += c;
    } else if (/^\d{3}$/.test(name.slice(i + 1, i + 4))) {
      label += String.fromCharCode(Number(name.slice(i + 1, i + 4)));
      i += 3;
    } else {
      label += name[i + 1] ?? '';
      i++;
    }
  }
  return labels;
}

/** Labels from the root down: the sort key for canonicalOrder. */
export function canonicalOrderKey(name: string): string[] {
  return labelOctets(name).reverse();
}

/**
 * Canonical DNS name order (RFC 4034 §6.1) on keys from canonicalOrderKey: labels compared from
 * the root down as octet strings (a shorter label first when it is a prefix), then fewer labels
 * first. JavaScript compares strings by UTF-16 code unit, which is octet order here.
 */
export function compareCanonical(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Route 53's ListResourceRecordSets order key: the name with its labels reversed and a trailing
 * dot (`com.example.www.`), compared in ASCII order (so characters before `.` matter).
 */
export function route53OrderKey(name: string): string {
  return labelOctets(name)
    .reverse()
    .map((label) => label + '.')
    .join('');
}

export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
