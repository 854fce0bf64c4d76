/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/unit.c - unit tests, no root needed: the input rules of README "Input" (one
 * case per line), the address parsers and the RFC 5952 formatter, the
 * /etc/hosts bytes of the reference's five tests, golden bytes of every
 * netlink request, the reply parser, the kernel command line and options,
 * and the root of the file writes (paths resolved beneath --root DIR).
 *
 * main.c is included so that its static functions can be tested; its main()
 * is renamed. Prints "PASS name" / "FAIL name: why" (test/CONVENTIONS.md).
 * Golden netlink bytes assume a little-endian host (x86_64, aarch64).
 */
#define main guestnet_main
#include "../main.c"
#undef main

#include <stdio.h>
#include <stdlib.h>

static int failures;

static void check(int line, const char *name, int ok, const char *why)
{
	printf("%s unit:%d %s%s%s\n", ok ? "PASS" : "FAIL", line, name,
	       ok ? "" : ": ", ok ? "" : why);
	failures += !ok;
}

/* ---- input rules ------------------------------------------------------- */

static char msgs[4096];

static void record(void *ctx, const char *var, const char *key, const char *msg,
		   const char *text, size_t len)
{
	size_t n = strlen(msgs);

	(void)ctx;
	n += (size_t)snprintf(msgs + n, sizeof msgs - n, "%s: %s%s", var, key ? key : "",
			      key ? ": " : "");
	for (; *msg && n < sizeof msgs - 2; msg++)
		if (*msg == '%')
			n += (size_t)snprintf(msgs + n, sizeof msgs - n, "%.*s", (int)len, text);
		else
			msgs[n++] = *msg;
	msgs[n++] = '\n';
	msgs[n] = '\0';
}

#define NET "iface=eth0,mac=02:00:00:00:00:01"
#define V4 "addr=192.0.2.2/30,gw=192.0.2.1"
#define V6 "addr=2001:db8::2/64,gw=2001:db8::1"

/* expect: NULL = accepted; else a text every report must contain a line of */
static void env_case(int line, const char *net, const char *v4, const char *v6,
		     const char *host, const char *alias, const char *expect)
{
	const char *val[GN_NVARS] = { net, v4, v6, host, alias };
	struct gn_msb m;
	char name[160];
	int n;

	msgs[0] = '\0';
	n = env_msb_parse(val, &m, record, NULL);
	snprintf(name, sizeof name, "env %s", expect ? expect : "accepted");
	if (!expect)
		check(line, name, n == 0, msgs);
	else
		check(line, name, n > 0 && strstr(msgs, expect), msgs[0] ? msgs : "accepted");
}
#define OK(net, v4, v6, host, alias) env_case(__LINE__, net, v4, v6, host, alias, NULL)
#define BAD(net, v4, v6, host, alias, msg) env_case(__LINE__, net, v4, v6, host, alias, msg)
#define N NULL

static void test_env_accepts(void)
{
	OK(N, N, N, N, N);
	OK(NET, V4, V6, "worker-01", "host.microsandbox.internal");
	OK(" \t" NET "\n ", " " V4 " ", "\r" V6, " h ", " a ");
	OK("   ", " ", "\t", " ", "");              /* all-white values are absent */
	OK("mac=02:00:00:00:00:01,iface=eth0", N, N, N, N);
	OK("iface=eth0,mac=0A:bC:dE:F0:12:34,mtu=1500", N, N, N, N);
	OK(NET ",mtu=68", N, N, N, N);
	OK(NET ",mtu=65535", N, N, N, N);
	OK(NET ",mtu=1280", N, V6, N, N);
	OK("iface=123456789012345,mac=02:00:00:00:00:01", N, N, N, N);
	OK("iface=a=b,mac=02:00:00:00:00:01", N, N, N, N);
	OK("iface=...,mac=02:00:00:00:00:01", N, N, N, N);
	OK(NET, "addr=192.0.2.2/32,gw=192.0.2.1,dns=192.0.2.53", N, N, N);
	OK(NET, "addr=0.0.0.1/8,gw=255.255.255.254", N, N, N);
	OK(NET, N, "addr=2001:db8::2/128,gw=fe80::1,dns=2001:db8::53", N, N);
	OK(NET, N, "addr=2001:DB8:0:0:0:0:0:2/1,gw=2001:db8::1", N, N);
	OK(NET, "addr=192.0.2.2/31,gw=192.0.2.3", N, N, N);   /* /31: both are hosts' */
	OK(NET, "addr=192.0.2.0/31,gw=192.0.2.1", N, N, N);
	OK(NET, "addr=192.0.2.255/32,gw=192.0.2.1", N, N, N);
	OK(NET, "addr=192.0.2.1/1,gw=192.0.2.2", N, N, N);
	OK(N, N, N, "a", "b");
	OK(N, N, N, "0123456789012345678901234567890123456789012345678901234567890123", N);
	/* systemd's hostname_is_valid(s, 0), '_' beside letters (a sandbox name) */
	OK(N, N, N, "Guest_3", "host.microsandbox.internal");
	OK(N, N, N, "my_sandbox-01", "_gateway");
	OK(N, N, N, "a.b-c.d", N);
	OK(N, N, N, "0", "1.2.3.4");
	OK(N, N, N, N, /* 253 bytes: four labels */
	   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
	   "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
	   "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc."
	   "ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd");
}

static void test_env_list_rules(void)
{
	BAD("\"" NET "\"", N, N, N, N,
	    "MSB_NET: the value is wrapped in quotes: write it without them");
	BAD(NET, "'" V4 "'", N, N, N, "MSB_NET_IPV4: the value is wrapped in quotes");
	BAD(N, N, N, "\"worker\"", N, "MSB_HOSTNAME: the value is wrapped in quotes");
	BAD("mac=02:00:00:00:00:01", N, N, N, N, "MSB_NET: iface: required key missing");
	BAD("iface=eth0", N, N, N, N, "MSB_NET: mac: required key missing");
	BAD(NET ",speed=10", N, N, N, N, "MSB_NET: unknown key \"speed\"");
	BAD(NET ",iface=eth1", N, N, N, N, "MSB_NET: iface: given more than once");
	BAD(NET ",mtu=1500,mtu=1500", N, N, N, N, "MSB_NET: mtu: given more than once");
	BAD("iface=eth0,,mac=02:00:00:00:00:01", N, N, N, N, "MSB_NET: empty element");
	BAD(NET ",", N, N, N, N, "MSB_NET: empty element");
	BAD("," NET, N, N, N, N, "MSB_NET: empty element");
	BAD(NET ",mtu", N, N, N, N, "MSB_NET: \"mtu\" is not key=value");
	BAD(NET ",mtu=", N, N, N, N, "MSB_NET: mtu: empty value");
	BAD(NET ",IFACE=eth0", N, N, N, N, "unknown key \"IFACE\"");
	BAD("iface=eth0, mac=02:00:00:00:00:01", N, N, N, N, "MSB_NET: white space inside");
	BAD(NET, V4 ", dns=192.0.2.53", N, N, N, "MSB_NET_IPV4: white space inside");
	BAD(N, V4, N, N, N, "MSB_NET_IPV4: set without MSB_NET");
	BAD(N, N, V6, N, N, "MSB_NET_IPV6: set without MSB_NET");
	BAD(NET, "addr=192.0.2.2/30", N, N, N, "MSB_NET_IPV4: gw: required key missing");
	BAD(NET, "gw=192.0.2.1", N, N, N, "MSB_NET_IPV4: addr: required key missing");
	BAD(NET, V4 ",gw=192.0.2.1", N, N, N, "MSB_NET_IPV4: gw: given more than once");
	BAD(NET, V4 ",via=192.0.2.1", N, N, N, "MSB_NET_IPV4: unknown key \"via\"");
}

static void test_env_net_values(void)
{
	BAD("iface=0123456789abcdef,mac=02:00:00:00:00:01", N, N, N, N, "iface: invalid interface name");
	BAD("iface=.,mac=02:00:00:00:00:01", N, N, N, N, "iface: invalid interface name \".\"");
	BAD("iface=..,mac=02:00:00:00:00:01", N, N, N, N, "iface: invalid interface name \"..\"");
	BAD("iface=a/b,mac=02:00:00:00:00:01", N, N, N, N, "iface: invalid interface name");
	BAD("iface=a:b,mac=02:00:00:00:00:01", N, N, N, N, "iface: invalid interface name");
	BAD("iface=a\x01,mac=02:00:00:00:00:01", N, N, N, N, "iface: invalid interface name");
	BAD("iface=a\x7f,mac=02:00:00:00:00:01", N, N, N, N, "iface: invalid interface name");
	BAD("iface=a\xa0,mac=02:00:00:00:00:01", N, N, N, N, "iface: invalid interface name");
	BAD("iface=eth0,mac=02:00:00:00:00", N, N, N, N, "mac: invalid MAC address");
	BAD("iface=eth0,mac=02:00:00:00:00:01:02", N, N, N, N, "mac: invalid MAC address");
	BAD("iface=eth0,mac=02-00-00-00-00-01", N, N, N, N, "mac: invalid MAC address");
	BAD("iface=eth0,mac=2:0:0:0:0:1", N, N, N, N, "mac: invalid MAC address");
	BAD("iface=eth0,mac=002:00:00:00:00:01", N, N, N, N, "mac: invalid MAC address");
	BAD("iface=eth0,mac=0g:00:00:00:00:01", N, N, N, N, "mac: invalid MAC address");
	BAD("iface=eth0,mac=02:00:00:00:00:01:", N, N, N, N, "mac: invalid MAC address");
	BAD("iface=eth0,mac=0200.0000.0001", N, N, N, N, "mac: invalid MAC address");
	BAD("iface=eth0,mac=01:00:5e:00:00:01", N, N, N, N, "mac: MAC address 01:00:5e:00:00:01 is multicast");
	BAD("iface=eth0,mac=ff:ff:ff:ff:ff:ff", N, N, N, N, "is multicast");
	BAD("iface=eth0,mac=00:00:00:00:00:00", N, N, N, N, "mac: MAC address 00:00:00:00:00:00 is all zero");
	BAD(NET ",mtu=67", N, N, N, N, "MSB_NET: mtu: MTU 67 out of range 68-65535");
	BAD(NET ",mtu=65536", N, N, N, N, "mtu: MTU 65536 out of range 68-65535");
	BAD(NET ",mtu=99999999999999999999999", N, N, N, N, "out of range 68-65535");
	BAD(NET ",mtu=0", N, N, N, N, "mtu: MTU 0 out of range");
	BAD(NET ",mtu=+1500", N, N, N, N, "mtu: MTU \"+1500\" is not a plain decimal number");
	BAD(NET ",mtu=-1", N, N, N, N, "mtu: MTU \"-1\" is not a plain decimal");
	BAD(NET ",mtu=01500", N, N, N, N, "mtu: MTU \"01500\" is not a plain decimal");
	BAD(NET ",mtu=1500.0", N, N, N, N, "is not a plain decimal");
	BAD(NET ",mtu=0x5dc", N, N, N, N, "is not a plain decimal");
	BAD(NET ",mtu=1279", N, V6, N, N, "MSB_NET: mtu: MTU 1279 is below 1280");
	BAD(NET ",mtu=1279", N, "addr=bad", N, N, "MTU 1279 is below 1280");
}

static void test_env_ipv4(void)
{
	BAD(NET, "addr=192.0.2.2,gw=192.0.2.1", N, N, N, "addr: \"192.0.2.2\" lacks a /prefix");
	BAD(NET, "addr=192.0.2.2/33,gw=192.0.2.1", N, N, N,
	    "MSB_NET_IPV4: addr: prefix length 33 out of range 1-32");
	/* /0 would put every destination on-link, the gateway never reached */
	BAD(NET, "addr=192.0.2.2/0,gw=192.0.2.1", N, N, N,
	    "MSB_NET_IPV4: addr: prefix length 0 out of range 1-32");
	BAD(NET, "addr=192.0.2.3/30,gw=192.0.2.1", N, N, N,
	    "MSB_NET_IPV4: addr: 192.0.2.3/30 is the broadcast address of its prefix");
	BAD(NET, "addr=198.51.100.0/24,gw=198.51.100.1", N, N, N,
	    "MSB_NET_IPV4: addr: 198.51.100.0/24 is the network address of its prefix");
	BAD(NET, "addr=192.0.2.0/30,gw=192.0.2.1", N, N, N, "192.0.2.0/30 is the network address");
	BAD(NET, "addr=10.255.255.255/8,gw=10.0.0.1", N, N, N, "is the broadcast address");
	BAD(NET, "addr=192.0.2.2/-1,gw=192.0.2.1", N, N, N, "prefix length \"-1\" is not");
	BAD(NET, "addr=192.0.2.2/+24,gw=192.0.2.1", N, N, N, "prefix length \"+24\" is not");
	BAD(NET, "addr=192.0.2.2/024,gw=192.0.2.1", N, N, N, "prefix length \"024\" is not");
	BAD(NET, "addr=192.0.2.2/,gw=192.0.2.1", N, N, N, "prefix length \"\" is not");
	BAD(NET, "addr=192.0.2.2/24/24,gw=192.0.2.1", N, N, N, "prefix length \"24/24\"");
	BAD(NET, "addr=192.0.2.256/24,gw=192.0.2.1", N, N, N, "\"192.0.2.256\" is not a dotted-quad");
	BAD(NET, "addr=192.0.2.010/24,gw=192.0.2.1", N, N, N, "\"192.0.2.010\" is not a dotted-quad");
	BAD(NET, "addr=192.0.2/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=192.0.2.2.2/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=192.0.2.2./24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=.192.0.2.2/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=192..0.2/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=0xc0.0.2.2/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=3221225986/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=+1.0.2.2/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=1.0.2.0002/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=2001:db8::2/24,gw=192.0.2.1", N, N, N, "is not a dotted-quad");
	BAD(NET, "addr=192.0.2.2/30,gw=192.0.2", N, N, N, "gw: \"192.0.2\" is not a dotted-quad");
	BAD(NET, V4 ",dns=192.0.2.x", N, N, N, "dns: \"192.0.2.x\" is not a dotted-quad");
	BAD(NET, "addr=192.0.2.2/30,gw=192.0.2.2", N, N, N, "gw: gateway 192.0.2.2 is the address itself");
	BAD(NET, "addr=192.0.2.2/30,gw=0.0.0.0", N, N, N, "gw: gateway 0.0.0.0 is unspecified");
	BAD(NET, "addr=192.0.2.2/30,gw=224.0.0.1", N, N, N, "gw: gateway 224.0.0.1 is multicast");
	BAD(NET, "addr=192.0.2.2/30,gw=239.255.255.255", N, N, N, "is multicast");
	BAD(NET, "addr=0.0.0.0/32,gw=192.0.2.1", N, N, N, "addr: address 0.0.0.0 is unspecified");
	BAD(NET, "addr=224.0.0.5/24,gw=192.0.2.1", N, N, N, "addr: address 224.0.0.5 is multicast");
}

static void test_env_ipv6(void)
{
	BAD(NET, N, "addr=2001:db8::2/129,gw=2001:db8::1", N, N,
	    "MSB_NET_IPV6: addr: prefix length 129 out of range 1-128");
	BAD(NET, N, "addr=2001:db8::2/0,gw=2001:db8::1", N, N,
	    "MSB_NET_IPV6: addr: prefix length 0 out of range 1-128");
	BAD(NET, N, "addr=2001:db8::2,gw=2001:db8::1", N, N, "lacks a /prefix");
	BAD(NET, N, "addr=2001:db8::2/64,gw=fe80::1%eth0", N, N,
	    "gw: \"fe80::1%eth0\" has a zone: zones are not taken");
	BAD(NET, N, "addr=fe80::2%eth0/64,gw=fe80::1", N, N, "addr: \"fe80::2%eth0\" has a zone");
	BAD(NET, N, "addr=[2001:db8::2]/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=2001:db8:::2/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=2001::db8::2/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=1:2:3:4:5:6:7:8:9/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=1:2:3:4:5:6:7/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=1:2:3:4:5:6:7:8::/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=2001:db8::12345/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=2001:db8::2:/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=:2001:db8::2/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=2001:db8::g/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=::ffff:192.0.2.256/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=::ffff:192.0.02.1/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=1:2:3:4:5:6:7:1.2.3.4/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=::1.2.3.4:5/64,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=192.0.2.2/24,gw=2001:db8::1", N, N, "is not an IPv6 address");
	BAD(NET, N, "addr=2001:db8::2/64,gw=2001:db8::2", N, N, "gw: gateway 2001:db8::2 is the address itself");
	BAD(NET, N, "addr=2001:db8::2/64,gw=::", N, N, "gw: gateway :: is unspecified");
	BAD(NET, N, "addr=2001:db8::2/64,gw=ff02::1", N, N, "gw: gateway ff02::1 is multicast");
	BAD(NET, N, "addr=::/64,gw=2001:db8::1", N, N, "addr: address :: is unspecified");
	BAD(NET, N, "addr=ff02::2/64,gw=2001:db8::1", N, N, "addr: address ff02::2 is multicast");
}

/* What an address means, per role (the kernel's verdicts: test/semantic.sh) */
static void test_env_meaning4(void)
{
	BAD(NET, "addr=192.0.2.2/24,gw=192.0.2.255", N, N, N,
	    "MSB_NET_IPV4: gw: 192.0.2.255 is the broadcast address of 192.0.2.2/24\n");
	BAD(NET, "addr=192.0.2.2/24,gw=192.0.2.0", N, N, N,
	    "MSB_NET_IPV4: gw: 192.0.2.0 is the network address of 192.0.2.2/24\n");
	BAD(NET, "addr=192.0.2.2/30,gw=192.0.2.3", N, N, N,
	    "MSB_NET_IPV4: gw: 192.0.2.3 is the broadcast address of 192.0.2.2/30\n");
	BAD(NET, "addr=192.0.2.2/24,gw=127.0.0.1", N, N, N, "MSB_NET_IPV4: gw: gateway 127.0.0.1 is loopback\n");
	BAD(NET, "addr=127.0.0.5/8,gw=192.0.2.1", N, N, N,
	    "MSB_NET_IPV4: addr: address 127.0.0.5 is loopback, which only lo has\n");
	BAD(NET, "addr=127.0.0.5/8,gw=127.0.0.1", N, N, N, "MSB_NET_IPV4: gw: gateway 127.0.0.1 is loopback\n");
	BAD(NET, "addr=192.0.2.2/24,gw=255.255.255.255", N, N, N,
	    "MSB_NET_IPV4: gw: gateway 255.255.255.255 is the limited broadcast address\n");
	BAD(NET, "addr=255.255.255.255/32,gw=192.0.2.1", N, N, N,
	    "MSB_NET_IPV4: addr: address 255.255.255.255 is the limited broadcast address\n");
	BAD(NET, "addr=192.0.2.2/24,gw=0.0.0.5", N, N, N,
	    "MSB_NET_IPV4: gw: gateway 0.0.0.5 is in 0.0.0.0/8, \"this network\"\n");
	BAD(NET, "addr=0.0.0.1/8,gw=0.0.0.2", N, N, N,
	    "MSB_NET_IPV4: gw: gateway 0.0.0.2 is in 0.0.0.0/8, \"this network\"\n");
	BAD(NET, V4 ",dns=0.0.0.0", N, N, N, "MSB_NET_IPV4: dns: DNS server 0.0.0.0 is unspecified\n");
	BAD(NET, V4 ",dns=255.255.255.255", N, N, N,
	    "MSB_NET_IPV4: dns: DNS server 255.255.255.255 is the limited broadcast address\n");
	BAD(NET, V4 ",dns=224.0.0.251", N, N, N, "MSB_NET_IPV4: dns: DNS server 224.0.0.251 is multicast\n");
	BAD(NET, V4 ",dns=0.1.2.3", N, N, N, "MSB_NET_IPV4: dns: DNS server 0.1.2.3 is in 0.0.0.0/8, \"this network\"\n");
	BAD(NET, "addr=192.0.2.2/24,gw=192.0.2.1,dns=192.0.2.255", N, N, N,
	    "MSB_NET_IPV4: dns: 192.0.2.255 is the broadcast address of 192.0.2.2/24\n");
	BAD(NET, "addr=192.0.2.2/24,gw=192.0.2.1,dns=192.0.2.0", N, N, N,
	    "MSB_NET_IPV4: dns: 192.0.2.0 is the network address of 192.0.2.2/24\n");
	/* one line per value: the address that is also the broadcast */
	BAD(NET, "addr=192.0.2.255/24,gw=192.0.2.255", N, N, N,
	    "MSB_NET_IPV4: addr: 192.0.2.255/24 is the broadcast address of its prefix\n"
	    "MSB_NET_IPV4: gw: gateway 192.0.2.255 is the address itself\n");
	OK(NET, "addr=192.0.2.2/25,gw=192.0.2.255", N, N, N);   /* outside the /25: a host */
	OK(NET, "addr=192.0.2.2/32,gw=192.0.2.255", N, N, N);   /* on-link, a host */
	OK(NET, "addr=192.0.2.2/31,gw=192.0.2.3,dns=192.0.2.3", N, N, N);
	OK(NET, "addr=192.0.2.2/24,gw=169.254.1.1", N, N, N);    /* Calico's gateway */
	OK(NET, "addr=169.254.1.2/16,gw=169.254.1.1,dns=169.254.169.253", N, N, N);
	OK(NET, "addr=240.0.0.1/24,gw=240.0.0.2", N, N, N);      /* class E: Linux unicast */
	OK(NET, "addr=0.0.0.1/8,gw=192.0.2.1", N, N, N);         /* Linux 5.3 takes 0/8 */
	OK(NET, V4 ",dns=127.0.0.53", N, N, N);                  /* a local resolver */
	OK(NET, V4 ",dns=192.0.2.2", N, N, N);                   /* the guest's own */
}

static void test_env_meaning6(void)
{
	BAD(NET, N, "addr=::1/128,gw=2001:db8::1", N, N,
	    "MSB_NET_IPV6: addr: address ::1 is loopback, which only lo has\n");
	BAD(NET, N, "addr=2001:db8::2/64,gw=::1", N, N, "MSB_NET_IPV6: gw: gateway ::1 is loopback\n");
	BAD(NET, N, "addr=::ffff:192.0.2.2/96,gw=2001:db8::1", N, N,
	    "MSB_NET_IPV6: addr: address ::ffff:192.0.2.2 is IPv4-mapped: give it in MSB_NET_IPV4\n");
	BAD(NET, N, "addr=2001:db8::2/64,gw=::ffff:192.0.2.1", N, N,
	    "MSB_NET_IPV6: gw: gateway ::ffff:192.0.2.1 is IPv4-mapped: give it in MSB_NET_IPV4\n");
	BAD(NET, N, "addr=::192.0.2.2/96,gw=2001:db8::1", N, N,
	    "MSB_NET_IPV6: addr: address ::c000:202 is IPv4-compatible, a deprecated form\n");
	BAD(NET, N, "addr=2001:db8::2/64,gw=::2", N, N,
	    "MSB_NET_IPV6: gw: gateway ::2 is IPv4-compatible, a deprecated form\n");
	BAD(NET, N, V6 ",dns=::192.0.2.53", N, N,
	    "MSB_NET_IPV6: dns: DNS server ::c000:235 is IPv4-compatible, a deprecated form\n");
	BAD(NET, N, "addr=fe80::2/64,gw=fe80::1", N, N,
	    "MSB_NET_IPV6: addr: address fe80::2 is link-local: the kernel makes one itself; "
	    "give a global address\n");
	BAD(NET, N, "addr=febf::2/64,gw=fe80::1", N, N, "addr: address febf::2 is link-local");
	BAD(NET, N, V6 ",dns=fe80::53", N, N,
	    "MSB_NET_IPV6: dns: DNS server fe80::53 is link-local, which needs a zone: give a global address\n");
	BAD(NET, N, V6 ",dns=::", N, N, "MSB_NET_IPV6: dns: DNS server :: is unspecified\n");
	BAD(NET, N, V6 ",dns=ff02::fb", N, N, "MSB_NET_IPV6: dns: DNS server ff02::fb is multicast\n");
	BAD(NET, N, "addr=2001:db8::/64,gw=2001:db8::1", N, N,
	    "MSB_NET_IPV6: addr: 2001:db8::/64 is the subnet-router anycast address of its prefix\n");
	BAD(NET, N, "addr=2001:db8:0:0:8000::/65,gw=2001:db8::1", N, N,
	    "addr: 2001:db8:0:0:8000::/65 is the subnet-router anycast");
	OK(NET, N, "addr=2001:db8::/127,gw=2001:db8::1", N, N);   /* RFC 6164 */
	OK(NET, N, "addr=2001:db8::/128,gw=2001:db8::1", N, N);
	OK(NET, N, "addr=2001:db8::2/64,gw=2001:db8::", N, N);    /* any of the routers */
	OK(NET, N, "addr=2001:db8::ffff:ffff:ffff:ffff/64,gw=2001:db8::1", N, N);
	OK(NET, N, "addr=fec0::2/64,gw=fe80::1", N, N);             /* site-local: unicast */
	OK(NET, N, "addr=fe7f::2/64,gw=fec0::1", N, N);
	OK(NET, N, "addr=2002:c000:202::2/48,gw=2002:c000:202::1", N, N); /* 6to4 */
	OK(NET, N, V6 ",dns=::1", N, N);                         /* a local resolver */
	OK(NET, N, V6 ",dns=::ffff:192.0.2.53", N, N);           /* over IPv4 */
	OK(NET, N, "addr=2001:db8::2/64,gw=::1:0:0:1", N, N);  /* outside ::/96 */
	OK(NET, N, "addr=2001:db8::2/64,gw=::fffe:c000:201", N, N);
}

static void test_env_names(void)
{
	BAD(N, N, N, "0123456789012345678901234567890123456789012345678901234567890123X", N,
	    "MSB_HOSTNAME: \"0123");
	BAD(N, N, N, "a#b", N, "MSB_HOSTNAME: \"a#b\" is not a host name (at most 64 bytes; labels of "
	    "letters, digits, '_' and '-' joined by single dots; no '-' or dot first or last in a "
	    "label)");
	BAD(N, N, N, "!$%&'()*+,-./:;<=>?@[]^_`{|}~", N, "MSB_HOSTNAME: \"!$%&'()*+");
	BAD(N, N, N, N, "x,y=z", "MSB_HOST_ALIAS: \"x,y=z\" is not a host name");
	BAD(N, N, N, "$(reboot);rm*", N, "MSB_HOSTNAME: \"$(reboot);rm*\" is not a host name");
	BAD(N, N, N, "worker-01.", N, "MSB_HOSTNAME: \"worker-01.\" is not a host name");
	BAD(N, N, N, "a.b.", N, "MSB_HOSTNAME: \"a.b.\" is not a host name");
	BAD(N, N, N, ".worker", N, "MSB_HOSTNAME: \".worker\" is not a host name");
	BAD(N, N, N, ".host", N, "MSB_HOSTNAME: \".host\" is not a host name");
	BAD(N, N, N, "a..b", N, "MSB_HOSTNAME: \"a..b\" is not a host name");
	BAD(N, N, N, ".", N, "MSB_HOSTNAME: \".\" is not a host name");
	BAD(N, N, N, "-a", N, "MSB_HOSTNAME: \"-a\" is not a host name");
	BAD(N, N, N, "a-", N, "MSB_HOSTNAME: \"a-\" is not a host name");
	BAD(N, N, N, "a.-b", N, "MSB_HOSTNAME: \"a.-b\" is not a host name");
	BAD(N, N, N, "a-.b", N, "MSB_HOSTNAME: \"a-.b\" is not a host name");
	BAD(N, N, N, "a/b", N, "MSB_HOSTNAME: \"a/b\" is not a host name");
	BAD(N, N, N, "a:b", N, "MSB_HOSTNAME: \"a:b\" is not a host name");
	BAD(N, N, N, "a@b", N, "MSB_HOSTNAME: \"a@b\" is not a host name");
	BAD(N, N, N, "a[b", N, "MSB_HOSTNAME: \"a[b\" is not a host name");
	BAD(N, N, N, "a`b", N, "MSB_HOSTNAME: \"a`b\" is not a host name");
	BAD(N, N, N, "a{b", N, "MSB_HOSTNAME: \"a{b\" is not a host name");
	BAD(N, N, N, "a\rb", N, "MSB_HOSTNAME: white space inside");
	BAD(N, N, N, "a\x0e" "b", N, "MSB_HOSTNAME: \"a\x0e" "b\" is not a host name");
	BAD(N, N, N, "a\x10", N, "MSB_HOSTNAME: \"a\x10\" is not a host name");
	BAD(N, N, N, N, "host..x", "MSB_HOST_ALIAS: \"host..x\" is not a host name (at most 253 bytes");
	BAD(N, N, N, N, "host.internal.", "MSB_HOST_ALIAS: \"host.internal.\" is not a host name");
	BAD(N, N, N, "a b", N, "MSB_HOSTNAME: white space inside the value \"a b\"");
	BAD(N, N, N, "a\nb", N, "MSB_HOSTNAME: white space inside");
	BAD(N, N, N, "a\x01" "b", N, "MSB_HOSTNAME: \"a\x01" "b\" is not");
	BAD(N, N, N, "caf\xc3\xa9", N, "MSB_HOSTNAME: \"caf");
	BAD(N, N, N, "a\x7f", N, "MSB_HOSTNAME:");
	BAD(N, N, N, N, "host#x", "MSB_HOST_ALIAS: \"host#x\" is not a host name (at most 253 bytes");
	BAD(N, N, N, N, "x\ty", "MSB_HOST_ALIAS: white space inside");
	BAD(N, N, N, N, "a\n10.0.0.1 evil", "MSB_HOST_ALIAS: white space inside");
}

static void test_env_alias_length(void)
{
	char a[300];

	memset(a, 'a', 253);
	a[253] = '\0';
	OK(N, N, N, N, a);
	a[253] = 'a', a[254] = '\0';
	BAD(N, N, N, N, a, "MSB_HOST_ALIAS: \"aaaa");
}

static void test_env_many_problems(void)
{
	const char *val[GN_NVARS] = { "iface=eth0,mac=zz", "addr=1/99", "gw=::", "a#", "b#" };
	struct gn_msb c;
	int n;

	msgs[0] = '\0';
	n = env_msb_parse(val, &c, record, NULL);
	check(__LINE__, "env reports every problem, one line each", n == 6, msgs);
	{
		char commas[101];
		const char *many[GN_NVARS] = { commas, NULL, NULL, NULL, NULL };
		size_t lines = 0, i;

		memset(commas, ',', 100), commas[100] = '\0';
		msgs[0] = '\0';
		n = env_msb_parse(many, &c, record, NULL);
		for (i = 0; msgs[i]; i++) lines += msgs[i] == '\n';
		check(__LINE__, "env counts all 103 problems, shows 32 and one last line", n == 103 &&
		      lines == 33 && strstr(msgs, "further problems not shown"), msgs);
	}
}

/* ---- addresses ------------------------------------------------------------ */

static void ip6_case(int line, const char *in, const char *canon)
{
	uint8_t a[16], b[16];
	char out[48], name[128];
	int ok = !env_ip6_parse(in, strlen(in), a);

	if (ok) {
		env_ip_format(out, GN_IP_TEXT_SIZE, GN_AF_INET6, a);
		ok = !strcmp(out, canon) && !env_ip6_parse(out, strlen(out), b) && !memcmp(a, b, 16);
	}
	snprintf(name, sizeof name, "ip6 %s -> %s", in, canon);
	check(line, name, ok, ok ? "" : out);
}
#define IP6(in, canon) ip6_case(__LINE__, in, canon)

static void test_ip6_format(void)
{
	IP6("::", "::");
	IP6("::1", "::1");
	IP6("1::", "1::");
	IP6("2001:DB8:0:0:0:0:0:1", "2001:db8::1");
	IP6("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1");
	IP6("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");        /* first on a tie */
	IP6("1:0:0:2:0:0:0:3", "1:0:0:2::3");                   /* the longest run */
	IP6("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");     /* one zero group stays */
	IP6("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0");
	IP6("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8");
	IP6("0:0:1:0:0:0:0:0", "0:0:1::");
	IP6("fe80::1", "fe80::1");
	IP6("FD42:6D73:62::1", "fd42:6d73:62::1");
	IP6("::ffff:192.0.2.1", "::ffff:192.0.2.1");
	IP6("::ffff:c000:201", "::ffff:192.0.2.1");              /* IPv4-mapped */
	IP6("::192.0.2.1", "::c000:201");                        /* compatible: hex */
	IP6("64:ff9b::192.0.2.1", "64:ff9b::c000:201");
	IP6("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304");
	IP6("0001:02:3::", "1:2:3::");
	IP6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

static void test_ip4(void)
{
	uint8_t a[4];
	char out[48];

	check(__LINE__, "ip4 0.0.0.0", !env_ip4_parse("0.0.0.0", 7, a) && !a[0] && !a[3], "");
	check(__LINE__, "ip4 255.255.255.255", !env_ip4_parse("255.255.255.255", 15, a) && a[3] == 255, "");
	check(__LINE__, "ip4 format", env_ip_format(out, GN_IP_TEXT_SIZE, GN_AF_INET, a) == 15 &&
	      !strcmp(out, "255.255.255.255"), out);
	check(__LINE__, "ip4 refuses 1.2.3.4 followed by a NUL", env_ip4_parse("1.2.3.4", 8, a), "");
	check(__LINE__, "ip4 refuses 1.2.3.", env_ip4_parse("1.2.3.", 6, a), "");
	check(__LINE__, "ip4 refuses 1234.1.1.1", env_ip4_parse("1234.1.1.1", 10, a), "");
	check(__LINE__, "ip4 refuses empty", env_ip4_parse("", 0, a), "");
	check(__LINE__, "ip6 refuses empty", env_ip6_parse("", 0, (uint8_t *)out), "");
	check(__LINE__, "ip6 refuses :", env_ip6_parse(":", 1, (uint8_t *)out), "");
	check(__LINE__, "ip6 refuses :::", env_ip6_parse(":::", 3, (uint8_t *)out), "");
	check(__LINE__, "ip6 refuses 1.2.3.4", env_ip6_parse("1.2.3.4", 7, (uint8_t *)out), "");
	check(__LINE__, "in prefix /30", env_ip_in_prefix(GN_AF_INET, (const uint8_t *)"\xc0\x00\x02\x01",
	      (const uint8_t *)"\xc0\x00\x02\x02", 30), "");
	check(__LINE__, "outside prefix /32", !env_ip_in_prefix(GN_AF_INET,
	      (const uint8_t *)"\xc0\x00\x02\x01", (const uint8_t *)"\xc0\x00\x02\x02", 32), "");
	check(__LINE__, "outside prefix /31", !env_ip_in_prefix(GN_AF_INET,
	      (const uint8_t *)"\xc0\x00\x02\x01", (const uint8_t *)"\xc0\x00\x02\x02", 31), "");
	check(__LINE__, "in prefix /0", env_ip_in_prefix(GN_AF_INET,
	      (const uint8_t *)"\x01\x00\x02\x01", (const uint8_t *)"\xc0\x00\x02\x02", 0), "");
}

/* ---- /etc files: the reference's own five tests ---------------------------- */

/* The model of checked MSB_* values (env_msb_parse, env_msb_model), as the
 * run builds it: gateways 100.96.0.1 and fd42:6d73:62::1 when v4 and v6 are
 * set, the names kept. */
static void cfg_gateways(struct gn_config *c, int v4, int v6)
{
	const char *val[GN_NVARS] = { NET, v4 ? "addr=100.96.0.2/30,gw=100.96.0.1" : NULL,
				      v6 ? "addr=fd42:6d73:62::2/64,gw=fd42:6d73:62::1" : NULL,
				      c->hostname[0] ? c->hostname : NULL,
				      c->alias[0] ? c->alias : NULL };
	struct gn_msb m;

	msgs[0] = '\0';
	if (env_msb_parse(val, &m, record, NULL))
		check(__LINE__, "hosts: the model's input", 0, msgs);
	env_msb_model(&m, c);
}

static void hosts_case(int line, const char *name, const struct gn_config *c, const char *want)
{
	char out[HOSTS_FILE_SIZE + 1];
	size_t n = hosts_render(out, HOSTS_FILE_SIZE, c);

	out[n] = '\0';
	check(line, name, n == strlen(want) && !memcmp(out, want, n), out);
}

static void test_hosts(void)
{
	struct gn_config c;
	char out[HOSTS_FILE_SIZE + 1];

	memset(&c, 0, sizeof c);
	hosts_case(__LINE__, "hosts without hostname", &c,
		   "127.0.0.1\tlocalhost\n"
		   "::1\tlocalhost ip6-localhost ip6-loopback\n"
		   "fe00::\tip6-localnet\n"
		   "ff00::\tip6-mcastprefix\n"
		   "ff02::1\tip6-allnodes\n"
		   "ff02::2\tip6-allrouters\n");
	strcpy(c.hostname, "worker-01");
	hosts_case(__LINE__, "hosts with hostname", &c,
		   "127.0.0.1\tlocalhost worker-01\n"
		   "::1\tlocalhost ip6-localhost ip6-loopback worker-01\n"
		   "fe00::\tip6-localnet\n"
		   "ff00::\tip6-mcastprefix\n"
		   "ff02::1\tip6-allnodes\n"
		   "ff02::2\tip6-allrouters\n");
	strcpy(c.alias, "host.microsandbox.internal");
	cfg_gateways(&c, 1, 1);
	hosts_case(__LINE__, "hosts with host alias, both families", &c,
		   "127.0.0.1\tlocalhost worker-01\n"
		   "::1\tlocalhost ip6-localhost ip6-loopback worker-01\n"
		   "100.96.0.1\thost.microsandbox.internal\n"
		   "fd42:6d73:62::1\thost.microsandbox.internal\n"
		   "fe00::\tip6-localnet\n"
		   "ff00::\tip6-mcastprefix\n"
		   "ff02::1\tip6-allnodes\n"
		   "ff02::2\tip6-allrouters\n");
	c.hostname[0] = '\0';
	cfg_gateways(&c, 1, 0);
	out[hosts_render(out, HOSTS_FILE_SIZE, &c)] = '\0';
	check(__LINE__, "hosts with host alias, IPv4 only",
	      strstr(out, "100.96.0.1\thost.microsandbox.internal\n") && !strstr(out, "fd42"), out);
	c.alias[0] = '\0';
	cfg_gateways(&c, 1, 1);
	out[hosts_render(out, HOSTS_FILE_SIZE, &c)] = '\0';
	check(__LINE__, "hosts omit the alias lines without a name",
	      !strstr(out, "host.microsandbox.internal") && !strstr(out, "100.96.0.1") &&
	      !strstr(out, "fd42"), out);
}

static void test_resolv(void)
{
	const char *val[GN_NVARS] = { NET, V4 ",dns=192.0.2.53", V6 ",dns=2001:db8::53", N, N };
	struct gn_config c;
	struct gn_msb m;
	char out[HOSTS_FILE_SIZE + 1];

	memset(&c, 0, sizeof c);
	check(__LINE__, "resolv.conf empty without DNS", hosts_resolv_render(out, HOSTS_FILE_SIZE, &c) == 0, "");
	msgs[0] = '\0';
	if (env_msb_parse(val, &m, record, NULL))
		check(__LINE__, "resolv.conf: the model's input", 0, msgs);
	env_msb_model(&m, &c);
	out[hosts_resolv_render(out, HOSTS_FILE_SIZE, &c)] = '\0';
	check(__LINE__, "resolv.conf IPv4 first", !strcmp(out,
	      "nameserver 192.0.2.53\nnameserver 2001:db8::53\n"), out);
}

/* ---- netlink requests: bytes from the kernel ABI (and as iproute2 sends) -- */

static void hex(char *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 3 * i, "%02x ", p[i]);
	out[n ? 3 * n - 1 : 0] = '\0';
}

static void golden(int line, const char *name, struct nl_batch *b, const char *want)
{
	char got[2048];

	nl_batch_seal(b);
	hex(got, b->u.bytes, b->len);
	check(line, name, !b->broken && !strcmp(got, want), got);
}

static const uint8_t a4[4] = { 192, 0, 2, 2 }, g4[4] = { 192, 0, 2, 1 };
static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
static const uint8_t g6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

static void test_nl_golden(void)
{
	struct nl_batch b;
	uint16_t one = 1;

	if (*(uint8_t *)&one != 1) {
		check(__LINE__, "golden bytes need a little-endian host", 0, "big-endian");
		return;
	}
	/* nlmsghdr{len 40, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE, seq 1, pid 0}
	 * ifaddrmsg{AF_INET, /30, flags 0, scope 0, index 2}, IFA_LOCAL, IFA_ADDRESS */
	nl_batch_init(&b, 1);
	nl_addr_add(&b, GN_AF_INET, 2, a4, NULL, 30, RT_SCOPE_UNIVERSE);
	golden(__LINE__, "netlink: add IPv4 address", &b,
	       "28 00 00 00 14 00 05 06 01 00 00 00 00 00 00 00 "
	       "02 1e 00 00 02 00 00 00 08 00 02 00 c0 00 02 02 08 00 01 00 c0 00 02 02");
	/* ifaddrmsg{AF_INET6, /64, IFA_F_NODAD, scope 0, index 2} */
	nl_batch_init(&b, 7);
	nl_addr_add(&b, GN_AF_INET6, 2, a6, NULL, 64, RT_SCOPE_UNIVERSE);
	golden(__LINE__, "netlink: add IPv6 address, no DAD", &b,
	       "40 00 00 00 14 00 05 06 07 00 00 00 00 00 00 00 0a 40 02 00 02 00 00 00 "
	       "14 00 02 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02 "
	       "14 00 01 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02");
	/* scope RT_SCOPE_HOST for 127.0.0.1/8 on lo, index 1 */
	nl_batch_init(&b, 1);
	nl_addr_add(&b, GN_AF_INET, 1, (const uint8_t *)"\x7f\x00\x00\x01", NULL, 8, RT_SCOPE_HOST);
	golden(__LINE__, "netlink: add 127.0.0.1/8 scope host", &b,
	       "28 00 00 00 14 00 05 06 01 00 00 00 00 00 00 00 "
	       "02 08 00 fe 01 00 00 00 08 00 02 00 7f 00 00 01 08 00 01 00 7f 00 00 01");
	/* nlmsghdr{len 44, RTM_NEWROUTE, REQUEST|ACK|REPLACE|CREATE}, rtmsg{AF_INET,
	 * dst 0, src 0, tos 0, RT_TABLE_MAIN, RTPROT_BOOT, universe, RTN_UNICAST},
	 * RTA_GATEWAY, RTA_OIF */
	nl_batch_init(&b, 3);
	nl_route_add(&b, GN_AF_INET, 2, NULL, 0, g4, 0);
	golden(__LINE__, "netlink: IPv4 default route", &b,
	       "2c 00 00 00 18 00 05 05 03 00 00 00 00 00 00 00 "
	       "02 00 00 00 fe 03 00 01 00 00 00 00 08 00 05 00 c0 00 02 01 08 00 04 00 02 00 00 00");
	nl_batch_init(&b, 3);
	nl_route_add(&b, GN_AF_INET, 2, NULL, 0, g4, 1);
	golden(__LINE__, "netlink: IPv4 default route on-link", &b,
	       "2c 00 00 00 18 00 05 05 03 00 00 00 00 00 00 00 "
	       "02 00 00 00 fe 03 00 01 04 00 00 00 08 00 05 00 c0 00 02 01 08 00 04 00 02 00 00 00");
	/* iproute2 also sends RTA_DST ::/0, which says nothing at dst_len 0 */
	nl_batch_init(&b, 4);
	nl_route_add(&b, GN_AF_INET6, 2, NULL, 0, g6, 0);
	golden(__LINE__, "netlink: IPv6 default route", &b,
	       "38 00 00 00 18 00 05 05 04 00 00 00 00 00 00 00 "
	       "0a 00 00 00 fe 03 00 01 00 00 00 00 14 00 05 00 "
	       "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 08 00 04 00 02 00 00 00");
	nl_batch_init(&b, 4);
	nl_route_add(&b, GN_AF_INET6, 2, NULL, 0, g6, 1);
	golden(__LINE__, "netlink: IPv6 default route on-link", &b,
	       "38 00 00 00 18 00 05 05 04 00 00 00 00 00 00 00 "
	       "0a 00 00 00 fe 03 00 01 04 00 00 00 14 00 05 00 "
	       "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 08 00 04 00 02 00 00 00");
	/* a batch: only the last request asks for the ACK */
	nl_batch_init(&b, 9);
	nl_route_add(&b, GN_AF_INET, 2, NULL, 0, g4, 0);
	nl_route_add(&b, GN_AF_INET, 2, NULL, 0, g4, 0);
	golden(__LINE__, "netlink: batch, ACK on the last request only", &b,
	       "2c 00 00 00 18 00 01 05 09 00 00 00 00 00 00 00 "
	       "02 00 00 00 fe 03 00 01 00 00 00 00 08 00 05 00 c0 00 02 01 08 00 04 00 02 00 00 00 "
	       "2c 00 00 00 18 00 05 05 0a 00 00 00 00 00 00 00 "
	       "02 00 00 00 fe 03 00 01 00 00 00 00 08 00 05 00 c0 00 02 01 08 00 04 00 02 00 00 00");
	nl_batch_init(&b, 1);
	for (one = 0; one < NL_BATCH_MAX + 1; one++)
		nl_addr_add(&b, GN_AF_INET6, 2, a6, NULL, 64, 0);
	check(__LINE__, "netlink: a batch over its limit is marked broken", b.broken, "");
}

/* ---- netlink replies ------------------------------------------------------- */

static size_t unhex(unsigned char *out, const char *s)
{
	size_t n = 0;
	unsigned v;

	while (sscanf(s, " %2x", &v) == 1) {
		out[n++] = (unsigned char)v;
		s += strspn(s, " ");
		s += 2;
	}
	return n;
}

/* A batch of two requests, seq 5 and 6, on port 0x1234. */
static int reply(const char *bytes, struct nl_batch *b)
{
	unsigned char buf[512];
	size_t n = unhex(buf, bytes);

	nl_batch_init(b, 5);
	nl_addr_add(b, GN_AF_INET, 2, a4, NULL, 30, 0);
	nl_addr_add(b, GN_AF_INET, 2, a4, NULL, 30, 0);
	return nl_reply_parse(b, buf, n, 0x1234);
}

#define ACK6 "24 00 00 00 02 00 00 01 06 00 00 00 34 12 00 00 00 00 00 00 " \
	     "28 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00"
#define EEXIST5 "24 00 00 00 02 00 00 01 05 00 00 00 34 12 00 00 ef ff ff ff " \
		"28 00 00 00 14 00 01 06 05 00 00 00 34 12 00 00"

static void test_nl_replies(void)
{
	struct nl_batch b;

	check(__LINE__, "reply: ACK of the last request ends the batch",
	      reply(ACK6, &b) == 1 && b.err[0] == 0 && b.err[1] == 0, "");
	check(__LINE__, "reply: an error for an earlier request is kept, more are due",
	      reply(EEXIST5, &b) == 0 && b.err[0] == EEXIST, "");
	check(__LINE__, "reply: an error and the ACK in one datagram",
	      reply(EEXIST5 " " ACK6, &b) == 1 && b.err[0] == EEXIST && b.err[1] == 0, "");
	check(__LINE__, "reply: another port's message is skipped", reply(
	      "24 00 00 00 02 00 00 01 06 00 00 00 35 12 00 00 ef ff ff ff "
	      "28 00 00 00 14 00 05 06 06 00 00 00 35 12 00 00", &b) == 0 && b.err[1] == 0, "");
	check(__LINE__, "reply: a stray sequence number is skipped", reply(
	      "24 00 00 00 02 00 00 01 07 00 00 00 34 12 00 00 ef ff ff ff "
	      "28 00 00 00 14 00 05 06 07 00 00 00 34 12 00 00", &b) == 0, "");
	check(__LINE__, "reply: a sequence number below the batch is skipped", reply(
	      "24 00 00 00 02 00 00 01 04 00 00 00 34 12 00 00 ef ff ff ff "
	      "28 00 00 00 14 00 05 06 04 00 00 00 34 12 00 00", &b) == 0, "");
	check(__LINE__, "reply: other message types are skipped", reply(
	      "14 00 00 00 03 00 02 00 06 00 00 00 34 12 00 00 00 00 00 00", &b) == 0, "");
	check(__LINE__, "reply: shorter than a header", reply("24 00 00", &b) == -EBADMSG, "");
	check(__LINE__, "reply: length past the datagram", reply(
	      "25 00 00 00 02 00 00 01 06 00 00 00 34 12 00 00 00 00 00 00 "
	      "28 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00", &b) == -EBADMSG, "");
	check(__LINE__, "reply: length below a header", reply(
	      "0f 00 00 00 02 00 00 01 06 00 00 00 34 12 00 00", &b) == -EBADMSG, "");
	check(__LINE__, "reply: error without its payload", reply(
	      "14 00 00 00 02 00 00 01 06 00 00 00 34 12 00 00 00 00 00 00", &b) == -EBADMSG, "");
	check(__LINE__, "reply: a positive error is malformed", reply(
	      "24 00 00 00 02 00 00 01 06 00 00 00 34 12 00 00 11 00 00 00 "
	      "28 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00", &b) == -EBADMSG, "");
	check(__LINE__, "reply: INT_MIN error is malformed", reply(
	      "24 00 00 00 02 00 00 01 06 00 00 00 34 12 00 00 00 00 00 80 "
	      "28 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00", &b) == -EBADMSG, "");
	check(__LINE__, "reply: trailing bytes after the last message", reply(
	      ACK6 " 00 00", &b) == -EBADMSG, "");
	/* capped error with extended ACK: NLMSGERR_ATTR_MSG "Nexthop has invalid gateway" */
	check(__LINE__, "reply: extended ACK text (capped)", reply(
	      "44 00 00 00 02 00 00 03 06 00 00 00 34 12 00 00 ea ff ff ff "
	      "28 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00 "
	      "20 00 01 00 4e 65 78 74 68 6f 70 20 68 61 73 20 69 6e 76 61 6c 69 64 20 67 61 "
	      "74 65 77 61 79 00", &b) == 1 && b.err[1] == EINVAL &&
	      !strcmp(b.ext[1], "Nexthop has invalid gateway"), b.ext[1]);
	/* not capped: the whole 40-byte request is echoed before the TLVs */
	check(__LINE__, "reply: extended ACK text after the echoed request", reply(
	      "44 00 00 00 02 00 00 02 06 00 00 00 34 12 00 00 ef ff ff ff "
	      "28 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00 "
	      "02 1e 00 00 02 00 00 00 08 00 02 00 c0 00 02 02 08 00 01 00 c0 00 02 02 "
	      "08 00 01 00 61 62 63 00", &b) == 1 && b.err[1] == EEXIST && !strcmp(b.ext[1], "abc"),
	      b.ext[1]);
	check(__LINE__, "reply: extended ACK text without its NUL", reply(
	      "2c 00 00 00 02 00 00 03 06 00 00 00 34 12 00 00 ea ff ff ff "
	      "28 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00 07 00 01 00 61 62 63 00",
	      &b) == -EBADMSG, "");
	check(__LINE__, "reply: extended ACK attribute past the message", reply(
	      "2c 00 00 00 02 00 00 03 06 00 00 00 34 12 00 00 ea ff ff ff "
	      "28 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00 09 00 01 00 61 62 63 00",
	      &b) == -EBADMSG, "");
	check(__LINE__, "reply: echoed request longer than the reply", reply(
	      "2c 00 00 00 02 00 00 02 06 00 00 00 34 12 00 00 ea ff ff ff "
	      "ff 00 00 00 14 00 05 06 06 00 00 00 34 12 00 00 08 00 01 00 61 62 63 00",
	      &b) == -EBADMSG, "");
}

/* ---- netlink for re-runs: deletes, dumps and what they say ------------------- */

/* A request not sealed: a dump request goes out as it is built. */
static void golden_unsealed(int line, const char *name, struct nl_batch *b, const char *want)
{
	char got[2048];

	hex(got, b->u.bytes, b->len);
	check(line, name, !b->broken && !strcmp(got, want), got);
}

#define A6 "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
#define G6 "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"

static void test_nl_golden_converge(void)
{
	struct nl_batch b;

	/* as `ip -4 addr del 192.0.2.2/30 dev eth0` sends it (captured with
	 * strace -e write=3; ACK asked as the batch's last request) */
	nl_batch_init(&b, 1);
	nl_addr_del(&b, GN_AF_INET, 2, a4, NULL, 30);
	golden(__LINE__, "netlink: remove IPv4 address (iproute2's bytes)", &b,
	       "28 00 00 00 15 00 05 00 01 00 00 00 00 00 00 00 "
	       "02 1e 00 00 02 00 00 00 08 00 02 00 c0 00 02 02 08 00 01 00 c0 00 02 02");
	/* `ip -6 addr del 2001:db8::2/64 dev eth0` */
	nl_batch_init(&b, 1);
	nl_addr_del(&b, GN_AF_INET6, 2, a6, NULL, 64);
	golden(__LINE__, "netlink: remove IPv6 address (iproute2's bytes)", &b,
	       "40 00 00 00 15 00 05 00 01 00 00 00 00 00 00 00 0a 40 00 00 02 00 00 00 "
	       "14 00 02 00 " A6 " 14 00 01 00 " A6);
	/* `ip route del default via 192.0.2.1 dev eth0 metric 7` (eth0 index 3):
	 * rtmsg{AF_INET, dst 0, table main, protocol 0, RT_SCOPE_NOWHERE, type 0},
	 * RTA_GATEWAY, RTA_PRIORITY, RTA_OIF */
	nl_batch_init(&b, 1);
	nl_route_del(&b, GN_AF_INET, 3, NULL, 0, g4, 7);
	golden(__LINE__, "netlink: remove IPv4 default route (iproute2's bytes)", &b,
	       "34 00 00 00 19 00 05 00 01 00 00 00 00 00 00 00 02 00 00 00 fe 00 ff 00 00 00 00 00 "
	       "08 00 05 00 c0 00 02 01 08 00 06 00 07 00 00 00 08 00 04 00 03 00 00 00");
	/* `ip -6 route del default via 2001:db8::1 dev eth0 metric 1024`, less
	 * iproute2's all-zero RTA_DST (dst_len 0 says it) */
	nl_batch_init(&b, 1);
	nl_route_del(&b, GN_AF_INET6, 3, NULL, 0, g6, 1024);
	golden(__LINE__, "netlink: remove IPv6 default route", &b,
	       "40 00 00 00 19 00 05 00 01 00 00 00 00 00 00 00 0a 00 00 00 fe 00 00 00 00 00 00 00 "
	       "14 00 05 00 " G6 " 08 00 06 00 00 04 00 00 08 00 04 00 03 00 00 00");
	/* "default dev eth0": no gateway to name */
	nl_batch_init(&b, 1);
	nl_route_del(&b, GN_AF_INET, 3, NULL, 0, NULL, 0);
	golden(__LINE__, "netlink: remove a default route without gateway", &b,
	       "2c 00 00 00 19 00 05 00 01 00 00 00 00 00 00 00 02 00 00 00 fe 00 ff 00 00 00 00 00 "
	       "08 00 06 00 00 00 00 00 08 00 04 00 03 00 00 00");
	/* `ip neigh del 192.0.2.1 dev eth0`: ndmsg{AF_INET, index 2, NUD_PERMANENT}, NDA_DST */
	nl_batch_init(&b, 1);
	nl_neigh_del(&b, GN_AF_INET, 2, g4);
	golden(__LINE__, "netlink: forget IPv4 neighbour (iproute2's bytes)", &b,
	       "24 00 00 00 1d 00 05 00 01 00 00 00 00 00 00 00 02 00 00 00 02 00 00 00 80 00 00 00 "
	       "08 00 01 00 c0 00 02 01");
	/* `ip -6 neigh del 2001:db8::1 dev eth0` */
	nl_batch_init(&b, 1);
	nl_neigh_del(&b, GN_AF_INET6, 2, g6);
	golden(__LINE__, "netlink: forget IPv6 neighbour (iproute2's bytes)", &b,
	       "30 00 00 00 1d 00 05 00 01 00 00 00 00 00 00 00 0a 00 00 00 02 00 00 00 80 00 00 00 "
	       "14 00 01 00 " G6);
	/* `ip link property add dev v0 altname eth0` (v0 index 3; captured with
	 * strace -e trace=sendmsg -xx, iproute2 6.1): RTM_NEWLINKPROP,
	 * REQUEST|ACK|EXCL|CREATE|APPEND, ifinfomsg{index 3}, IFLA_PROP_LIST
	 * with NLA_F_NESTED holding IFLA_ALT_IFNAME "eth0" */
	nl_batch_init(&b, 1);
	nl_link_altname_add(&b, 3, "eth0");
	golden(__LINE__, "netlink: add alternative name (iproute2's bytes)", &b,
	       "30 00 00 00 6c 00 05 0e 01 00 00 00 00 00 00 00 "
	       "00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 "
	       "10 00 34 80 09 00 35 00 65 74 68 30 00 00 00 00");
	/* `ip addr show`: RTM_GETADDR, REQUEST|DUMP, ifaddrmsg all zero */
	nl_batch_init(&b, 5);
	nl_dump_request(&b, RTM_GETADDR, 2);
	golden_unsealed(__LINE__, "netlink: address dump (iproute2's bytes)", &b,
			"18 00 00 00 16 00 01 03 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
	/* RTM_GETROUTE, rtmsg AF_UNSPEC: every family's routes (from the ABI) */
	nl_batch_init(&b, 6);
	nl_dump_request(&b, RTM_GETROUTE, 2);
	golden_unsealed(__LINE__, "netlink: route dump", &b,
			"1c 00 00 00 1a 00 01 03 06 00 00 00 00 00 00 00 "
			"00 00 00 00 00 00 00 00 00 00 00 00");
	/* `ip neigh show dev eth0`: ndmsg AF_UNSPEC, NDA_IFINDEX 2 */
	nl_batch_init(&b, 7);
	nl_dump_request(&b, RTM_GETNEIGH, 2);
	golden_unsealed(__LINE__, "netlink: neighbour dump (iproute2's bytes)", &b,
			"24 00 00 00 1e 00 01 03 07 00 00 00 00 00 00 00 "
			"00 00 00 00 00 00 00 00 00 00 00 00 08 00 08 00 02 00 00 00");
}

/* What a dump's callback saw. */
static struct {
	int messages;
	struct nl_addr_info addr[8];
	int fail_with; /* the callback's answer */
} seen;

static int addr_seen(void *ctx, uint16_t type, const unsigned char *p, size_t len)
{
	(void)ctx;
	if (seen.fail_with)
		return seen.fail_with;
	if (type == RTM_NEWADDR && seen.messages < 8 &&
	    nl_addr_info_parse(p, len, &seen.addr[seen.messages]))
		return -EBADMSG;
	seen.messages++;
	return 0;
}

/* *err: the dump's first error so far (0 at its start) */
static int dump(const char *bytes, uint32_t seq, int *err)
{
	unsigned char buf[2048];
	size_t n = unhex(buf, bytes);

	return nl_dump_datagram_parse(buf, n, seq, 0x183e, addr_seen, NULL, err);
}

/* From a capture of `ip addr show` in a namespace (seq 0x6b0f3688, pid 0x183e):
 * 127.0.0.1/8 on lo, 192.0.2.2/30 on eth0 (index 2), 2001:db8::2/64 nodad. */
#define NEWADDR_LO4 "4c 00 00 00 14 00 02 00 88 36 0f 6b 3e 18 00 00 02 08 80 fe 01 00 00 00 " \
	"08 00 01 00 7f 00 00 01 08 00 02 00 7f 00 00 01 07 00 03 00 6c 6f 00 00 " \
	"08 00 08 00 80 00 00 00 14 00 06 00 ff ff ff ff ff ff ff ff 87 6d 00 00 87 6d 00 00 "
#define NEWADDR_ETH4 "50 00 00 00 14 00 02 00 88 36 0f 6b 3e 18 00 00 02 1e 80 00 02 00 00 00 " \
	"08 00 01 00 c0 00 02 02 08 00 02 00 c0 00 02 02 09 00 03 00 65 74 68 30 00 00 00 00 " \
	"08 00 08 00 80 00 00 00 14 00 06 00 ff ff ff ff ff ff ff ff 88 6d 00 00 88 6d 00 00 "
#define NEWADDR_ETH6 "48 00 00 00 14 00 02 00 88 36 0f 6b 3e 18 00 00 0a 40 82 00 02 00 00 00 " \
	"14 00 01 00 " A6 " 14 00 06 00 ff ff ff ff ff ff ff ff 89 6d 00 00 89 6d 00 00 " \
	"08 00 08 00 82 00 00 00 "
#define DONE_OK "14 00 00 00 03 00 02 00 88 36 0f 6b 3e 18 00 00 00 00 00 00"
#define SEQ 0x6b0f3688

static void test_nl_dumps(void)
{
	struct nl_route_info route;
	struct nl_neigh_info neigh;
	unsigned char buf[512];
	size_t n;
	int intr = 0;

	memset(&seen, 0, sizeof seen);
	check(__LINE__, "dump: a datagram of addresses, more due", dump(NEWADDR_LO4 NEWADDR_ETH4
	      NEWADDR_ETH6, SEQ, &intr) == 0 && seen.messages == 3, "");
	check(__LINE__, "dump: IPv4 address read from IFA_LOCAL", seen.addr[1].family == GN_AF_INET &&
	      seen.addr[1].plen == 30 && seen.addr[1].index == 2 && seen.addr[1].scope == 0 &&
	      !memcmp(seen.addr[1].addr, a4, 4), "");
	check(__LINE__, "dump: lo's address, host scope", seen.addr[0].scope == RT_SCOPE_HOST &&
	      seen.addr[0].index == 1 && seen.addr[0].plen == 8, "");
	check(__LINE__, "dump: IPv6 address read from IFA_ADDRESS", seen.addr[2].family == GN_AF_INET6 &&
	      seen.addr[2].plen == 64 && !memcmp(seen.addr[2].addr, a6, 16), "");
	check(__LINE__, "dump: NLMSG_DONE in a datagram of its own ends it", dump(DONE_OK, SEQ, &intr) == 1, "");
	memset(&seen, 0, sizeof seen);
	check(__LINE__, "dump: DONE after the last message in one datagram", dump(NEWADDR_ETH6 DONE_OK,
	      SEQ, &intr) == 1 && seen.messages == 1, "");
	check(__LINE__, "dump: another request's messages are skipped", dump(NEWADDR_ETH6, SEQ + 1,
	      &intr) == 0, "");
	check(__LINE__, "dump: the kernel refuses it in NLMSG_DONE (EBUSY): its end", dump(
	      "14 00 00 00 03 00 02 00 88 36 0f 6b 3e 18 00 00 f0 ff ff ff", SEQ, &intr) == 1 &&
	      intr == -EBUSY, "");
	intr = 0;
	check(__LINE__, "dump: the kernel refuses it in NLMSG_ERROR (EBUSY): its end", dump(
	      "24 00 00 00 02 00 00 00 88 36 0f 6b 3e 18 00 00 f0 ff ff ff "
	      "18 00 00 00 16 00 01 03 88 36 0f 6b 00 00 00 00", SEQ, &intr) == 1 && intr == -EBUSY, "");
	intr = 0;
	check(__LINE__, "dump: an ACK is no dump's answer", dump(
	      "24 00 00 00 02 00 00 01 88 36 0f 6b 3e 18 00 00 00 00 00 00 "
	      "18 00 00 00 16 00 01 03 88 36 0f 6b 00 00 00 00", SEQ, &intr) == -EBADMSG, "");
	check(__LINE__, "dump: NLMSG_DONE without its int", dump(
	      "10 00 00 00 03 00 02 00 88 36 0f 6b 3e 18 00 00", SEQ, &intr) == -EBADMSG, "");
	check(__LINE__, "dump: a message longer than the datagram", dump(
	      "50 00 00 00 14 00 02 00 88 36 0f 6b 3e 18 00 00 02 1e 80 00", SEQ, &intr) == -EBADMSG, "");
	check(__LINE__, "dump: trailing bytes", dump(DONE_OK " 00 00", SEQ, &intr) == -EBADMSG, "");
	intr = 0;
	memset(&seen, 0, sizeof seen);
	check(__LINE__, "dump: NLM_F_DUMP_INTR on a message, then DONE: start again", dump(
	      "48 00 00 00 14 00 12 00 88 36 0f 6b 3e 18 00 00 0a 40 82 00 02 00 00 00 "
	      "14 00 01 00 " A6 " 14 00 06 00 ff ff ff ff ff ff ff ff 89 6d 00 00 89 6d 00 00 "
	      "08 00 08 00 82 00 00 00 " DONE_OK, SEQ, &intr) == 1 && intr == -EAGAIN &&
	      seen.messages == 0, "");
	intr = 0;
	seen.fail_with = -E2BIG;
	check(__LINE__, "dump: the callback's error is kept, the dump read on", dump(NEWADDR_ETH4,
	      SEQ, &intr) == 0 && intr == -E2BIG, "");
	seen.fail_with = 0;
	intr = 0;
	/* the parsers of one message's payload */
	check(__LINE__, "address: IFA_ADDRESS of the wrong length", dump(
	      "20 00 00 00 14 00 02 00 88 36 0f 6b 3e 18 00 00 02 1e 80 00 02 00 00 00 "
	      "07 00 01 00 c0 00 02 00", SEQ, &intr) == 0 && intr == -EBADMSG, "");
	intr = 0;
	check(__LINE__, "address: no address at all", dump(
	      "18 00 00 00 14 00 02 00 88 36 0f 6b 3e 18 00 00 02 1e 80 00 02 00 00 00", SEQ,
	      &intr) == 0 && intr == -EBADMSG, "");
	n = unhex(buf, "07 00 00 00 02 00 00 00 08 00 01 00 c0 00 02 01");
	check(__LINE__, "address: another family is not read", nl_addr_info_parse(buf, n,
	      &seen.addr[0]) == -ENOENT, "");
	/* the default route of a capture of `ip route show table main`, eth0 index 2 */
	n = unhex(buf, "02 00 00 00 fe 03 00 01 00 00 00 00 08 00 0f 00 fe 00 00 00 "
		  "08 00 05 00 c0 00 02 01 08 00 04 00 02 00 00 00");
	check(__LINE__, "route: the default route read", !nl_route_info_parse(buf, n, &route) &&
	      route.family == GN_AF_INET && route.dst_len == 0 && route.table == RT_TABLE_MAIN &&
	      route.protocol == RTPROT_BOOT && route.oif == 2 && route.has_gw &&
	      !memcmp(route.gw, g4, 4) && route.priority == 0, "");
	n = unhex(buf, "0a 00 00 00 fe 03 00 01 00 00 00 00 08 00 06 00 00 04 00 00 "
		  "08 00 04 00 02 00 00 00");
	check(__LINE__, "route: no gateway, a metric", !nl_route_info_parse(buf, n, &route) &&
	      !route.has_gw && route.priority == 1024 && route.family == GN_AF_INET6, "");
	n = unhex(buf, "02 00 00 00 fe 03 00 01 00 00 00 00 06 00 04 00 02 00 00 00");
	check(__LINE__, "route: RTA_OIF of the wrong length", nl_route_info_parse(buf, n,
	      &route) == -EBADMSG, "");
	check(__LINE__, "route: shorter than rtmsg", nl_route_info_parse(buf, 8, &route) == -EBADMSG, "");
	/* a captured neighbour of `ip neigh show dev eth0` (REACHABLE, NDA_LLADDR) */
	n = unhex(buf, "02 00 00 00 02 00 00 00 02 00 00 01 08 00 01 00 c0 00 02 01 "
		  "0a 00 02 00 02 aa bb cc dd ee 00 00 08 00 04 00 00 00 00 00");
	check(__LINE__, "neighbour: a learned entry read", !nl_neigh_info_parse(buf, n, &neigh) &&
	      neigh.family == GN_AF_INET && neigh.index == 2 && neigh.state == 2 && neigh.has_dst &&
	      !memcmp(neigh.dst, g4, 4), "");
	n = unhex(buf, "0a 00 00 00 02 00 00 00 80 00 00 01 14 00 01 00 " G6);
	check(__LINE__, "neighbour: a permanent IPv6 entry read", !nl_neigh_info_parse(buf, n,
	      &neigh) && neigh.state == NUD_PERMANENT && !memcmp(neigh.dst, g6, 16), "");
	n = unhex(buf, "02 00 00 00 02 00 00 00 02 00 00 01 08 00 01 00 c0 00 02");
	check(__LINE__, "neighbour: an attribute cut short", nl_neigh_info_parse(buf, n,
	      &neigh) == -EBADMSG, "");
}

/* ---- the env file (--env-file) ------------------------------------------------ */

static char file_msgs[1024];

static void file_record(void *ctx, unsigned line, int warning, const char *msg, const char *text,
			size_t len)
{
	size_t n = strlen(file_msgs);

	(void)ctx;
	snprintf(file_msgs + n, sizeof file_msgs - n, "%u%s: %s [%.*s]\n", line,
		 warning ? " warning" : "", msg, (int)len, text);
}

static int env_file(const char *text, const char *val[GN_NVARS], unsigned line[GN_NVARS])
{
	static char buf[512];
	size_t n = strlen(text);
	int k;

	memcpy(buf, text, n + 1);
	file_msgs[0] = '\0';
	for (k = 0; k < GN_NVARS; k++) {
		val[k] = NULL;
		line[k] = 0;
	}
	return input_file_parse(buf, n, val, line, file_record, NULL);
}

/* input_name_warning: name warns, suggesting meant (NULL: nothing). */
static void name_warns(int line, const char *name, const char *meant)
{
	char buf[INPUT_NAME_MSG_SIZE], want[INPUT_NAME_MSG_SIZE], what[96];
	const char *got = input_name_warning(buf, sizeof buf, name, strlen(name));

	snprintf(want, sizeof want, "%% is not a name guestnet reads: ignored%s%s%s",
		 meant ? " (did you mean " : "", meant ? meant : "", meant ? "?)" : "");
	snprintf(what, sizeof what, "name %s warns%s%s", name, meant ? ", meant: " : "",
		 meant ? meant : "");
	check(line, what, got && !strcmp(got, want), got ? got : "(no warning)");
}

static void name_quiet(int line, const char *name)
{
	char buf[INPUT_NAME_MSG_SIZE], what[96];
	const char *got = input_name_warning(buf, sizeof buf, name, strlen(name));

	snprintf(what, sizeof what, "name [%s] gets no warning", name);
	check(line, what, !got, got ? got : "");
}

static void test_env_file(void)
{
	const char *val[GN_NVARS];
	unsigned line[GN_NVARS];
	char nul[] = "MSB_HOSTNAME=a\0b\n";

	check(__LINE__, "env file: values, blank lines, comments", env_file(
	      "# guest B\nMSB_NET=iface=eth0,mac=02:00:00:00:00:01\n\n  # indented\n"
	      "MSB_HOSTNAME=b\n", val, line) == 0 && !strcmp(val[GN_NET],
	      "iface=eth0,mac=02:00:00:00:00:01") && line[GN_NET] == 2 &&
	      !strcmp(val[GN_HOSTNAME], "b") && line[GN_HOSTNAME] == 5 && !val[GN_IPV4], file_msgs);
	check(__LINE__, "env file: the last line without its newline", env_file(
	      "MSB_HOSTNAME=b", val, line) == 0 && !strcmp(val[GN_HOSTNAME], "b"), file_msgs);
	check(__LINE__, "env file: values taken verbatim", env_file(
	      "MSB_HOSTNAME= a b \"c\"\r\n", val, line) == 0 &&
	      !strcmp(val[GN_HOSTNAME], " a b \"c\"\r"), file_msgs);
	check(__LINE__, "env file: an empty value is there, empty", env_file(
	      "MSB_HOSTNAME=\n", val, line) == 0 && val[GN_HOSTNAME] && !*val[GN_HOSTNAME], "");
	check(__LINE__, "env file: other names ignored, MSB_* ones with a warning", env_file(
	      "PATH=/bin\nMSB_HOSTNAMEX=1\nmsb_net=x\nMSB_USER=root\n", val, line) == 0 &&
	      !strcmp(file_msgs, "2 warning: % is not a name guestnet reads: ignored (did you mean "
		      "MSB_HOSTNAME?) [MSB_HOSTNAMEX]\n3 warning: % is not a name guestnet reads: "
		      "ignored (did you mean MSB_NET?) [msb_net]\n") &&
	      !val[GN_HOSTNAME] && !val[GN_NET], file_msgs);
	check(__LINE__, "env file: a line without '=' names its number", env_file(
	      "MSB_HOSTNAME=a\nbogus line\n", val, line) == 1 &&
	      strstr(file_msgs, "2: \"%\" is not NAME=VALUE [bogus line]"), file_msgs);
	check(__LINE__, "env file: a shell's export line is no NAME=VALUE", env_file(
	      "export MSB_HOSTNAME=a\n", val, line) == 1 &&
	      strstr(file_msgs, "1: \"%\" is not NAME=VALUE [export MSB_HOSTNAME=a]"), file_msgs);
	check(__LINE__, "env file: white space before '=' is no NAME=VALUE", env_file(
	      "MSB_HOSTNAME =a\n=b\n", val, line) == 2, file_msgs);
	check(__LINE__, "env file: a name given twice", env_file(
	      "MSB_HOSTNAME=a\nMSB_HOSTNAME=b\n", val, line) == 1 &&
	      strstr(file_msgs, "2: % given more than once [MSB_HOSTNAME]"), file_msgs);
	check(__LINE__, "env file: a NUL byte", input_file_parse(nul, sizeof nul - 1, val, line,
	      file_record, NULL) == 1, "");
	check(__LINE__, "env file: a misspelt MSB_NET name warns, no problem", env_file(
	      "MSB_NET_IP4=addr=192.0.2.2/30\n", val, line) == 0 &&
	      strstr(file_msgs, "1 warning: % is not a name guestnet reads") &&
	      strstr(file_msgs, "[MSB_NET_IP4]"), file_msgs);
	name_warns(__LINE__, "MSB_NET_IP6", "MSB_NET_IPV6");
	name_warns(__LINE__, "MSB_NETWORK", NULL); /* four bytes more */
	name_warns(__LINE__, "MSB_NET_IPV", "MSB_NET_IPV4");
	name_warns(__LINE__, "MSB_NET_IP4", "MSB_NET_IPV4");
	name_warns(__LINE__, "MSB_NE", "MSB_NET");
	name_warns(__LINE__, "MSB_HOSTNAM", "MSB_HOSTNAME");
	name_warns(__LINE__, "MSB_HOSTANME", "MSB_HOSTNAME");
	name_warns(__LINE__, "msb_net", "MSB_NET");
	name_warns(__LINE__, "Msb_Host_Alias", "MSB_HOST_ALIAS");
	name_warns(__LINE__, "MSB_NET.IPV4", "MSB_NET_IPV4");
	name_warns(__LINE__, "MSB_NET-IPV6", "MSB_NET_IPV6");
	name_warns(__LINE__, "MSB_", NULL);
	name_warns(__LINE__, "MSB_FOO", NULL);
	name_warns(__LINE__, "MSB_HOME", NULL);
	name_warns(__LINE__, "MSB_NET_IPV4_EXTRA", NULL);
	name_warns(__LINE__, "msb_user", NULL); /* agentd reads MSB_USER, not this */
	name_quiet(__LINE__, "MSB_NET");
	name_quiet(__LINE__, "MSB_NET_IPV4");
	name_quiet(__LINE__, "MSB_NET_IPV6");
	name_quiet(__LINE__, "MSB_HOSTNAME");
	name_quiet(__LINE__, "MSB_HOST_ALIAS");
	name_quiet(__LINE__, "MSB_BLOCK_ROOT"); /* microsandbox agentd's twelve */
	name_quiet(__LINE__, "MSB_DIR_MOUNTS");
	name_quiet(__LINE__, "MSB_DISK_MOUNTS");
	name_quiet(__LINE__, "MSB_FILE_MOUNTS");
	name_quiet(__LINE__, "MSB_HANDOFF_INIT");
	name_quiet(__LINE__, "MSB_HANDOFF_INIT_ARGS");
	name_quiet(__LINE__, "MSB_HANDOFF_INIT_CWD");
	name_quiet(__LINE__, "MSB_HANDOFF_INIT_ENV");
	name_quiet(__LINE__, "MSB_RLIMITS");
	name_quiet(__LINE__, "MSB_SECURITY_PROFILE");
	name_quiet(__LINE__, "MSB_TMPFS");
	name_quiet(__LINE__, "MSB_USER");
	name_quiet(__LINE__, "MSB");
	name_quiet(__LINE__, "MSBNET");
	name_quiet(__LINE__, "PATH");
	name_quiet(__LINE__, "");
}

static void test_nl_links(void)
{
	struct nl_link_info l;
	struct nl_batch b;
	unsigned char buf[256];
	size_t n;

	/* `ip link show`'s RTM_GETLINK dump, but for IFLA_EXT_MASK: guestnet
	 * asks for no VF statistics (RTEXT_FILTER_SKIP_STATS, 8), not VF (1) */
	nl_batch_init(&b, 4);
	nl_dump_request(&b, RTM_GETLINK, 0);
	golden_unsealed(__LINE__, "netlink: link dump, no VF statistics", &b,
			"28 00 00 00 12 00 01 03 04 00 00 00 00 00 00 00 "
			"00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
			"08 00 1d 00 08 00 00 00");
	/* RTM_NEWLINK ifinfomsg{index 3}, IFLA_AF_SPEC{AF_INET{IFLA_INET_CONF{
	 * IPV4_DEVCONF_ARP_NOTIFY(22) = 1}}}: from the ABI (iproute2 has no
	 * command for it), sent by hand and accepted by the kernel */
	nl_batch_init(&b, 1);
	nl_link_arp_notify(&b, 3);
	golden(__LINE__, "netlink: set arp_notify", &b,
	       "34 00 00 00 10 00 05 00 01 00 00 00 00 00 00 00 "
	       "00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 "
	       "14 00 1a 00 10 00 02 00 0c 00 01 00 08 00 16 00 01 00 00 00");
	/* `ip link set eth0 up` (eth0 index 3), captured: ifi_flags and
	 * ifi_change IFF_UP, the other flags untouched */
	nl_batch_init(&b, 1);
	nl_link_up(&b, 3);
	golden(__LINE__, "netlink: link up (iproute2's bytes)", &b,
	       "20 00 00 00 10 00 05 00 01 00 00 00 00 00 00 00 "
	       "00 00 00 00 03 00 00 00 01 00 00 00 01 00 00 00");
	/* `ip link set eth0 down` (eth0 index 3), captured: ifi_change
	 * IFF_UP, ifi_flags without it */
	nl_batch_init(&b, 1);
	nl_link_down(&b, 3);
	golden(__LINE__, "netlink: link down (iproute2's bytes)", &b,
	       "20 00 00 00 10 00 05 00 01 00 00 00 00 00 00 00 "
	       "00 00 00 00 03 00 00 00 00 00 00 00 01 00 00 00");
	/* `ip link set eth0 mtu 1400`, captured */
	nl_batch_init(&b, 1);
	nl_link_mtu(&b, 3, 1400);
	golden(__LINE__, "netlink: set MTU (iproute2's bytes)", &b,
	       "28 00 00 00 10 00 05 00 01 00 00 00 00 00 00 00 "
	       "00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 08 00 04 00 78 05 00 00");
	/* iproute2's lookup of "eth0" by name, captured, but for IFLA_EXT_MASK:
	 * no VF statistics (8), not VF and no VF statistics (9) */
	nl_batch_init(&b, 2);
	nl_link_get_request(&b, "eth0");
	golden_unsealed(__LINE__, "netlink: the interface by name", &b,
			"34 00 00 00 12 00 01 00 02 00 00 00 00 00 00 00 "
			"00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
			"08 00 1d 00 08 00 00 00 09 00 03 00 65 74 68 30 00 00 00 00");
	/* an RTM_NEWLINK payload: ifinfomsg{index 3}, IFLA_IFNAME "ens3",
	 * IFLA_ADDRESS, IFLA_PERM_ADDRESS */
	n = unhex(buf, "00 00 01 00 03 00 00 00 02 10 00 00 00 00 00 00 "
		  "09 00 03 00 65 6e 73 33 00 00 00 00 0a 00 01 00 02 00 00 00 00 01 00 00 "
		  "0a 00 36 00 02 00 00 00 00 09 00 00");
	check(__LINE__, "link: name, address, permanent address", !nl_link_info_parse(buf, n, &l) &&
	      l.index == 3 && !strcmp(l.name, "ens3") && l.has_addr && l.addr[5] == 1 &&
	      l.has_perm && l.perm[5] == 9, l.name);
	/* a 4-byte address (a tunnel's) is no Ethernet address */
	n = unhex(buf, "00 00 00 03 01 00 00 00 49 00 01 00 00 00 00 00 "
		  "07 00 03 00 6c 6f 00 00 08 00 01 00 c0 00 02 01");
	check(__LINE__, "link: a 4-byte address is none", !nl_link_info_parse(buf, n, &l) &&
	      !strcmp(l.name, "lo") && !l.has_addr && !l.has_perm, "");
	n = unhex(buf, "00 00 01 00 03 00 00 00 02 10 00 00 00 00 00 00 "
		  "08 00 03 00 65 6e 73 33");
	check(__LINE__, "link: a name without its NUL", nl_link_info_parse(buf, n, &l) == -EBADMSG, "");
	n = unhex(buf, "00 00 01 00 03 00 00 00 02 10 00 00 00 00 00 00 "
		  "15 00 03 00 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 00 00 00 00");
	check(__LINE__, "link: a name longer than 15 bytes", nl_link_info_parse(buf, n, &l) == -EBADMSG,
	      "");
	n = unhex(buf, "00 00 01 00 03 00 00 00 02 10 00 00 00 00 00 00");
	check(__LINE__, "link: no name", nl_link_info_parse(buf, n, &l) == -EBADMSG, "");
}

/* ---- a state snapshot: filtered dumps, read to their end, more fields ------ */

/* A captured dump of `ip address show dev v0` (v0 index 3; seq 0x6b14cc77,
 * pid 0x7d3; strict checking, so NLM_F_DUMP_FILTERED): 192.0.2.2/24,
 * 192.0.2.5 peer 192.0.2.9/32, 2001:db8::2/64 nodad, then NLMSG_DONE in the
 * same datagram (Linux 6.x sends it with the last message). */
#define CAP_ADDR_SEQ 0x6b14cc77
#define CAP_ADDR4 "4c 00 00 00 14 00 22 00 77 cc 14 6b d3 07 00 00 02 18 80 00 03 00 00 00 " \
	"08 00 01 00 c0 00 02 02 08 00 02 00 c0 00 02 02 07 00 03 00 76 30 00 00 " \
	"08 00 08 00 80 00 00 00 14 00 06 00 ff ff ff ff ff ff ff ff e9 e9 00 00 e9 e9 00 00 "
#define CAP_ADDR_PEER "4c 00 00 00 14 00 22 00 77 cc 14 6b d3 07 00 00 02 20 80 00 03 00 00 00 " \
	"08 00 01 00 c0 00 02 09 08 00 02 00 c0 00 02 05 07 00 03 00 76 30 00 00 " \
	"08 00 08 00 80 00 00 00 14 00 06 00 ff ff ff ff ff ff ff ff dc 7c 01 00 dc 7c 01 00 "
#define CAP_ADDR6 "48 00 00 00 14 00 22 00 77 cc 14 6b d3 07 00 00 0a 40 82 00 03 00 00 00 " \
	"14 00 01 00 " A6 " 14 00 06 00 ff ff ff ff ff ff ff ff ea e9 00 00 ea e9 00 00 " \
	"08 00 08 00 82 00 00 00 "
#define CAP_ADDR_DONE "14 00 00 00 03 00 22 00 77 cc 14 6b d3 07 00 00 00 00 00 00"

static int cap_dump(const char *bytes, int *err)
{
	unsigned char buf[2048];
	size_t n = unhex(buf, bytes);

	return nl_dump_datagram_parse(buf, n, CAP_ADDR_SEQ, 0x7d3, addr_seen, NULL, err);
}

static void test_nl_state_requests(void)
{
	struct nl_batch b;

	/* `ip route show table main dev v0` (v0 index 3), captured: rtmsg
	 * all zero but the family, RTA_TABLE main, RTA_OIF */
	nl_batch_init(&b, 0x6b14caf7);
	nl_route_dump_request(&b, GN_AF_INET, 3);
	golden_unsealed(__LINE__, "netlink: IPv4 main-table route dump of one interface (iproute2's)",
			&b, "2c 00 00 00 1a 00 01 03 f7 ca 14 6b 00 00 00 00 02 00 00 00 00 00 00 00 "
			"00 00 00 00 08 00 0f 00 fe 00 00 00 08 00 04 00 03 00 00 00");
	/* `ip -6 route show table main dev v0`, captured */
	nl_batch_init(&b, 0x6b14caf7);
	nl_route_dump_request(&b, GN_AF_INET6, 3);
	golden_unsealed(__LINE__, "netlink: IPv6 main-table route dump of one interface (iproute2's)",
			&b, "2c 00 00 00 1a 00 01 03 f7 ca 14 6b 00 00 00 00 0a 00 00 00 00 00 00 00 "
			"00 00 00 00 08 00 0f 00 fe 00 00 00 08 00 04 00 03 00 00 00");
	/* both families in one dump: rtm_family AF_UNSPEC (the kernel's
	 * rtnl_dump_all() hands the request to each family's dump) */
	nl_batch_init(&b, 2);
	nl_route_dump_request(&b, 0, 3);
	golden_unsealed(__LINE__, "netlink: main-table route dump of one interface, every family",
			&b, "2c 00 00 00 1a 00 01 03 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
			"00 00 00 00 08 00 0f 00 fe 00 00 00 08 00 04 00 03 00 00 00");
	/* `ip address show dev v0`, captured: ifaddrmsg{AF_UNSPEC, index 3} */
	nl_batch_init(&b, 0x6b14cb56);
	nl_addr_dump_request(&b, 0, 3);
	golden_unsealed(__LINE__, "netlink: address dump of one interface (iproute2's)", &b,
			"18 00 00 00 16 00 01 03 56 cb 14 6b 00 00 00 00 00 00 00 00 03 00 00 00");
	nl_batch_init(&b, 5);
	nl_addr_dump_request(&b, 0, 0);
	golden_unsealed(__LINE__, "netlink: address dump of every interface (iproute2's)", &b,
			"18 00 00 00 16 00 01 03 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
}

static void test_nl_state_dumps(void)
{
	int err = 0;

	memset(&seen, 0, sizeof seen);
	check(__LINE__, "dump: a captured address dump and its DONE in one datagram", cap_dump(
	      CAP_ADDR4 CAP_ADDR_PEER CAP_ADDR6 CAP_ADDR_DONE, &err) == 1 && err == 0 &&
	      seen.messages == 3, "");
	check(__LINE__, "address: flags from IFA_FLAGS (permanent), no peer", seen.addr[0].flags ==
	      IFA_F_PERMANENT && !seen.addr[0].has_peer && seen.addr[0].plen == 24 &&
	      seen.addr[0].addr[3] == 2, "");
	check(__LINE__, "address: the peer (IFA_ADDRESS) apart from IFA_LOCAL", seen.addr[1].has_peer &&
	      seen.addr[1].addr[3] == 5 && seen.addr[1].peer[3] == 9 && seen.addr[1].plen == 32, "");
	check(__LINE__, "address: IPv6 nodad and permanent, IFA_ADDRESS alone", !seen.addr[2].has_peer &&
	      seen.addr[2].flags == (IFA_F_PERMANENT | IFA_F_NODAD) && !memcmp(seen.addr[2].addr, a6, 16),
	      "");
	/* the callback fails on the first message: the rest is read, not handed on */
	memset(&seen, 0, sizeof seen);
	seen.fail_with = -E2BIG;
	err = 0;
	check(__LINE__, "dump: after the callback's error, read to DONE, nothing handed on", cap_dump(
	      CAP_ADDR4 CAP_ADDR_PEER CAP_ADDR6 CAP_ADDR_DONE, &err) == 1 && err == -E2BIG &&
	      seen.messages == 0, "");
	seen.fail_with = 0;
	check(__LINE__, "dump: the first error kept over the kernel's later one", cap_dump(
	      "14 00 00 00 03 00 22 00 77 cc 14 6b d3 07 00 00 f0 ff ff ff", &err) == 1 &&
	      err == -E2BIG, "");
	/* split over datagrams: the error in the first, DONE in the second */
	err = 0;
	seen.fail_with = -E2BIG;
	check(__LINE__, "dump: an error in one datagram, more due", cap_dump(CAP_ADDR4, &err) == 0 &&
	      err == -E2BIG, "");
	seen.fail_with = 0;
	check(__LINE__, "dump: the next datagram's messages not handed on", cap_dump(CAP_ADDR6
	      CAP_ADDR_DONE, &err) == 1 && err == -E2BIG && seen.messages == 0, "");
	err = 0;
	check(__LINE__, "dump: NLM_F_DUMP_INTR on NLMSG_DONE alone: start again", cap_dump(
	      "14 00 00 00 03 00 32 00 77 cc 14 6b d3 07 00 00 00 00 00 00", &err) == 1 &&
	      err == -EAGAIN, "");
}

static void test_nl_state_parse(void)
{
	struct nl_route_info r;
	struct nl_link_info l;
	unsigned char buf[512];
	size_t n;

	/* an IPv6 route added with `expires 300`, dumped (payload: rtmsg,
	 * RTA_TABLE, RTA_DST 2001:db8:5::/64, RTA_PRIORITY 1024, RTA_OIF 2,
	 * RTA_CACHEINFO with rta_expires 29758 ticks) */
	n = unhex(buf, "0a 40 00 00 fe 02 00 01 00 00 00 00 08 00 0f 00 fe 00 00 00 "
		  "14 00 01 00 20 01 0d b8 00 05 00 00 00 00 00 00 00 00 00 00 "
		  "08 00 06 00 00 04 00 00 08 00 04 00 02 00 00 00 24 00 0c 00 "
		  "00 00 00 00 00 00 00 00 3e 74 00 00 00 00 00 00 00 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00");
	check(__LINE__, "route: a lifetime (RTA_CACHEINFO) says it expires",
	      !nl_route_info_parse(buf, n, &r) && r.expires && r.priority == 1024 &&
	      r.protocol == RTPROT_KERNEL && r.oif == 2 && r.dst[5] == 5, "");
	n = unhex(buf, "0a 40 00 00 fe 02 00 01 00 00 00 00 08 00 0f 00 fe 00 00 00 "
		  "08 00 0c 00 00 00 00 00");
	check(__LINE__, "route: RTA_CACHEINFO of the wrong length", nl_route_info_parse(buf, n, &r) ==
	      -EBADMSG, "");
	/* `ip route show table main dev v0`'s dump, captured (payloads):
	 * 198.51.100.0/24 via 192.0.2.1, then 192.0.2.0/24 proto kernel scope
	 * link src 192.0.2.2 */
	n = unhex(buf, "02 18 00 00 fe 03 00 01 10 00 00 00 08 00 0f 00 fe 00 00 00 "
		  "08 00 01 00 c6 33 64 00 08 00 05 00 c0 00 02 01 08 00 04 00 03 00 00 00");
	check(__LINE__, "route: a prefix's destination, type and scope", !nl_route_info_parse(buf, n,
	      &r) && !r.expires && r.dst_len == 24 && r.dst[0] == 198 && r.dst[1] == 51 && r.dst[2] == 100 &&
	      r.type == RTN_UNICAST && r.scope == RT_SCOPE_UNIVERSE && r.has_gw && r.oif == 3 &&
	      r.table == RT_TABLE_MAIN, "");
	n = unhex(buf, "02 18 00 00 fe 02 fd 01 10 00 00 00 08 00 0f 00 fe 00 00 00 "
		  "08 00 01 00 c0 00 02 00 08 00 07 00 c0 00 02 02 08 00 04 00 03 00 00 00");
	check(__LINE__, "route: the kernel's prefix route, scope link", !nl_route_info_parse(buf, n,
	      &r) && r.scope == RT_SCOPE_LINK && r.protocol == 2 && !r.has_gw && r.dst[3] == 0 &&
	      r.dst[2] == 2, "");
	n = unhex(buf, "02 18 00 00 fe 02 fd 01 10 00 00 00 07 00 01 00 c0 00 02 00");
	check(__LINE__, "route: RTA_DST of the wrong length", nl_route_info_parse(buf, n, &r) ==
	      -EBADMSG, "");
	/* `ip link show dev v0`'s RTM_NEWLINK, captured, with the attributes
	 * read kept (name, MTU 1400, IFLA_MIN_MTU 68, IFLA_MAX_MTU 65535,
	 * address, IFLA_PROP_LIST of altnames up0, up1, a 30-byte one, up2) */
	n = unhex(buf, "00 00 01 00 03 00 00 00 03 10 00 00 00 00 00 00 "
		  "07 00 03 00 76 30 00 00 08 00 04 00 78 05 00 00 08 00 32 00 44 00 00 00 "
		  "08 00 33 00 ff ff 00 00 0a 00 01 00 16 53 52 cc ff 79 00 00 "
		  "40 00 34 80 08 00 35 00 75 70 30 00 08 00 35 00 75 70 31 00 23 00 35 00 "
		  "61 2d 72 61 74 68 65 72 2d 6c 6f 6e 67 2d 61 6c 74 65 72 6e 61 74 69 76 "
		  "65 2d 6e 61 6d 65 00 00 08 00 35 00 75 70 32 00");
	check(__LINE__, "link: type, MTU and its bounds", !nl_link_info_parse(buf, n, &l) &&
	      l.type == GN_ARPHRD_ETHER && l.mtu == 1400 && l.min_mtu == 68 && l.max_mtu == 65535 &&
	      !strcmp(l.name, "v0"), l.name);
	check(__LINE__, "link: short alternative names counted, the first two kept", l.altnames == 3 &&
	      !strcmp(l.altname[0], "up0") && !strcmp(l.altname[1], "up1"), l.altname[1]);
	check(__LINE__, "link: no IPv6 block, no IPv6 settings", !l.has_inet6 && !l.has_inet6_conf, "");
	/* `ip link show dev v0`'s RTM_NEWLINK (Linux 6.18), captured, with
	 * IFLA_IFNAME and IFLA_AF_SPEC{AF_INET6{IFLA_INET6_CONF}} kept: 60
	 * devconf values, accept_ra 2 (index 3), autoconf 0 (5),
	 * keep_addr_on_down 1 (42), set by sysctl before */
	n = unhex(buf, "00 00 01 00 02 00 00 00 43 10 01 00 00 00 00 00 07 00 03 00 76 30 00 00 "
		  "fc 00 1a 00 f8 00 0a 00 f4 00 02 00 00 00 00 00 40 00 00 00 dc 05 00 00 "
		  "02 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00 ff ff ff ff a0 0f 00 00 "
		  "e8 03 00 00 00 00 00 00 80 3a 09 00 80 51 01 00 03 00 00 00 58 02 00 00 "
		  "10 00 00 00 00 00 00 00 01 00 00 00 01 00 00 00 01 00 00 00 60 ea 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "01 00 00 00 00 00 00 00 00 00 00 00 10 27 00 00 e8 03 00 00 01 00 00 00 "
		  "00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 80 ee 36 00 00 00 00 00 "
		  "00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "00 00 00 00 00 04 00 00 00 00 00 00 ff ff 00 00 ff ff ff ff 01 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00");
	check(__LINE__, "link: IPv6 settings (IFLA_INET6_CONF)", !nl_link_info_parse(buf, n, &l) &&
	      l.has_inet6 && l.has_inet6_conf && l.accept_ra == 2 && l.autoconf == 0 &&
	      l.keep_addr_on_down == 1, "");
	/* from the ABI: an older kernel's array of 42 values (no
	 * keep_addr_on_down: 0), then one of 5 (too short: not read) */
	n = unhex(buf, "00 00 01 00 02 00 00 00 43 10 01 00 00 00 00 00 07 00 03 00 76 30 00 00 "
		  "b4 00 1a 00 b0 00 0a 00 ac 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "00 00 00 00 00 00 00 00 00 00 00 00");
	check(__LINE__, "link: 42 IPv6 settings: no keep_addr_on_down", !nl_link_info_parse(buf, n,
	      &l) && l.has_inet6_conf && l.accept_ra == 1 && l.autoconf == 1 &&
	      l.keep_addr_on_down == 0, "");
	n = unhex(buf, "00 00 01 00 02 00 00 00 43 10 01 00 00 00 00 00 07 00 03 00 76 30 00 00 "
		  "24 00 1a 00 20 00 0a 00 18 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		  "01 00 00 00 00 00 00 00 04 00 01 00");
	check(__LINE__, "link: 5 IPv6 settings: too few to read", !nl_link_info_parse(buf, n, &l) &&
	      l.has_inet6 && !l.has_inet6_conf, "");
	/* lo, from the ABI: ifi_type ARPHRD_LOOPBACK (772), MTU 65536, no bounds */
	n = unhex(buf, "00 00 04 03 01 00 00 00 49 00 01 00 00 00 00 00 "
		  "07 00 03 00 6c 6f 00 00 08 00 04 00 00 00 01 00");
	check(__LINE__, "link: lo, no MTU bounds, no alternative names", !nl_link_info_parse(buf, n,
	      &l) && l.type == GN_ARPHRD_LOOPBACK && l.min_mtu == 0 && l.max_mtu == 0 &&
	      l.altnames == 0 && l.mtu == 65536, "");
	n = unhex(buf, "00 00 01 00 03 00 00 00 03 10 00 00 00 00 00 00 "
		  "07 00 03 00 76 30 00 00 0c 00 34 80 08 00 35 00 75 70 30 31");
	check(__LINE__, "link: an alternative name without its NUL", nl_link_info_parse(buf, n, &l) ==
	      -EBADMSG, "");
	n = unhex(buf, "00 00 01 00 03 00 00 00 03 10 00 00 00 00 00 00 "
		  "07 00 03 00 76 30 00 00 0c 00 34 80 09 00 35 00 75 70 30 00");
	check(__LINE__, "link: a nested attribute past its nest", nl_link_info_parse(buf, n, &l) ==
	      -EBADMSG, "");
}

/* ---- kernel command line and options --------------------------------------- */

static void cmdline_case(int line, const char *text, int var, const char *want)
{
	const char *val[GN_NVARS] = { NULL };
	char buf[512], name[600];

	snprintf(buf, sizeof buf, "%s", text);
	input_cmdline_split(buf, val, NULL, NULL, NULL);
	snprintf(name, sizeof name, "cmdline [%s] gives %s", text, want ? want : "nothing");
	name[strcspn(name, "\n")] = '\0';
	check(line, name, want ? val[var] && !strcmp(val[var], want) : !val[var],
	      val[var] ? val[var] : "(absent)");
}
#define CMD(text, var, want) cmdline_case(__LINE__, text, var, want)

static void test_cmdline(void)
{
	CMD("console=ttyS0 MSB_NET=iface=eth0,mac=02:00:00:00:00:01 quiet", GN_NET,
	    "iface=eth0,mac=02:00:00:00:00:01");
	CMD("MSB_HOSTNAME=a\n", GN_HOSTNAME, "a");
	CMD("  MSB_HOSTNAME=a  ", GN_HOSTNAME, "a");
	CMD("MSB_HOSTNAME=\"a\"", GN_HOSTNAME, "a");
	CMD("\"MSB_HOSTNAME=a\"", GN_HOSTNAME, "a");
	CMD("x=\"1 2\" MSB_HOSTNAME=a", GN_HOSTNAME, "a");
	CMD("MSB_HOSTNAME=a MSB_HOSTNAME=b", GN_HOSTNAME, "b");
	CMD("-- MSB_HOSTNAME=a", GN_HOSTNAME, NULL);
	CMD("MSB_HOSTNAME=a -- MSB_HOSTNAME=b", GN_HOSTNAME, "a");
	CMD("XMSB_HOSTNAME=a MSB_HOSTNAME_X=b msb_hostname=c", GN_HOSTNAME, NULL);
	CMD("MSB_HOSTNAME", GN_HOSTNAME, NULL);
	CMD("MSB_HOSTNAME=", GN_HOSTNAME, "");
	CMD("MSB_HOST_ALIAS=h.internal MSB_NET_IPV6=addr=2001:db8::2/64,gw=fe80::1", GN_IPV6,
	    "addr=2001:db8::2/64,gw=fe80::1");
	CMD("MSB_HOST_ALIAS=h.internal", GN_ALIAS, "h.internal");
	CMD("", GN_NET, NULL);
}

/* The exit status main() takes from args_parse(), or -1 when the run goes on. */
static int args(const char *a0, const char *a1, const char *a2, struct options *r, const char **root)
{
	char *argv[] = { (char *)"guestnet", (char *)a0, (char *)a1, (char *)a2, NULL };
	int argc = 1 + !!a0 + (a0 && a1) + (a0 && a1 && a2);
	int err;

	memset(r, 0, sizeof *r);
	r->root = "";
	err = args_parse(r, argc, argv);
	*root = r->root;
	if (err)
		return STATUS_USAGE;
	return r->info ? STATUS_DONE : -1;
}

static void test_options(void)
{
	struct options r;
	const char *root;

	check(__LINE__, "options: none", args(NULL, NULL, NULL, &r, &root) == -1, "");
	check(__LINE__, "options: -n -v", args("-n", "-v", NULL, &r, &root) == -1 && r.dry && r.verbose, "");
	check(__LINE__, "options: -nv", args("-nv", NULL, NULL, &r, &root) == -1 && r.dry && r.verbose, "");
	check(__LINE__, "options: --dry-run --verbose", args("--dry-run", "--verbose", NULL, &r,
	      &root) == -1 && r.dry && r.verbose, "");
	check(__LINE__, "options: --root DIR", args("--root", "/x", NULL, &r, &root) == -1 &&
	      !strcmp(root, "/x"), "");
	check(__LINE__, "options: --root=DIR", args("--root=/y", NULL, NULL, &r, &root) == -1 &&
	      !strcmp(root, "/y"), "");
	check(__LINE__, "options: -rDIR", args("-r/z", NULL, NULL, &r, &root) == -1 &&
	      !strcmp(root, "/z"), "");
	check(__LINE__, "options: -nr DIR", args("-nr", "/w", NULL, &r, &root) == -1 &&
	      r.dry && !strcmp(root, "/w"), "");
	check(__LINE__, "options: --root without DIR", args("--root", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: --root=''", args("--root=", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: --cmdline", args("--cmdline", NULL, NULL, &r, &root) == -1 &&
	      !strcmp(r.cmdline, "/proc/cmdline"), "");
	check(__LINE__, "options: -c", args("-c", NULL, NULL, &r, &root) == -1 &&
	      !strcmp(r.cmdline, "/proc/cmdline"), "");
	check(__LINE__, "options: --cmdline=FILE", args("--cmdline=/f", NULL, NULL, &r, &root) == -1 &&
	      !strcmp(r.cmdline, "/f"), "");
	check(__LINE__, "options: -cFILE", args("-c/g", NULL, NULL, &r, &root) == -1 &&
	      !strcmp(r.cmdline, "/g"), "");
	check(__LINE__, "options: --cmdline FILE leaves FILE an argument",
	      args("--cmdline", "/f", NULL, &r, &root) == 2, "");
	check(__LINE__, "options: --wait 5", args("--wait", "5", NULL, &r, &root) == -1 && r.wait == 5, "");
	check(__LINE__, "options: -w3600", args("-w3600", NULL, NULL, &r, &root) == -1 && r.wait == 3600, "");
	check(__LINE__, "options: --wait=0", args("--wait=0", NULL, NULL, &r, &root) == -1 && !r.wait, "");
	check(__LINE__, "options: --wait 3601", args("--wait", "3601", NULL, &r, &root) == 2, "");
	check(__LINE__, "options: --wait -1", args("--wait", "-1", NULL, &r, &root) == 2, "");
	check(__LINE__, "options: --wait 1.5", args("--wait", "1.5", NULL, &r, &root) == 2, "");
	check(__LINE__, "options: --wait x", args("--wait=x", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: -w without value", args("-w", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: unknown long", args("--frobnicate", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: unknown short", args("-x", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: --dry-run=yes", args("--dry-run=yes", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: a prefix of a name is unknown", args("--dry", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: an argument", args("eth0", NULL, NULL, &r, &root) == 2, "");
	check(__LINE__, "options: an argument after --", args("--", "x", NULL, &r, &root) == 2, "");
	check(__LINE__, "options: -- alone", args("--", NULL, NULL, &r, &root) == -1, "");
	check(__LINE__, "options: - alone is an argument", args("-", NULL, NULL, &r, &root) == 2, "");
}

/* ---- the root and its destinations (hosts_root_*, hosts_dest_*) ---------- */
/*
 * Every case in a temporary directory T: the root DIR is T/rN, "outside" is
 * T/out (a sentinel file in it). They run in a child process with a mount
 * namespace of its own (a user namespace too when not root), where /etc is
 * an empty tmpfs holding sentinels, so that a path escaping DIR would show
 * there and touch nothing of the machine's; read-only /etc cases bind-mount
 * DIR/etc read-only. Each case runs twice: openat2, and the component walk
 * (HOSTS_ROOT_WALK) that kernels without openat2 get.
 */
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>

static char hr_base[64];
static int hr_flags; /* HOSTS_ROOT_WALK or 0 */
static int hr_n;

static const char *hr_path(const char *fmt, const char *a)
{
	static char buf[4][1024];
	static unsigned i;
	char *p = buf[i++ % 4];

	snprintf(p, sizeof buf[0], fmt, hr_base, a ? a : "");
	return p;
}

static void hr_name(char *out, size_t size, const char *what)
{
	snprintf(out, size, "root %s: %s", hr_flags ? "walk" : "openat2", what);
}
#define HR_CHECK(what, ok, why)                              \
	do {                                                 \
		char hr_n_[256];                             \
		hr_name(hr_n_, sizeof hr_n_, what);          \
		check(__LINE__, hr_n_, (ok), (why));         \
	} while (0)

static void hr_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static const char *hr_get(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (!f)
		return "(none)";
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static ino_t hr_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_ino;
}

static ino_t hr_fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

/* A fresh DIR, T/rN, into root (its text). */
static const char *hr_dir(char *root, size_t size)
{
	snprintf(root, size, "%s/r%d", hr_base, ++hr_n);
	mkdir(root, 0755);
	return root;
}

static int hr_mkdir(const char *root, const char *sub)
{
	char p[1024];

	snprintf(p, sizeof p, "%s/%s", root, sub);
	return mkdir(p, 0755);
}

static int hr_ln(const char *target, const char *root, const char *sub)
{
	char p[1024];

	snprintf(p, sizeof p, "%s/%s", root, sub);
	return symlink(target, p);
}

static const char *hr_at(const char *root, const char *sub)
{
	static char buf[4][1024];
	static unsigned i;
	char *p = buf[i++ % 4];

	snprintf(p, sizeof buf[0], "%s/%s", root, sub);
	return p;
}

/* Nothing changed outside: T/out and the namespace's /etc as set up. */
static int hr_outside_intact(void)
{
	struct stat st;

	return strcmp(hr_get(hr_path("%s/out/victim.conf", NULL)), "victim\n") == 0 &&
	       strcmp(hr_get("/etc/resolv.conf"), "sentinel\n") == 0 &&
	       stat("/etc/x", &st) != 0 && stat("/etc/hosts", &st) != 0 &&
	       stat(hr_path("%s/out/hosts", NULL), &st) != 0 &&
	       stat(hr_path("%s/out/resolv.conf", NULL), &st) != 0;
}

/* Open DIR, write NAME as "new\n" (stage, commit). Returns the error,
 * with *op; d is left for the caller to look at (closed). */
static int hr_write(const char *dir, const char *name, struct hosts_dest *d,
		    const char **op)
{
	struct hosts_root root;
	int err;

	err = hosts_root_open(&root, dir, hr_flags, op);
	if (err)
		return err;
	err = hosts_dest_init(&root, name, d);
	if (!err)
		err = hosts_dest_stage(&root, d, "new\n", 4, op);
	if (!err)
		err = hosts_dest_commit(d, op);
	hosts_dest_close(d);
	hosts_root_close(&root);
	return err;
}

/* A dry run's inspect of NAME under DIR. */
static int hr_inspect(const char *dir, const char *name, struct hosts_dest *d,
		      const char **op)
{
	struct hosts_root root;
	int err;

	err = hosts_root_open(&root, dir, hr_flags | HOSTS_ROOT_DRY_RUN, op);
	if (err)
		return err;
	err = hosts_dest_init(&root, name, d);
	if (!err)
		err = hosts_dest_inspect(&root, d, op);
	hosts_dest_close(d);
	hosts_root_close(&root);
	return err;
}

static int hr_no_temporary(const char *dir)
{
	char cmd[1200];

	snprintf(cmd, sizeof cmd, "! find '%s' -name '.*.guestnet' | grep -q .", dir);
	return system(cmd) == 0;
}

static void test_root_etc(void)
{
	struct hosts_root root;
	char dir[512];
	const char *op = "";
	struct stat st;
	int err;

	hr_dir(dir, sizeof dir);
	err = hosts_root_open(&root, dir, hr_flags | HOSTS_ROOT_DRY_RUN, &op);
	HR_CHECK("dry run, no /etc: opened, etc to be made, none made", err == 0 && root.etcfd < 0 &&
		 root.etc_access == -ENOENT && stat(hr_at(dir, "etc"), &st) != 0, op);
	if (!err)
		hosts_root_close(&root);
	err = hosts_root_open(&root, dir, hr_flags, &op);
	HR_CHECK("no /etc: made 0755", err == 0 && stat(hr_at(dir, "etc"), &st) == 0 &&
		 (st.st_mode & 07777) == 0755 && hr_fd_ino(root.etcfd) == st.st_ino, op);
	if (!err)
		hosts_root_close(&root);
	err = hosts_root_open(&root, hr_at(dir, "missing"), hr_flags, &op);
	HR_CHECK("DIR missing: ENOENT, open directory", err == -ENOENT && !strcmp(op, "open directory"), op);

	/* etc -> T/out (absolute): under DIR that is DIR/T/out, missing */
	hr_dir(dir, sizeof dir);
	hr_ln(hr_path("%s/out", NULL), dir, "etc");
	err = hosts_root_open(&root, dir, hr_flags, &op);
	HR_CHECK("etc -> /abs (missing under DIR): ENOENT, nothing outside", err == -ENOENT &&
		 hr_outside_intact(), op);
	/* the same with DIR/T/out there: it is the one opened */
	snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "%s", "");
	{
		char cmd[1200];

		snprintf(cmd, sizeof cmd, "mkdir -p '%s%s/out'", dir, hr_base);
		HR_CHECK("setup", system(cmd) == 0, cmd);
		snprintf(cmd, sizeof cmd, "%s%s/out", dir, hr_base);
		err = hosts_root_open(&root, dir, hr_flags, &op);
		HR_CHECK("etc -> /abs: resolved under DIR", err == 0 &&
			 hr_fd_ino(root.etcfd) == hr_ino(cmd), op);
		if (!err)
			hosts_root_close(&root);
	}
	/* etc -> ../../out: ".." stops at DIR */
	hr_dir(dir, sizeof dir);
	hr_ln("../../out", dir, "etc");
	hr_mkdir(dir, "out");
	err = hosts_root_open(&root, dir, hr_flags, &op);
	HR_CHECK("etc -> ../../out: DIR/out", err == 0 && hr_fd_ino(root.etcfd) == hr_ino(hr_at(dir, "out")), op);
	if (!err)
		hosts_root_close(&root);
	/* etc -> /etc: itself, a loop */
	hr_dir(dir, sizeof dir);
	hr_ln("/etc", dir, "etc");
	err = hosts_root_open(&root, dir, hr_flags, &op);
	HR_CHECK("etc -> /etc: ELOOP, not the namespace's /etc", err == -ELOOP, op);
	err = hr_write(dir, "hosts", &(struct hosts_dest){ 0 }, &op);
	HR_CHECK("etc -> /etc: nothing written outside", err == -ELOOP && hr_outside_intact(), op);
}

/* A chain of n links DIR/etc -> /l1 -> l2 -> ... -> /real. */
static void hr_chain(const char *dir, int n)
{
	char name[32];
	char target[32];
	int i;

	hr_mkdir(dir, "real");
	hr_ln("/l1", dir, "etc");
	for (i = 1; i <= n; i++) {
		snprintf(name, sizeof name, "l%d", i);
		if (i == n)
			snprintf(target, sizeof target, "/real");
		else if (i % 2)
			snprintf(target, sizeof target, "/../l%d", i + 1);
		else
			snprintf(target, sizeof target, "l%d", i + 1);
		hr_ln(target, dir, name);
	}
}

static void test_root_chain(void)
{
	struct hosts_root root;
	char dir[512];
	const char *op = "";
	int err;

	hr_dir(dir, sizeof dir);
	hr_chain(dir, 30);
	err = hosts_root_open(&root, dir, hr_flags, &op);
	HR_CHECK("etc, a chain of 31 links: DIR/real", err == 0 &&
		 hr_fd_ino(root.etcfd) == hr_ino(hr_at(dir, "real")), op);
	if (!err)
		hosts_root_close(&root);
	hr_dir(dir, sizeof dir);
	hr_chain(dir, 40);
	err = hosts_root_open(&root, dir, hr_flags, &op);
	HR_CHECK("etc, a chain of 41 links: ELOOP", err == -ELOOP, op);
}

static void test_dest_writable(void)
{
	struct hosts_dest d;
	struct stat st;
	char dir[512];
	const char *op = "";
	int err;

	hr_dir(dir, sizeof dir);
	hr_mkdir(dir, "etc");
	err = hr_write(dir, "hosts", &d, &op);
	HR_CHECK("new file: written 0644, path /etc/hosts", err == 0 && !strcmp(hr_get(hr_at(dir, "etc/hosts")), "new\n") &&
		 stat(hr_at(dir, "etc/hosts"), &st) == 0 && (st.st_mode & 0777) == 0644 &&
		 !strcmp(d.path, "/etc/hosts") && !d.via_link, op);
	hr_put(hr_at(dir, "etc/hostname"), "old\n");
	err = hr_inspect(dir, "hostname", &d, &op);
	HR_CHECK("dry run: a file", err == 0 && d.kind == HOSTS_KIND_FILE && !d.via_link, op);
	err = hr_write(dir, "hostname", &d, &op);
	HR_CHECK("a file: replaced", err == 0 && !strcmp(hr_get(hr_at(dir, "etc/hostname")), "new\n"), op);

	hr_ln("/run/gone/resolv.conf", dir, "etc/resolv.conf");
	err = hr_inspect(dir, "resolv.conf", &d, &op);
	HR_CHECK("dry run: a dangling link, to be replaced", err == 0 && d.kind == HOSTS_KIND_LINK && !d.via_link, op);
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("a dangling link: replaced by a file", err == 0 && lstat(hr_at(dir, "etc/resolv.conf"), &st) == 0 &&
		 S_ISREG(st.st_mode) && !strcmp(hr_get(hr_at(dir, "etc/resolv.conf")), "new\n"), op);

	hr_dir(dir, sizeof dir);
	hr_mkdir(dir, "etc");
	hr_mkdir(dir, "etc/hosts");
	err = hr_inspect(dir, "hosts", &d, &op);
	HR_CHECK("dry run: a directory, refused", err == -EISDIR && d.kind == HOSTS_KIND_DIR &&
		 !strcmp(op, "not a regular file"), op);
	err = hr_write(dir, "hosts", &d, &op);
	HR_CHECK("a directory: EISDIR, not a regular file, kept, no temporary", err == -EISDIR &&
		 !strcmp(op, "not a regular file") && stat(hr_at(dir, "etc/hosts"), &st) == 0 &&
		 S_ISDIR(st.st_mode) && hr_no_temporary(dir), op);
	mkfifo(hr_at(dir, "etc/resolv.conf"), 0644);
	err = hr_inspect(dir, "resolv.conf", &d, &op);
	HR_CHECK("dry run: a FIFO, to be replaced", err == 0 && d.kind == HOSTS_KIND_SPECIAL, op);
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("a FIFO: replaced by a file (never opened)", err == 0 && !strcmp(hr_get(hr_at(dir, "etc/resolv.conf")), "new\n"), op);
	HR_CHECK("nothing outside", hr_outside_intact(), "");
}

/* DIR/etc made read-only (a bind mount); 0 when done. */
static int hr_etc_readonly(const char *dir)
{
	const char *etc = hr_at(dir, "etc");

	if (mount(etc, etc, "none", MS_BIND, NULL))
		return -1;
	return mount("none", etc, "none", MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
}

/* A read-only DIR/etc with NAME -> target; 0 when set up. */
static int hr_ro_link(char *dir, size_t size, const char *target)
{
	hr_dir(dir, size);
	hr_mkdir(dir, "etc");
	hr_mkdir(dir, "run");
	hr_put(hr_at(dir, "etc/hostname"), "old\n");
	hr_ln(target, dir, "etc/resolv.conf");
	return hr_etc_readonly(dir);
}

static void test_dest_readonly(void)
{
	struct hosts_dest d;
	char dir[512];
	const char *op = "";
	int err;

	err = hr_ro_link(dir, sizeof dir, "/run/resolv.conf");
	HR_CHECK("setup: read-only etc", err == 0, strerror(errno));
	err = hr_inspect(dir, "resolv.conf", &d, &op);
	HR_CHECK("dry run: read-only etc, link into /run: its target, to be made", err == 0 && d.via_link &&
		 d.kind == HOSTS_KIND_NONE && !strcmp(d.target, "/run/resolv.conf"), op);
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("read-only etc, link into a writable /run: the target written in DIR/run", err == 0 &&
		 d.via_link && !strcmp(d.target, "/run/resolv.conf") && !strcmp(d.path, "/etc/resolv.conf") &&
		 !strcmp(hr_get(hr_at(dir, "run/resolv.conf")), "new\n"), op);
	err = hr_inspect(dir, "hostname", &d, &op);
	HR_CHECK("dry run: read-only etc, a file: EROFS", err == -EROFS && !strcmp(op, "create temporary file"), op);
	err = hr_write(dir, "hostname", &d, &op);
	HR_CHECK("read-only etc, a file: EROFS, create temporary file", err == -EROFS &&
		 !strcmp(op, "create temporary file") && !strcmp(hr_get(hr_at(dir, "etc/hostname")), "old\n"), op);
	err = hr_write(dir, "hosts", &d, &op);
	HR_CHECK("read-only etc, nothing there: EROFS", err == -EROFS && !strcmp(op, "create temporary file"), op);

	/* ../../out/victim.conf from DIR/etc: DIR/out, not T/out */
	hr_ro_link(dir, sizeof dir, "../../out/victim.conf");
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("link ../../out/victim.conf, no DIR/out: ENOENT, outside intact", err == -ENOENT &&
		 hr_outside_intact(), op);
	hr_ro_link(dir, sizeof dir, "../../out/victim.conf");
	hr_mkdir(dir, "out");
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("link ../../out/victim.conf: DIR/out/victim.conf written, outside intact", err == 0 &&
		 !strcmp(d.target, "/etc/../../out/victim.conf") &&
		 !strcmp(hr_get(hr_at(dir, "out/victim.conf")), "new\n") && hr_outside_intact(), op);

	hr_ro_link(dir, sizeof dir, "/../../../etc/x");
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("link /../../../etc/x: DIR/etc/x, read-only: EROFS; no /etc/x", err == -EROFS &&
		 hr_outside_intact(), op);

	hr_ro_link(dir, sizeof dir, "/run/resolv.conf");
	rmdir(hr_at(dir, "run"));
	hr_ln("/etc", dir, "run");
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("DIR/run -> /etc, link /run/resolv.conf: DIR/etc, EROFS; /etc/resolv.conf intact", err == -EROFS &&
		 hr_outside_intact(), op);

	hr_ro_link(dir, sizeof dir, "/run/");
	err = hr_inspect(dir, "resolv.conf", &d, &op);
	HR_CHECK("dry run: link to /run/: EISDIR", err == -EISDIR && !strcmp(op, "not a regular file"), op);
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("link to /run/: EISDIR, not a regular file", err == -EISDIR && !strcmp(op, "not a regular file"), op);
	hr_ro_link(dir, sizeof dir, "/run/d");
	hr_mkdir(dir, "run/d");
	err = hr_inspect(dir, "resolv.conf", &d, &op);
	HR_CHECK("dry run: link to a directory: EISDIR", err == -EISDIR && d.via_link && d.kind == HOSTS_KIND_DIR, op);
	err = hr_write(dir, "resolv.conf", &d, &op);
	HR_CHECK("link to a directory: EISDIR, kept, no temporary", err == -EISDIR &&
		 !strcmp(op, "not a regular file") && hr_no_temporary(dir), op);
	HR_CHECK("nothing outside", hr_outside_intact(), "");
}

/* A mount namespace of the child's own (user namespace too when needed).
 * klibc has no unshare() (nor CLONE_NEWNS): -1 with ENOSYS there, and the
 * root's cases, which must not touch the machine's /etc, do not run (said
 * on a line of its own); the other libcs' builds run them. */
#if !defined(CLONE_NEWNS) || !defined(MS_PRIVATE)
static int hr_namespace(void)
{
	errno = ENOSYS;
	return -1;
}
#else
static int hr_namespace(void)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];

	if (unshare(CLONE_NEWNS)) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS))
			return -1;
		hr_put("/proc/self/setgroups", "deny");
		snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
		hr_put("/proc/self/uid_map", map);
		snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
		hr_put("/proc/self/gid_map", map);
	}
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL)) /* the names: valgrind */
		return -1;
	if (mount("gnunit", "/etc", "tmpfs", 0, "mode=0755"))
		return -1;
	hr_put("/etc/resolv.conf", "sentinel\n");
	return 0;
}
#endif

static void test_root_cases(void)
{
	int w;

	for (w = 0; w < 2; w++) {
		hr_flags = w ? HOSTS_ROOT_WALK : 0;
		test_root_etc();
		test_root_chain();
		test_dest_writable();
		test_dest_readonly();
	}
}

/* A new directory /tmp/gnunit.PID.N into hr_base, made 0700: mkdtemp()
 * without it, as klibc has none. 0, or -1 with errno set. */
static int hr_base_make(void)
{
	unsigned n;

	for (n = 0; n < 100; n++) {
		snprintf(hr_base, sizeof hr_base, "/tmp/gnunit.%ld.%u", (long)getpid(), n);
		if (mkdir(hr_base, 0700) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

static void test_root(void)
{
	char cmd[128];
	pid_t pid;
	int status = 0;

	if (hr_base_make()) {
		check(__LINE__, "root: temporary directory", 0, strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int ns = hr_namespace();

		if (ns && errno == ENOSYS) {
			printf("unit: root: the cases not run: this libc has no unshare() "
			       "(the other libcs' builds run them)\n");
			fflush(stdout);
			_exit(0);
		}
		if (ns) {
			printf("FAIL unit:%d root: a mount namespace for the cases: %s\n", __LINE__, strerror(errno));
			fflush(stdout);
			_exit(1);
		}
		mkdir(hr_path("%s/out", NULL), 0755);
		hr_put(hr_path("%s/out/victim.conf", NULL), "victim\n");
		test_root_cases();
		fflush(stdout);
		_exit(failures != 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		failures++;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", hr_base);
	if (system(cmd))
		check(__LINE__, "root: remove the temporary directory", 0, cmd);
}

int main(void)
{
	test_env_accepts();
	test_env_list_rules();
	test_env_net_values();
	test_env_ipv4();
	test_env_ipv6();
	test_env_meaning4();
	test_env_meaning6();
	test_env_names();
	test_env_alias_length();
	test_env_many_problems();
	test_ip6_format();
	test_ip4();
	test_hosts();
	test_resolv();
	test_nl_golden();
	test_nl_replies();
	test_nl_golden_converge();
	test_nl_dumps();
	test_nl_links();
	test_nl_state_requests();
	test_nl_state_dumps();
	test_nl_state_parse();
	test_env_file();
	test_cmdline();
	test_options();
	test_root();
	return failures != 0;
}
