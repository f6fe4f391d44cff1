/** The zone the HTTP tests query. */
export const HTTP_TEST_ZONE = `
$ORIGIN example.com.
$TTL 3600
@        SOA   ns1 hostmaster 1 7200 3600 1209600 300
@        NS    ns1
ns1      A     192.0.2.53
www  300 AAAA  2001:db8:abcd:12:1:2:3:4
www  300 A     192.0.2.1
mixed 30 A     192.0.2.30
mixed 600 TXT  "six hundred"
cname    CNAME short
short 30 A     192.0.2.31
sub      NS    ns.sub
ns.sub 120 A   192.0.2.10
a.62characterlabel-makes-base64url-distinct-from-standard-base64 A 192.0.2.62
`;
