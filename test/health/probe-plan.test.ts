/** How checks are probed (§5.1), and the HTTP/1.1 reader's framing, as pure tables. */
import { describe, expect, it } from 'vitest';
import { dechunk, encodeRequest, parseHead } from '../../src/health/probe-http1';
import { hostHeader, planHttp, planTcp, requestPath } from '../../src/health/probe-plan';
import type { ProbeSpec } from '../../src/health/probe-types';

describe('Host header and path (§5.1)', () => {
  const cases: readonly { spec: ProbeSpec; port: number; host: string }[] = [
    { spec: { type: 'HTTP', fullyQualifiedDomainName: 'example.com' }, port: 80, host: 'example.com' },
    { spec: { type: 'HTTP', fullyQualifiedDomainName: 'example.com' }, port: 8080, host: 'example.com:8080' },
    { spec: { type: 'HTTP', fullyQualifiedDomainName: 'example.com' }, port: 443, host: 'example.com:443' },
    { spec: { type: 'HTTPS', fullyQualifiedDomainName: 'example.com' }, port: 443, host: 'example.com' },
    {
      spec: { type: 'HTTPS_STR_MATCH', fullyQualifiedDomainName: 'example.com' },
      port: 80,
      host: 'example.com:80',
    },
    { spec: { type: 'HTTP', ipAddress: '192.0.2.7' }, port: 80, host: '192.0.2.7' },
    { spec: { type: 'HTTP_STR_MATCH', ipAddress: '192.0.2.7' }, port: 81, host: '192.0.2.7:81' },
    { spec: { type: 'HTTP', ipAddress: '2001:db8::1' }, port: 8080, host: '[2001:db8::1]:8080' },
    {
      spec: { type: 'HTTP', ipAddress: '192.0.2.7', fullyQualifiedDomainName: 'a.example' },
      port: 80,
      host: 'a.example',
    },
  ];
  for (const { spec, port, host } of cases) {
    it(`${spec.type} ${spec.fullyQualifiedDomainName ?? spec.ipAddress}:${port} → ${host}`, () =>
      expect(hostHeader(spec, port)).toBe(host));
  }

  it('ResourcePath gets a leading / and keeps its query', () => {
    expect(requestPath(undefined)).toBe('/');
    expect(requestPath('health?x=1')).toBe('/health?x=1');
    expect(requestPath('/health')).toBe('/health');
  });
});

describe('probe routing (§5.1 table)', () => {
  it('IP (± FQDN) HTTP → HTTP/1.1 over connect() to the IP', () => {
    const plan = planHttp({
      type: 'HTTP',
      ipAddress: '192.0.2.7',
      fullyQualifiedDomainName: 'a.example',
      port: 8080,
    });
    expect(plan).toEqual({
      ok: true,
      value: {
        kind: 'socket',
        hostname: '192.0.2.7',
        port: 8080,
        host: 'a.example:8080',
        path: '/',
        deadlineMs: 6000,
      },
    });
  });

  it('HTTPS → fetch() to the FQDN, IP unused; string match gets 8 s', () => {
    const plan = planHttp({
      type: 'HTTPS_STR_MATCH',
      ipAddress: '192.0.2.7',
      fullyQualifiedDomainName: 'a.example',
      resourcePath: 'x',
    });
    expect(plan).toEqual({
      ok: true,
      value: { kind: 'fetch', url: 'https://a.example:443/x', host: 'a.example', deadlineMs: 8000 },
    });
  });

  it('HTTPS with only an IP is rejected', () => {
    expect(planHttp({ type: 'HTTPS', ipAddress: '192.0.2.7' }).ok).toBe(false);
  });

  it('TCP → connect(IP or FQDN:Port), 10 s', () => {
    expect(planTcp({ type: 'TCP', fullyQualifiedDomainName: 'a.example', port: 22 })).toEqual({
      ok: true,
      value: { hostname: 'a.example', port: 22, deadlineMs: 10000 },
    });
    expect(planTcp({ type: 'TCP', ipAddress: '192.0.2.7' }).ok).toBe(false);
  });
});

describe('HTTP/1.1 reader', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  const text = (data: Uint8Array): string => new TextDecoder().decode(data);

  it('parses the status line and framing headers; null while incomplete', () => {
    expect(parseHead(bytes('HTTP/1.1 200 OK\r\nContent-Length: 3'))).toEqual({ ok: true, value: null });
    const head = parseHead(bytes('HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\nab'));
    expect(head.ok && head.value).toMatchObject({ statusCode: 503, chunked: true, contentLength: null });
    expect(parseHead(bytes('SSH-2.0-OpenSSH\r\n\r\n')).ok).toBe(false);
  });

  it('dechunks partial and complete bodies', () => {
    expect(text(dechunk(bytes('5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n')).data)).toBe('hello world');
    expect(dechunk(bytes('5\r\nhello\r\n0\r\n\r\n')).complete).toBe(true);
    const partial = dechunk(bytes('5\r\nhello\r\na\r\nwor'));
    expect(partial).toMatchObject({ complete: false });
    expect(text(partial.data)).toBe('hellowor');
  });

  it('refuses header injection', () => {
    expect(encodeRequest({ path: '/', host: 'a', headers: { 'X-A': 'b\r\nX-Evil: 1' } }).ok).toBe(false);
    expect(encodeRequest({ path: '/', host: 'a', headers: { 'Bad Name': 'b' } }).ok).toBe(false);
    const ok = encodeRequest({ path: '/x', host: 'a:81', headers: { 'X-A': 'b' } });
    expect(ok.ok && text(ok.value)).toBe(
      'GET /x HTTP/1.1\r\nHost: a:81\r\nX-A: b\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n',
    );
  });
});
