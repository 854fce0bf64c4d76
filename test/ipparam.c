/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/ipparam.c - the ip= family (ipparam.c) as a pure function: each case
 * a command line's parameters, the model they give written as text, and
 * every diagnostic, compared with what IP-DECISIONS.md asks for, written
 * here by hand. One case per line; the sources' examples translated to the
 * documentation ranges.
 *
 * Prints "PASS name" / "FAIL name: why" (test/CONVENTIONS.md). Built by
 * test/ipparam.sh with every product source but main.c.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>

#include "../guestnet.h"

#define TEXT_SIZE 2048

struct got {
	const struct gn_param *first; /* the case's parameters */
	unsigned count;
	int bad_param; /* diag got a parameter not of the case */
	struct text t;
};

/* "NAME: [warning: ]FIELD: MSG" with the text in place of '%', each line
 * after " | ". */
static void tp_diag(void *ctx, const struct gn_param *p, int warning,
		    const char *field, const char *msg, const char *text,
		    size_t len)
{
	struct got *g = ctx;
	const char *percent = strchr(msg, '%');

	if (p < g->first || p >= g->first + g->count || !p->source)
		g->bad_param = 1;
	if (g->t.len)
		text_add(&g->t, " | ");
	text_add(&g->t, p->name);
	text_add(&g->t, warning ? ": warning: " : ": ");
	if (field) {
		text_add(&g->t, field);
		text_add(&g->t, ": ");
	}
	if (!percent) {
		text_add(&g->t, msg);
		return;
	}
	text_add_bytes(&g->t, msg, (size_t)(percent - msg));
	text_add_bytes(&g->t, text, len);
	text_add(&g->t, percent + 1);
}

static void tp_iface_render(struct text *t, const struct gn_iface *ci)
{
	const struct gn_route *rt;
	unsigned i;

	text_add(t, ci->any_ether ? "*" : ci->name);
	if (ci->has_mac) {
		text_add(t, " mac ");
		text_add_mac(t, ci->mac);
	}
	if (ci->mtu) {
		text_add(t, " mtu ");
		text_add_decimal(t, ci->mtu);
	}
	for (i = 0; i < ci->addr_count; i++) {
		text_add(t, " ");
		text_add_prefix(t, ci->addrs[i].family, ci->addrs[i].addr,
				ci->addrs[i].plen);
		if (!ci->addrs[i].has_peer)
			continue;
		text_add(t, " peer ");
		text_add_ip(t, ci->addrs[i].family, ci->addrs[i].peer);
	}
	for (i = 0; i < ci->route_count; i++) {
		rt = &ci->routes[i];
		text_add(t, rt->dst_len ? ", " : ", default");
		if (rt->dst_len)
			text_add_prefix(t, rt->family, rt->dst, rt->dst_len);
		text_add(t, " via ");
		text_add_ip(t, rt->family, rt->gw);
		text_add(t, rt->onlink ? " onlink" : "");
	}
}

/* The model as one line: "IFACE ...; IFACE ...; dns A B; host H; rename
 * N=MAC". */
static void tp_config_render(struct text *t, const struct gn_config *c)
{
	unsigned i;

	for (i = 0; i < c->iface_count; i++) {
		text_add(t, i ? "; " : "");
		tp_iface_render(t, &c->ifaces[i]);
	}
	for (i = 0; i < c->dns_count; i++) {
		text_add(t, i ? " " : "; dns ");
		text_add_ip(t, c->dns[i].family, c->dns[i].addr);
	}
	if (c->hostname[0]) {
		text_add(t, "; host ");
		text_add(t, c->hostname);
	}
	for (i = 0; i < c->rename_count; i++) {
		text_add(t, "; rename ");
		text_add(t, c->renames[i].name);
		text_add(t, "=");
		text_add_mac(t, c->renames[i].mac);
	}
}

struct tcase {
	const char *name;
	const char *cmdline; /* NAME=VALUE, separated by one space */
	const char *model;   /* the model, when no problem */
	const char *diag;    /* every diagnostic */
};

#define IP_FC "ip=192.0.2.2::192.0.2.1:255.255.255.252:::off"
#define V6 "ip=[2001:db8::2]::[2001:db8::1]:64::eth0:off"
#define V4 "ip=192.0.2.2::192.0.2.1:24::eth0:off"
#define NS4 "nameserver=192.0.2.53 nameserver=192.0.2.54 "
#define NS8 NS4 "nameserver=192.0.2.55 nameserver=192.0.2.56 "
#define NP_MSG \
	"empty: write a prefix length (24) or a dotted mask (255.255.255.0)"
#define DYN \
	"\" is dynamic configuration, not guestnet's: this ip= is left alone"
#define HOSTMSG \
	"\" is not a host name (at most 64 bytes; labels of letters, digits, '_' and '-' joined by " \
	"single dots; no '-' or dot first or last in a label)"

static const struct tcase cases[] = {
	/* the documented examples */
	{ "nfsroot full form, dns, ntp",
	  "ip=192.0.2.2:192.0.2.10:192.0.2.1:255.255.255.0:guest:eth0:off:192.0.2.53:198.51.100.53:192.0.2.123",
	  "eth0 192.0.2.2/24 peer 192.0.2.10, default via 192.0.2.1; dns 192.0.2.53 198.51.100.53; host guest",
	  "ip: warning: ntp: 192.0.2.123 ignored: guestnet sets no NTP server" },
	{ "nfsroot short form, autoconf omitted",
	  "ip=192.0.2.2::192.0.2.1:255.255.255.0",
	  "* 192.0.2.2/24, default via 192.0.2.1", "" },
	{ "nfsroot off", "ip=off", "", "" },
	{ "nfsroot none", "ip=none", "", "" },
	{ "nfsroot empty", "ip=", "", "" },
	{ "nfsroot dhcp", "ip=dhcp", "", "ip: warning: autoconf: \"dhcp" DYN },
	{ "nfsroot bootp static",
	  "ip=192.0.2.2::192.0.2.1:255.255.255.0::eth0:bootp", "",
	  "ip: warning: autoconf: \"bootp" DYN },
	{ "dracut static none",
	  "ip=192.0.2.13::192.0.2.1:255.255.255.0:guest:eth0:none",
	  "eth0 192.0.2.13/24, default via 192.0.2.1; host guest", "" },
	{ "dracut prefix netmask",
	  "ip=192.0.2.13::192.0.2.1:24:guest:eth0:none",
	  "eth0 192.0.2.13/24, default via 192.0.2.1; host guest", "" },
	{ "dracut mtu and mac",
	  "ip=192.0.2.13::192.0.2.1:24::eth0:off:1450:52:54:00:12:34:56",
	  "eth0 mac 52:54:00:12:34:56 mtu 1450 192.0.2.13/24, default via 192.0.2.1",
	  "" },
	{ "dracut mac only",
	  "ip=192.0.2.13::192.0.2.1:24::eth0:off::52:54:00:12:34:56",
	  "eth0 mac 52:54:00:12:34:56 192.0.2.13/24, default via 192.0.2.1",
	  "" },
	{ "dracut mtu only", "ip=192.0.2.13::192.0.2.1:24::eth0:off:9000",
	  "eth0 mtu 9000 192.0.2.13/24, default via 192.0.2.1", "" },
	{ "dracut dns ipv6",
	  "ip=192.0.2.13::192.0.2.1:24::eth0:off:[2001:db8::53]:192.0.2.53",
	  "eth0 192.0.2.13/24, default via 192.0.2.1; dns 2001:db8::53 192.0.2.53",
	  "" },
	{ "dracut iface:dhcp", "ip=eth0:dhcp", "",
	  "ip: warning: autoconf: \"dhcp" DYN },
	{ "dracut iface:dhcp6 mtu", "ip=eth0:dhcp6:1500", "",
	  "ip: warning: autoconf: \"dhcp6" DYN },
	{ "dracut comma list", "ip=192.0.2.2::192.0.2.1:24::eth0:dhcp,dhcp6",
	  "", "ip: warning: autoconf: \"dhcp,dhcp6" DYN },
	{ "dracut static v6",
	  "ip=[2001:db8::2]::[2001:db8::1]:64:guest:eth0:none",
	  "eth0 2001:db8::2/64, default via 2001:db8::1; host guest", "" },
	{ "dracut rd.route", V4 " rd.route=198.51.100.0/24:192.0.2.254:eth0",
	  "eth0 192.0.2.2/24, default via 192.0.2.1, 198.51.100.0/24 via 192.0.2.254",
	  "" },
	{ "dracut rd.route v6 as documented (/8)",
	  V6 " rd.route=[2001:db8:3::/8]:[2001:db8::ff]:eth0", "",
	  "rd.route: destination: \"[2001:db8:3::/8]\" has bits set past its prefix length" },
	{ "dracut rd.route v6",
	  V6 " rd.route=[2001:db8:3::/48]:[2001:db8::ff]:eth0",
	  "eth0 2001:db8::2/64, default via 2001:db8::1, 2001:db8:3::/48 via 2001:db8::ff",
	  "" },
	{ "rd.route v6 bracket before /",
	  V6 " rd.route=[2001:db8:3::]/48:[fe80::1]:eth0",
	  "eth0 2001:db8::2/64, default via 2001:db8::1, 2001:db8:3::/48 via fe80::1",
	  "" },
	{ "dracut ifname", "ifname=lan0:52:54:00:12:34:56",
	  "; rename lan0=52:54:00:12:34:56", "" },
	{ "systemd static", "ip=192.0.2.44::192.0.2.1:255.255.255.0::eth0:off",
	  "eth0 192.0.2.44/24, default via 192.0.2.1", "" },
	{ "systemd peer",
	  "ip=192.0.2.10:192.0.2.2:192.0.2.1:255.255.255.0:guest:eth0:off",
	  "eth0 192.0.2.10/24 peer 192.0.2.2, default via 192.0.2.1; host guest",
	  "" },
	{ "systemd v6 on",
	  "ip=[2001:db8:56::10]::[2001:db8:56::1]:64:guest:eth0:on", "",
	  "ip: warning: autoconf: \"on" DYN },
	{ "systemd dns",
	  "ip=192.0.2.10::192.0.2.1:255.255.255.0:guest:eth0:off:203.0.113.10:203.0.113.11",
	  "eth0 192.0.2.10/24, default via 192.0.2.1; dns 203.0.113.10 203.0.113.11; host guest",
	  "" },
	{ "systemd mtu mac",
	  "ip=192.0.2.10::192.0.2.1:255.255.255.0:guest:eth0:off:1530:00:11:22:33:44:55",
	  "eth0 mac 00:11:22:33:44:55 mtu 1530 192.0.2.10/24, default via 192.0.2.1; host guest",
	  "" },
	{ "firecracker-go-sdk", IP_FC ":192.0.2.53:198.51.100.53:",
	  "* 192.0.2.2/30, default via 192.0.2.1; dns 192.0.2.53 198.51.100.53",
	  "" },
	{ "firecracker docs",
	  "ip=172.16.0.2::172.16.0.1:255.255.255.252::eth0:off",
	  "eth0 172.16.0.2/30, default via 172.16.0.1", "" },
	{ "firecracker no dns",
	  IP_FC ":::", "* 192.0.2.2/30, default via 192.0.2.1", "" },
	/* several ip= */
	{ "dual stack from two ip=", V4 " " V6,
	  "eth0 192.0.2.2/24 2001:db8::2/64, default via 192.0.2.1, default via 2001:db8::1",
	  "" },
	{ "dual stack, any ether",
	  IP_FC " ip=[2001:db8::2]::[2001:db8::1]:64:::off",
	  "* 192.0.2.2/30 2001:db8::2/64, default via 192.0.2.1, default via 2001:db8::1",
	  "" },
	{ "two addresses, one gateway",
	  V4 " ip=192.0.2.3::192.0.2.1:24::eth0:off",
	  "eth0 192.0.2.2/24 192.0.2.3/24, default via 192.0.2.1", "" },
	{ "two interfaces", V4 " ip=198.51.100.2:::24::eth1:off",
	  "eth0 192.0.2.2/24, default via 192.0.2.1; eth1 198.51.100.2/24",
	  "" },
	{ "no gateway, no default route", "ip=192.0.2.2:::24::eth0:off",
	  "eth0 192.0.2.2/24", "" },
	{ "/32 gateway on-link", "ip=192.0.2.2::198.51.100.1:32::eth0:off",
	  "eth0 192.0.2.2/32, default via 198.51.100.1 onlink", "" },
	{ "point-to-point peer",
	  "ip=192.0.2.2:198.51.100.1:198.51.100.1:32::eth0:off",
	  "eth0 192.0.2.2/32 peer 198.51.100.1, default via 198.51.100.1", "" },
	{ "v6 link-local gateway", "ip=[2001:db8::2]::[fe80::1]:64::eth0:off",
	  "eth0 2001:db8::2/64, default via fe80::1", "" },
	{ "hostname repeated",
	  V4
	  " ip=[2001:db8::2]::[2001:db8::1]:64:guest:eth0:off ip=198.51.100.2:::24:guest:eth1:off",
	  "eth0 192.0.2.2/24 2001:db8::2/64, default via 192.0.2.1, default via 2001:db8::1; eth1 198.51.100.2/24; host guest",
	  "" },
	{ "dynamic ip= beside a static one", V4 " ip=eth1:dhcp",
	  "eth0 192.0.2.2/24, default via 192.0.2.1",
	  "ip: warning: autoconf: \"dhcp" DYN },
	/* rd.route */
	{ "rd.route before ip=, no iface",
	  "rd.route=198.51.100.0/24:192.0.2.254 " V4,
	  "eth0 192.0.2.2/24, default via 192.0.2.1, 198.51.100.0/24 via 192.0.2.254",
	  "" },
	{ "rd.route no iface, second interface",
	  V4
	  " ip=198.51.100.2:::24::eth1:off rd.route=203.0.113.0/24:198.51.100.1",
	  "eth0 192.0.2.2/24, default via 192.0.2.1; eth1 198.51.100.2/24, 203.0.113.0/24 via 198.51.100.1",
	  "" },
	{ "rd.route trailing colon",
	  V4 " rd.route=198.51.100.0/24:192.0.2.254:",
	  "eth0 192.0.2.2/24, default via 192.0.2.1, 198.51.100.0/24 via 192.0.2.254",
	  "" },
	{ "rd.route dotted mask",
	  V4 " rd.route=198.51.100.0/255.255.255.0:192.0.2.254",
	  "eth0 192.0.2.2/24, default via 192.0.2.1, 198.51.100.0/24 via 192.0.2.254",
	  "" },
	{ "rd.route named, gateway off-prefix",
	  V4 " rd.route=198.51.100.0/24:203.0.113.1:eth0",
	  "eth0 192.0.2.2/24, default via 192.0.2.1, 198.51.100.0/24 via 203.0.113.1 onlink",
	  "" },
	{ "rd.route any-ether interface",
	  IP_FC " rd.route=198.51.100.0/24:192.0.2.1",
	  "* 192.0.2.2/30, default via 192.0.2.1, 198.51.100.0/24 via 192.0.2.1",
	  "" },
	{ "rd.route no prefix holds gateway",
	  V4 " rd.route=198.51.100.0/24:203.0.113.1", "",
	  "rd.route: gateway: 203.0.113.1 is in no prefix an ip= configures: name the interface (third field)" },
	{ "rd.route ambiguous",
	  V4
	  " ip=192.0.2.3:::24::eth1:off rd.route=198.51.100.0/24:192.0.2.254",
	  "",
	  "rd.route: gateway: 192.0.2.254 is in the prefix of more than one interface: name the interface (third field)" },
	{ "rd.route unknown iface",
	  V4 " rd.route=198.51.100.0/24:192.0.2.254:eth1", "",
	  "rd.route: interface: no ip= configures eth1" },
	{ "rd.route no ip=", "rd.route=198.51.100.0/24:192.0.2.254", "",
	  "rd.route: gateway: 192.0.2.254 is in no prefix an ip= configures: name the interface (third field)" },
	{ "rd.route twice",
	  V4
	  " rd.route=198.51.100.0/24:192.0.2.254 rd.route=198.51.100.0/24:192.0.2.253",
	  "",
	  "rd.route: destination: 198.51.100.0/24 is given twice, or past 16 routes on the interface" },
	{ "rd.route no prefix length", V4 " rd.route=198.51.100.0:192.0.2.254",
	  "",
	  "rd.route: \"198.51.100.0:192.0.2.254\" is not <net>/<plen>:<gw>[:<iface>]" },
	{ "rd.route default", V4 " rd.route=0.0.0.0/0:192.0.2.254", "",
	  "rd.route: destination: prefix length 0 out of range 1-32" },
	{ "rd.route family mix", V4 " rd.route=198.51.100.0/24:[2001:db8::1]",
	  "",
	  "rd.route: gateway: [2001:db8::1] is not of the family of the first field" },
	{ "rd.route extra field",
	  V4 " rd.route=198.51.100.0/24:192.0.2.254:eth0:x", "",
	  "rd.route: \"198.51.100.0/24:192.0.2.254:eth0:x\" is not <net>/<plen>:<gw>[:<iface>]" },
	/* nameserver= */
	{ "nameserver order, dedup",
	  "nameserver=192.0.2.53 nameserver=2001:db8::53 nameserver=192.0.2.53 nameserver=[2001:db8::54]",
	  "; dns 192.0.2.53 2001:db8::53 2001:db8::54", "" },
	{ "nameserver after ip= dns",
	  IP_FC ":192.0.2.53 nameserver=198.51.100.53 nameserver=192.0.2.53",
	  "* 192.0.2.2/30, default via 192.0.2.1; dns 192.0.2.53 198.51.100.53",
	  "" },
	{ "nameserver past three",
	  NS4 "nameserver=192.0.2.55 nameserver=192.0.2.56",
	  "; dns 192.0.2.53 192.0.2.54 192.0.2.55 192.0.2.56",
	  "nameserver: warning: 192.0.2.56 is a fourth nameserver: glibc and musl read only the first three" },
	{ "nameserver past eight",
	  NS8
	  "nameserver=192.0.2.57 nameserver=192.0.2.58 nameserver=192.0.2.59 nameserver=192.0.2.60 nameserver=192.0.2.61",
	  "",
	  "nameserver: warning: 192.0.2.56 is a fourth nameserver: glibc and musl read only the first three | nameserver: 192.0.2.61 is a ninth nameserver: 8 at most" },
	{ "nameserver bad", "nameserver=192.0.2", "",
	  "nameserver: \"192.0.2\" is not an IPv4 address or an IPv6 one in brackets" },
	{ "nameserver link-local", "nameserver=fe80::53", "",
	  "nameserver: DNS server fe80::53 is link-local, which needs a zone: give a global address" },
	{ "nameserver loopback", "nameserver=127.0.0.53", "; dns 127.0.0.53",
	  "" },
	/* ifname= */
	{ "ifname two",
	  "ifname=lan0:52:54:00:12:34:56 ifname=lan1:52:54:00:12:34:57",
	  "; rename lan0=52:54:00:12:34:56; rename lan1=52:54:00:12:34:57",
	  "" },
	{ "ifname same mac",
	  "ifname=lan0:52:54:00:12:34:56 ifname=lan1:52:54:00:12:34:56", "",
	  "ifname: \"lan1:52:54:00:12:34:56\": its name or MAC is in an earlier ifname=" },
	{ "ifname no mac", "ifname=lan0", "",
	  "ifname: \"lan0\" is not <name>:<MAC>" },
	{ "ifname bad mac", "ifname=lan0:52:54:00:12:34", "",
	  "ifname: invalid MAC address \"52:54:00:12:34\" (six two-digit hex octets joined by ':')" },
	{ "ifname multicast mac", "ifname=lan0:01:00:5e:00:00:01", "",
	  "ifname: MAC address 01:00:5e:00:00:01 is multicast" },
	{ "ifname bad name", "ifname=a/b:52:54:00:12:34:56", "",
	  "ifname: invalid interface name \"a/b\" (1-15 bytes; not . or ..; no '/', ':', white space or control bytes)" },
	/* refusals of ip= */
	{ "empty netmask", "ip=192.0.2.2::192.0.2.1:::eth0:off", "",
	  "ip: netmask: " NP_MSG },
	{ "no netmask field", "ip=192.0.2.2::192.0.2.1", "",
	  "ip: netmask: " NP_MSG },
	{ "v6 empty netmask", "ip=[2001:db8::2]::[2001:db8::1]:::eth0:off", "",
	  "ip: netmask: " NP_MSG },
	{ "non-contiguous mask",
	  "ip=192.0.2.2::192.0.2.1:255.0.255.0::eth0:off", "",
	  "ip: netmask: mask 255.0.255.0 is not 1-32 ones, then zeros" },
	{ "mask 0.0.0.0", "ip=192.0.2.2::192.0.2.1:0.0.0.0::eth0:off", "",
	  "ip: netmask: mask 0.0.0.0 is not 1-32 ones, then zeros" },
	{ "prefix 33", "ip=192.0.2.2::192.0.2.1:33::eth0:off", "",
	  "ip: netmask: prefix length 33 out of range 1-32" },
	{ "v6 prefix 129", "ip=[2001:db8::2]::[2001:db8::1]:129::eth0:off", "",
	  "ip: netmask: prefix length 129 out of range 1-128" },
	{ "v6 dotted mask",
	  "ip=[2001:db8::2]::[2001:db8::1]:255.255.255.0::eth0:off", "",
	  "ip: netmask: \"255.255.255.0\" is not a prefix length or a dotted IPv4 mask" },
	{ "bare v6 client", "ip=2001:db8::2::2001:db8::1:64::eth0:off", "",
	  "ip: client: \"2001\" is not an IPv4 address or an IPv6 one in brackets" },
	{ "iface:off", "ip=eth0:off", "",
	  "ip: client: \"eth0\" is not an IPv4 address or an IPv6 one in brackets" },
	{ "unknown word", "ip=static", "",
	  "ip: client: \"static\" is not an IPv4 address or an IPv6 one in brackets" },
	{ "unknown autoconf", "ip=192.0.2.2::192.0.2.1:24::eth0:static", "",
	  "ip: autoconf: \"static\" is neither off, none nor a dynamic method" },
	{ "client unspecified", "ip=0.0.0.0::192.0.2.1:24::eth0:off", "",
	  "ip: client: address 0.0.0.0 is unspecified" },
	{ "client multicast v6", "ip=[ff02::1]::[2001:db8::1]:64::eth0:off", "",
	  "ip: client: address [ff02::1] is multicast" },
	{ "client mapped", "ip=[::ffff:192.0.2.2]::192.0.2.1:24::eth0:off", "",
	  "ip: client: [::ffff:192.0.2.2] is IPv4-mapped: write it as IPv4, without brackets" },
	{ "client network address", "ip=192.0.2.0::192.0.2.1:24::eth0:off", "",
	  "ip: client: 192.0.2.0 is the network address of the prefix" },
	{ "client broadcast", "ip=192.0.2.255::192.0.2.1:24::eth0:off", "",
	  "ip: client: 192.0.2.255 is the broadcast address of the prefix" },
	{ "client subnet-router anycast",
	  "ip=[2001:db8::]::[2001:db8::1]:64::eth0:off", "",
	  "ip: client: [2001:db8::] is the subnet-router anycast address of the prefix" },
	{ "client /31 network address", "ip=192.0.2.0::192.0.2.1:31::eth0:off",
	  "eth0 192.0.2.0/31, default via 192.0.2.1", "" },
	{ "gateway itself", "ip=192.0.2.2::192.0.2.2:24::eth0:off", "",
	  "ip: gateway: gateway 192.0.2.2 is the address itself" },
	{ "gateway broadcast", "ip=192.0.2.2::192.0.2.255:24::eth0:off", "",
	  "ip: gateway: 192.0.2.255 is the broadcast address of the prefix" },
	{ "gateway other family", "ip=192.0.2.2::[2001:db8::1]:24::eth0:off",
	  "",
	  "ip: gateway: [2001:db8::1] is not of the family of the first field" },
	{ "gateway loopback", "ip=192.0.2.2::127.0.0.1:24::eth0:off", "",
	  "ip: gateway: gateway 127.0.0.1 is loopback" },
	{ "peer outside prefix",
	  "ip=192.0.2.2:198.51.100.10:192.0.2.1:24::eth0:off", "",
	  "ip: peer: 198.51.100.10 is outside the client's prefix: empty for a boot server, netmask 32 (128) for a point-to-point peer" },
	{ "bad hostname", "ip=192.0.2.2::192.0.2.1:24:a#b:eth0:off", "",
	  "ip: hostname: \"a#b" HOSTMSG },
	{ "hostname with a trailing dot", "ip=192.0.2.2::192.0.2.1:24:worker-01.:eth0:off", "",
	  "ip: hostname: \"worker-01." HOSTMSG },
	{ "hostname with a label ending in '-'", "ip=192.0.2.2::192.0.2.1:24:a-.b:eth0:off", "",
	  "ip: hostname: \"a-.b" HOSTMSG },
	{ "hostname with '_' (a sandbox name)", "ip=192.0.2.2::192.0.2.1:24:my_sandbox-01:eth0:off",
	  "eth0 192.0.2.2/24, default via 192.0.2.1; host my_sandbox-01", "" },
	{ "two hostnames",
	  "ip=192.0.2.2::192.0.2.1:24:one:eth0:off ip=[2001:db8::2]::[2001:db8::1]:64:two:eth0:off",
	  "", "ip: hostname: \"two\" differs from an earlier one" },
	{ "bad interface",
	  "ip=192.0.2.2::192.0.2.1:24::eth0123456789abcdef:off", "",
	  "ip: interface: invalid interface name \"eth0123456789abcdef\" (1-15 bytes; not . or ..; no '/', ':', white space or control bytes)" },
	{ "bad mtu", "ip=192.0.2.2::192.0.2.1:24::eth0:off:jumbo", "",
	  "ip: mtu: MTU \"jumbo\" is not a plain decimal number" },
	{ "mtu range", "ip=192.0.2.2::192.0.2.1:24::eth0:off:67", "",
	  "ip: mtu: MTU 67 out of range 68-65535" },
	{ "mtu below 1280 with v6",
	  "ip=192.0.2.2::192.0.2.1:24::eth0:off:1000 " V6, "",
	  "ip: mtu: 1000 is below 1280, the minimum with IPv6" },
	{ "bad mac", "ip=192.0.2.2::192.0.2.1:24::eth0:off:1500:52:54:00", "",
	  "ip: mac: invalid MAC address \"52:54:00\" (six two-digit hex octets joined by ':')" },
	{ "bad dns",
	  "ip=192.0.2.2::192.0.2.1:24::eth0:off:192.0.2.53:203.0.113", "",
	  "ip: dns2: \"203.0.113\" is not an IPv4 address or an IPv6 one in brackets" },
	{ "field past ntp",
	  "ip=192.0.2.2::192.0.2.1:24::eth0:off:192.0.2.53:::x", "",
	  "ip: \"x\" follows the last field, ntp" },
	{ "mtu differs", V4 ":1500 ip=192.0.2.3::192.0.2.1:24::eth0:off:9000",
	  "", "ip: mtu: 9000 differs from an earlier ip='s" },
	{ "mac differs",
	  V4
	  "::52:54:00:12:34:56 ip=192.0.2.3::192.0.2.1:24::eth0:off::52:54:00:12:34:57",
	  "", "ip: mac: 52:54:00:12:34:57 differs from an earlier ip='s" },
	{ "address twice", V4 " " V4, "",
	  "ip: client: 192.0.2.2 is given twice, or a fifth of its family on the interface" },
	{ "fifth address",
	  V4
	  " ip=192.0.2.3:::24::eth0:off ip=192.0.2.4:::24::eth0:off ip=192.0.2.5:::24::eth0:off ip=192.0.2.6:::24::eth0:off",
	  "",
	  "ip: client: 192.0.2.6 is given twice, or a fifth of its family on the interface" },
	{ "second default route",
	  V4 " ip=198.51.100.2::198.51.100.1:24::eth1:off", "",
	  "ip: gateway: 198.51.100.1 is a second default gateway of its family" },
	{ "empty and named interface", IP_FC " " V6, "",
	  "ip: interface: empty in one ip= and named in another: name it in every ip=" },
	{ "fifth interface",
	  "ip=192.0.2.2:::24::eth0:off ip=192.0.2.3:::24::eth1:off ip=192.0.2.4:::24::eth2:off ip=192.0.2.5:::24::eth3:off ip=192.0.2.6:::24::eth4:off",
	  "", "ip: interface: eth4 is a fifth interface: 4 at most" },
};

/* The diagnostics of diag that are problems, not warnings. */
static int tp_problems_count(const char *diag)
{
	const char *line = diag;
	const char *end;
	int count = 0;

	while (*line) {
		end = strstr(line, " | ");
		if (!end)
			end = line + strlen(line);
		if (!memmem(line, (size_t)(end - line), ": warning: ", 11))
			count++;
		line = *end ? end + 3 : end;
	}
	return count;
}

int main(void)
{
	static struct gn_config c;
	struct gn_param p[16];
	char line[TEXT_SIZE];
	char got[TEXT_SIZE];
	char diag[TEXT_SIZE];
	struct got g;
	struct text t;
	unsigned failed = 0;
	unsigned i;
	unsigned n;
	char *s;
	char *eq;
	int problems;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(line, sizeof line, "%s", cases[i].cmdline);
		n = 0;
		for (s = strtok(line, " "); s && n < ARRAY_SIZE(p);
		     s = strtok(NULL, " ")) {
			eq = strchr(s, '=');
			*eq = '\0';
			p[n].name = s;
			p[n].value = eq + 1;
			p[n].source = "test";
			n++;
		}
		memset(&g, 0, sizeof g);
		g.first = p;
		g.count = n;
		text_init(&g.t, diag, sizeof diag);
		problems = ipparam_parse(p, n, &c, tp_diag, &g);
		text_init(&t, got, sizeof got);
		if (!problems)
			tp_config_render(&t, &c);
		if (strcmp(got, cases[i].model) ||
		    strcmp(diag, cases[i].diag) || g.bad_param ||
		    problems != tp_problems_count(diag)) {
			printf("FAIL ipparam %s: model \"%s\", diagnostics "
			       "\"%s\", %d problems\n",
			       cases[i].name, got, diag, problems);
			failed++;
			continue;
		}
		printf("PASS ipparam %s\n", cases[i].name);
	}
	if (ipparam_name_find("rd.route", 8) == 2 &&
	    ipparam_name_find("ip", 2) == 0 &&
	    ipparam_name_find("ipv6", 4) < 0 &&
	    ipparam_name_find("rd.rout", 7) < 0) {
		printf("PASS ipparam_name_find\n");
	} else {
		printf("FAIL ipparam_name_find: a name misread\n");
		failed++;
	}
	return failed ? 1 : 0;
}
