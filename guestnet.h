/* SPDX-License-Identifier: Apache-2.0 */
/*
 * guestnet.h - the checked configuration, the model every stage reads, and
 * the APIs of the modules around it:
 *   env.c    input: the sources read (bounded, never blocking) and the
 *            MSB_* values checked into a struct gn_config; no change to
 *            the system
 *   ipparam.c input: the kernel command line's ip= family (ip=,
 *            nameserver=, rd.route=, ifname=) checked into a struct
 *            gn_config; no change to the system
 *   hosts.c  the /etc files: rendered, and replaced in one transaction
 *            rooted at --root's directory
 *   out.c    every line guestnet prints: the text builder, escaping of
 *            outside text, capped streams of diagnostics
 *   ioctl.c  the device ioctls and the peers' announcements
 * The interface's state, plan and changes are in iface.h; netlink in nl.h.
 * Functions that can fail return 0 or -errno unless their comment says
 * otherwise.
 */
#ifndef GUESTNET_H
#define GUESTNET_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nl.h"

#define GN_VERSION "1.1.0"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* AF_INET and AF_INET6: the same numbers on every Linux. */
enum {
	GN_AF_INET = 2,
	GN_AF_INET6 = 10,
};

/* The input variables, in the order they are checked and reported. */
enum {
	GN_NET,
	GN_IPV4,
	GN_IPV6,
	GN_HOSTNAME,
	GN_ALIAS,
	GN_NVARS,
};
extern const char *const gn_var[GN_NVARS];

/* Longest values, and sizes of text forms with their NUL. */
#define GN_IFNAME_SIZE 16   /* the kernel's IFNAMSIZ */
#define GN_HOSTNAME_MAX 64  /* the kernel's __NEW_UTS_LEN */
#define GN_ALIAS_MAX 253    /* a DNS name */
#define GN_IP_TEXT_SIZE 46  /* INET6_ADDRSTRLEN */
#define GN_DECIMAL_SIZE 21  /* 2^64 - 1 in decimal */
#define GN_MAC_TEXT_SIZE 18 /* aa:bb:cc:dd:ee:ff */

/* ---- the model: what the input asks for --------------------------------- */

#define GN_IFACES_MAX 4	       /* interfaces configured */
#define GN_IFACE_ADDRS_MAX 8   /* addresses on one, both families */
#define GN_IFACE_ROUTES_MAX 18 /* the two default routes and 16 more */
#define GN_DNS_MAX 8	       /* nameservers */

/* An address with its prefix length; 4 or 16 bytes used, network order. */
struct gn_addr {
	int family; /* GN_AF_INET or GN_AF_INET6 */
	unsigned plen;
	uint8_t addr[16];
	int has_peer;	  /* a point-to-point peer (ip=, field 2) */
	uint8_t peer[16]; /* its address, same family */
};

/* A route in the main table through the interface: dst_len 0 is the
 * default route. */
struct gn_route {
	int family;
	unsigned dst_len;
	uint8_t dst[16];
	uint8_t gw[16];
	int onlink; /* the gateway is outside every prefix of the interface */
};

/* Where gn_iface.mtu came from, for the message when the device refuses
 * it */
enum {
	GN_MTU_FROM_MSB_NET,	 /* MSB_NET's mtu= */
	GN_MTU_FROM_MSB_DEFAULT, /* MSB_NET without mtu=: its default, 1500 */
	GN_MTU_FROM_IP,		 /* ip='s <mtu> field */
};

/* Bits of gn_iface.families */
enum {
	GN_FAMILY_V4 = 1,
	GN_FAMILY_V6 = 2,
};

struct gn_iface {
	char name[GN_IFNAME_SIZE]; /* "" with any_ether */
	int any_ether;		   /* the one Ethernet interface there is */
	int has_mac; /* set the MAC; also finds a renamed interface */
	uint8_t mac[6];
	unsigned mtu;	   /* 0: the device's own */
	int mtu_from;	   /* GN_MTU_FROM_* */
	unsigned families; /* configured: exactly addrs[] of each, else none */
	struct gn_addr addrs[GN_IFACE_ADDRS_MAX];
	unsigned addr_count;
	struct gn_route routes[GN_IFACE_ROUTES_MAX];
	unsigned route_count;
};

/* ifname=NAME:MAC: the interface with that MAC takes that name. */
struct gn_rename {
	char name[GN_IFNAME_SIZE];
	uint8_t mac[6];
};

struct gn_config {
	struct gn_iface ifaces[GN_IFACES_MAX];
	unsigned iface_count;
	struct gn_rename renames[GN_IFACES_MAX];
	unsigned rename_count;
	struct gn_addr dns[GN_DNS_MAX]; /* plen unused; IPv4 ones first */
	unsigned dns_count;
	char hostname[GN_HOSTNAME_MAX + 1]; /* "" when not set */
	char alias[GN_ALIAS_MAX + 1];	    /* "" when not set */
};

/* 1 when a and b (4 or 16 bytes by family) are the same address. */
int gn_ip_equal(int family, const uint8_t *a, const uint8_t *b);
/* The first default route of family on the first interface, or NULL. */
const struct gn_route *gn_config_default_route(const struct gn_config *c,
					       int family);
/* 1 when some interface configures family (a GN_FAMILY_* bit). */
int gn_config_has_family(const struct gn_config *c, unsigned family);

/* ---- out.c: text and lines ------------------------------------------------ */

/*
 * Text built in a buffer of the caller's. Every append is bounded by the
 * buffer's size: what does not fit is cut (and cut is set), and the buffer
 * always holds a NUL-terminated string.
 */
struct text {
	char *buf;
	size_t size; /* bytes at buf, the NUL's included; at least 1 */
	size_t len;  /* bytes of text so far */
	int cut;     /* an append did not fit */
};

/* One copy of text_init(), not one inlined into each of its callers: that
 * costs 480 bytes of the static musl binary. */
#if defined(__GNUC__)
#define GN_NOINLINE __attribute__((noinline))
#else
#define GN_NOINLINE
#endif

GN_NOINLINE void text_init(struct text *t, char *buf, size_t size);
void text_add(struct text *t, const char *s);
void text_add_bytes(struct text *t, const char *s, size_t n);
void text_add_decimal(struct text *t, unsigned long v);
/* Two lower-case hex digits. */
void text_add_hex_byte(struct text *t, unsigned byte);
/* The canonical text form: dotted quad, or RFC 5952 for IPv6. */
void text_add_ip(struct text *t, int family, const uint8_t *addr);
/* "ADDR/PLEN" */
void text_add_prefix(struct text *t, int family, const uint8_t *addr,
		     unsigned plen);
void text_add_mac(struct text *t, const uint8_t mac[6]);
/* Outside text (a value, a file's bytes, a link's target, a name the kernel
 * gave): at most OUT_SHOWN_MAX bytes, then "..."; bytes outside printable
 * ASCII, '"' and '\' as \xHH. */
#define OUT_SHOWN_MAX 80
void text_add_escaped(struct text *t, const char *s, size_t n);
/* A positive errno in glibc's words (every libc the same). */
void text_add_errno(struct text *t, int err);

#define OUT_LINE_SIZE 1200 /* a line of output, its newline included */

/* A line being built: "guestnet: " and what the caller adds. */
struct out_line {
	char buf[OUT_LINE_SIZE];
	struct text t;
};

/* A stream of diagnostics of one kind: the first OUT_STREAM_MAX lines are
 * shown, then one line saying how many more there were (out_stream_end). */
#define OUT_STREAM_MAX 32
struct out_stream {
	const char *what; /* "problems", "warnings": the closing line's noun */
	unsigned count;
};

/* Standard input, output and error open (on /dev/null when closed at
 * exec), so that no line lands in a socket or file guestnet opens. */
void out_fds_ready(void);
void out_line_start(struct out_line *l);
/* Written to fd (1 or 2) with its newline; a failure is dropped. */
void out_line_write(struct out_line *l, int fd);
/* Shown on standard error when the stream has room: returns 1 when it was,
 * so that the caller may know; counted either way. */
int out_stream_write(struct out_stream *s, struct out_line *l);
/* "guestnet: N more WHAT not shown", when there were. */
void out_stream_end(const struct out_stream *s);
/* "guestnet: WHAT: error text (kernel: extended ACK)"; err: -errno, ext
 * the kernel's text or NULL. */
void out_failure(const char *what, int err, const char *ext);
/* "guestnet: WHAT: NOTICE" (what may be NULL). */
void out_notice(const char *what, const char *notice);
/* Each line of data, indented by four spaces, on standard output. */
void out_file_lines(const char *data);

/* ---- env.c: input ----------------------------------------------------------- */

/* The values of MSB_*, parsed as the reference reads them. */
struct gn_ip {
	int set;	  /* given and valid */
	int has_dns;	  /* dns= was given */
	int family;	  /* GN_AF_INET or GN_AF_INET6 */
	unsigned plen;	  /* prefix length of addr */
	uint8_t addr[16]; /* 4 or 16 bytes used, network order */
	uint8_t gw[16];
	uint8_t dns[16];
};

struct gn_msb {
	int has_net; /* MSB_NET was given and valid */
	char iface[GN_IFNAME_SIZE];
	uint8_t mac[6];
	unsigned mtu;	 /* 1500 unless given */
	int mtu_default; /* no mtu=: the 1500 is MSB_NET's default */
	struct gn_ip v4;
	struct gn_ip v6;
	char hostname[GN_HOSTNAME_MAX + 1]; /* "" when not set */
	char alias[GN_ALIAS_MAX + 1];	    /* "" when not set */
};

/*
 * One input problem: "VAR: KEY: MSG" (KEY may be NULL), where a '%' in MSG
 * stands for the len bytes of text (outside text, to be escaped).
 */
typedef void gn_diag(void *ctx, const char *var, const char *key,
		     const char *msg, const char *text, size_t len);

/*
 * Check the five values (val[i] NULL when absent) and fill *m. Every
 * problem goes to diag. Returns how many problems there were: 0 means *m
 * is usable.
 */
int env_msb_parse(const char *const val[GN_NVARS], struct gn_msb *m,
		  gn_diag *diag, void *ctx);
/* The model of checked MSB_* values: one interface (when MSB_NET is set),
 * its default routes, the DNS servers, the names. */
void env_msb_model(const struct gn_msb *m, struct gn_config *c);
/* One parameter of the ip= family as found, in command-line order. */
struct gn_param {
	const char *name;   /* "ip", "nameserver", "rd.route" or "ifname" */
	const char *value;  /* what follows the '=' */
	const char *source; /* where it was found, for messages: "kernel
			     * command line in /proc/cmdline" */
};

#define GN_PARAMS_MAX 64 /* the ip= family's parameters read */

/* The ip= family's parameters of a run, in command-line order. */
struct gn_params {
	struct gn_param p[GN_PARAMS_MAX];
	unsigned count;
	unsigned unkept; /* more than GN_PARAMS_MAX: refused */
};

/*
 * Split a kernel command line in place, as the kernel splits it, and point
 * val[i] at the value of each MSB_* parameter found (the last one given
 * wins); each parameter of the ip= family is added to *ip (unless NULL);
 * each MSB_* name guestnet does not read gets a warning through diag
 * (unless NULL). Parameters after "--" belong to init and are not read.
 */
/* A problem in line `line` of an env file (0: a file without lines; a
 * warning: the run goes on), where a '%' in msg stands for the len bytes
 * of text. */
typedef void gn_line_diag(void *ctx, unsigned line, int warning,
			  const char *msg, const char *text, size_t len);
void input_cmdline_split(char *line, const char *val[GN_NVARS],
			 struct gn_params *ip, gn_line_diag *diag, void *ctx);
/*
 * NAME=VALUE lines of an env file, text[0..len) (text[len] is a NUL), split
 * in place: val[i] points at the value of each MSB_* name, taken verbatim,
 * and line[i] says where it was. Blank lines and # comments are skipped;
 * other names are ignored (an MSB_* one with a warning). Returns
 * how many problems there were.
 */
int input_file_parse(char *text, size_t len, const char *val[GN_NVARS],
		     unsigned line[GN_NVARS], gn_line_diag *diag, void *ctx);
/* The warning about s[0..n), an MSB_* or msb_* name that guestnet does not
 * read (nor microsandbox's agent), into buf ('%': the name), with the name
 * it was likely meant as; NULL for any other name. */
#define INPUT_NAME_MSG_SIZE 80
const char *input_name_warning(char *buf, size_t size, const char *s, size_t n);
/* Decimal digits only, no sign, no leading zero; *v saturates at 10^7. */
int env_decimal_parse(const char *s, size_t n, unsigned long *v);
/* ASCII white space, as the kernel splits its command line. */
int env_is_space(int c);
/* The text forms of README "Input" in s[0..n), into out (4 or 16 bytes). */
int env_ip4_parse(const char *s, size_t n, uint8_t out[4]);
int env_ip6_parse(const char *s, size_t n, uint8_t out[16]);
/* Canonical text into out (size bytes); returns its length. */
size_t env_ip_format(char *out, size_t size, int family, const uint8_t *a);
/* 1 when a and b agree in their first plen bits, else 0. */
int env_ip_in_prefix(int family, const uint8_t *a, const uint8_t *b,
		     unsigned plen);
/*
 * A whole input file into buf (size bytes, NUL-terminated), *len its
 * bytes: only a regular file or one of /proc, opened without blocking
 * ("-": standard input, which may be a pipe). -E2BIG when it does not fit;
 * -EINVAL when it is no such file (*what says what it is).
 */
int input_source_read(const char *path, char *buf, size_t size, size_t *len,
		      const char **what);

#define GN_SOURCE_SIZE 160 /* "FILE, line N": where a value came from */

/* The input of a run: where to read it, and what was read. */
struct gn_input {
	const char *env_file;		       /* --env-file FILE, or NULL */
	const char *cmdline;		       /* --cmdline FILE, or NULL */
	const char *val[GN_NVARS];	       /* each value, or NULL */
	char source[GN_NVARS][GN_SOURCE_SIZE]; /* where, when not the env */
	struct gn_params ip; /* the ip= family, in command-line order */
};

/* The MSB_* values of the environment, or of in->env_file in its place;
 * the kernel command line's (in->cmdline) where they give none. 0, or
 * -errno once the problem is reported. */
int input_read(struct gn_input *in);
/* The values checked, every problem reported, and their model into *c: 0,
 * or -EINVAL (nothing may change). */
int input_check(const struct gn_input *in, struct gn_config *c);

/* ---- ipparam.c: the ip= family ------------------------------------------- */

/*
 * One diagnostic about parameter p: "NAME= (SOURCE): FIELD: MSG" (field
 * may be NULL), where a '%' in msg stands for the len bytes of text
 * (outside text, to be escaped). warning 1: a warning or a notice, said
 * with "warning: " before FIELD, not counted, the run goes on; 0: a problem.
 */
typedef void gn_param_diag(void *ctx, const struct gn_param *p, int warning,
			   const char *field, const char *msg, const char *text,
			   size_t len);

/* The index of name[0..n) in the family (0 ip, 1 nameserver, 2 rd.route,
 * 3 ifname), or -1 when it is none of them. Pure. */
int ipparam_name_find(const char *name, size_t n);
/* The family's names, in ipparam_name_find()'s order. */
#define IPPARAM_NAMES 4
extern const char *const ipparam_names[IPPARAM_NAMES];
/*
 * Check the n parameters (command-line order) into *c, zeroed first. Every
 * problem, warning and notice goes to diag. Returns how many problems
 * there were: 0 means *c is usable. Pure.
 */
int ipparam_parse(const struct gn_param *p, unsigned n, struct gn_config *c,
		  gn_param_diag *diag, void *ctx);

/* env.c's checks, shared with ipparam.c. The problem with address a (4 or
 * 16 bytes) in a role (GN_ROLE_*, env.c's order) added to t (1), or none
 * (0); '%' stands for the address. GN_ROLE_MSG_SIZE holds the longest. */
enum { GN_ROLE_ADDR, GN_ROLE_GW, GN_ROLE_DNS };
#define GN_ROLE_MSG_SIZE 114
int ip_role_problem(struct text *t, int family, int role, const uint8_t *a);
/* The words of a subnet address a in a role in the prefix addr/plen ("% is
 * the network address of "), or NULL. */
const char *ip_subnet_problem(int family, const uint8_t *addr, unsigned plen,
			      int role, const uint8_t *a);
/* a's bits past plen: 0 all zero, 1 all one, -1 mixed or plen full. */
int ip_host_part(int family, const uint8_t *a, unsigned plen);
/* A hostname or alias s[0..n) of at most max bytes, by the rules of
 * systemd's hostname_is_valid(): NULL, or the problem in buf ('%': the
 * name). GN_NAME_MSG_SIZE holds the longest. */
#define GN_NAME_MSG_SIZE 160
const char *name_problem(char *buf, size_t size, const char *s, size_t n,
			 size_t max);
/* Value parsers: *s[0..*n) into dst; NULL, or the problem ('%': the text). */
const char *key_iface_parse(void *dst, int family, const char **s, size_t *n);
const char *key_mac_parse(void *dst, int family, const char **s, size_t *n);
const char *key_mtu_parse(void *dst, int family, const char **s, size_t *n);

/* ---- hosts.c: the /etc files -------------------------------------------- */

/* Room for the longest file guestnet writes (hosts.c checks it). */
#define HOSTS_FILE_SIZE 1024

/* The file's contents into out (size bytes, NUL-terminated); returns the
 * length. resolv.conf's is empty when no DNS server is set. */
size_t hosts_render(char *out, size_t size, const struct gn_config *c);
size_t hosts_resolv_render(char *out, size_t size, const struct gn_config *c);
size_t hosts_hostname_render(char *out, size_t size, const struct gn_config *c);
/*
 * The root of a run's file writes: DIR (--root, "" for "/") opened once,
 * and DIR/etc resolved beneath it. Every path opened under it is resolved
 * beneath DIR (openat2 RESOLVE_IN_ROOT; on kernels without openat2 a
 * component walk): an absolute link is taken relative to DIR, ".." stops at
 * DIR, a link in the middle of a path resolves under DIR too. Nothing
 * written leaves DIR.
 */
#define HOSTS_NAME_SIZE 256  /* NAME_MAX and its NUL */
#define HOSTS_PATH_SIZE 4096 /* PATH_MAX, its NUL included */

struct hosts_root {
	int rootfd;	/* DIR (O_PATH) */
	int etcfd;	/* DIR/etc, or -1: missing in a dry run */
	int walk;	/* resolve by the component walk, not openat2 */
	int etc_access; /* dry run: 0 when files can be made in DIR/etc, else
			 * -errno (-EROFS, -EACCES; -ENOENT: to be made) */
};

enum {
	HOSTS_ROOT_DRY_RUN = 1, /* DIR/etc not made when missing; etc_access */
	HOSTS_ROOT_WALK = 2,	/* the walk even where openat2 is (tests) */
};

/* DIR and DIR/etc (made 0755 when missing, but in a dry run) into *root.
 * 0, or -errno with *op saying what failed (root then holds nothing). */
int hosts_root_open(struct hosts_root *root, const char *dir, int flags,
		    const char **op);
void hosts_root_close(struct hosts_root *root);

/* What is at a destination's name (hosts_dest_inspect()). */
enum hosts_kind {
	HOSTS_KIND_UNKNOWN, /* not looked at: a real run does not look */
	HOSTS_KIND_NONE,    /* nothing: a new file */
	HOSTS_KIND_FILE,    /* a regular file: replaced */
	HOSTS_KIND_LINK,    /* a symlink: replaced, not followed */
	HOSTS_KIND_DIR,	    /* a directory: refused */
	HOSTS_KIND_SPECIAL, /* a FIFO, socket or device node: replaced */
};

/*
 * One file to write, /etc/NAME: replaced in DIR/etc; or, when DIR/etc is
 * read-only and NAME is a symlink, the link's target replaced in its own
 * directory, resolved beneath DIR (via_link).
 */
struct hosts_dest {
	int dirfd;			/* where name is replaced */
	char name[HOSTS_NAME_SIZE];	/* NAME, or the target's last part */
	char path[HOSTS_NAME_SIZE + 5]; /* "/etc/NAME": under DIR */
	char target[HOSTS_PATH_SIZE];	/* via_link: the target under DIR,
					 * "/run/x/NAME" or "/etc/../x/NAME" */
	int via_link;			/* dirfd is the target's (closed by
					 * hosts_dest_close()) */
	int kind;			/* enum hosts_kind */
	int fd; /* the staged temporary file, open until the commit; or -1 */
};

/* /etc/NAME in root, looked at by no system call. -ENAMETOOLONG. */
int hosts_dest_init(const struct hosts_root *root, const char *name,
		    struct hosts_dest *d);
/*
 * For a dry run (root opened HOSTS_ROOT_DRY_RUN): what a real run's write
 * would meet, without writing. Sets d->kind, follows the link as the real
 * run would (via_link, target) and returns the -errno the real run would
 * fail with, *op saying what: -EROFS/-EACCES "create temporary file",
 * -EISDIR "not a regular file", or the link's target's failures.
 */
int hosts_dest_inspect(const struct hosts_root *root, struct hosts_dest *d,
		       const char **op);
/*
 * The file replaced atomically, in two steps: its contents staged in a
 * temporary file beside it (mode 0644: the caller has set umask(0)), left
 * open in d->fd; then the commit: that file flushed to disk (fsync: its own
 * bytes, not the file system's), closed, and renamed over NAME. When
 * DIR/etc turns out read-only (EROFS) and NAME is a symlink, staging moves
 * d to the link's target. Only a directory at the name is refused (-EISDIR
 * "not a regular file", at commit). -errno with *op saying what failed
 * ("flush to disk", "close", "rename"...); a failure leaves the old file and
 * no temporary.
 */
int hosts_dest_stage(const struct hosts_root *root, struct hosts_dest *d,
		     const char *data, size_t len, const char **op);
int hosts_dest_commit(struct hosts_dest *d, const char **op);
/* The staged temporary file, if any, closed and removed. */
void hosts_dest_abandon(struct hosts_dest *d);
/* The staged temporary file abandoned, the link target's directory closed,
 * when d has them. */
void hosts_dest_close(struct hosts_dest *d);

/* The files of one run: the root, the files staged. */
struct change;
struct files {
	const struct gn_config *c;
	int dry;
	int verbose;
	int open_err;	     /* opening DIR or DIR/etc: -errno */
	const char *open_op; /* what failed */
	int open_reported;
	struct hosts_root root;
	char dir_shown[HOSTS_PATH_SIZE];     /* DIR, escaped */
	char etc_shown[HOSTS_PATH_SIZE + 4]; /* DIR/etc, escaped */
	struct hosts_dest staged[3];	     /* written, not yet in place */
	unsigned staged_count;
};

/* DIR and DIR/etc opened (a failure is kept and said at the first file).
 * The caller has set umask(0) for a real run. Returns 0. */
int files_open(struct files *f, const char *dir, int dry, int verbose,
	       const struct gn_config *c);
/* apply_host_fn (iface.h): a file staged, shown in a dry run, or the
 * hostname set. */
int files_change(void *ctx, const struct change *ch);
/* Every staged file flushed, closed and renamed into place, in turn (a
 * failure is that file's alone); returns how many failures were reported. */
int files_commit(struct files *f);

/* All of data to fd, going on after interruptions; -EIO when the file takes
 * no more. */
int hosts_write_all(int fd, const char *data, size_t len);

/* ---- ioctl.c: fd is any socket (the netlink one serves) ------------------ */

/* Many drivers refuse a change while the link is up (EBUSY): the plan sets
 * a link that is up down for it. */
int dev_mac_set(int fd, const char *name, const uint8_t mac[6]);
/* The interface's IPv6 setting (accept_ra, autoconf) to 0, in
 * /proc/sys/net/ipv6/conf/NAME/: no netlink request sets it. */
int dev_ipv6_setting_off(const char *name, const char *setting);
/* SIOCSIFFLAGS rewrites every settable flag: read them, then set them all
 * (GN_IFF_UP changed). */
int dev_flags_get(int fd, const char *name, int16_t *flags);
int dev_flags_set(int fd, const char *name, int16_t flags);
/* The interface called name takes new_name; the kernel wants it down. */
int dev_rename(int fd, const char *name, const char *new_name);
/*
 * Tell the link's peers that ADDR is at MAC, as the kernel's arp_notify and
 * ndisc_notify do: a gratuitous ARP request (IPv4, on a packet socket) or
 * an unsolicited neighbour advertisement with the override flag to ff02::1
 * (IPv6, on an ICMPv6 socket), each on a socket of its own. Closing a
 * packet socket waits for an RCU grace period (about 15 ms here), so a
 * fresh boot leaves the ARP to the kernel (nl_link_arp_notify()).
 */
int dev_arp_announce(int ifindex, const uint8_t addr[4], const uint8_t mac[6]);
int dev_na_announce(int ifindex, const uint8_t addr[16], const uint8_t mac[6]);

#endif
