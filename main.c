/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - guestnet: bring up a microVM guest's network from MSB_* values.
 *
 * A run is data flowing through stages, each in its own room:
 *   options  argv into struct options (here)
 *   input    the values read and checked into a struct gn_config (env.c);
 *            bad input ends the run with exit 2 before anything changes
 *   state    what lo and each interface have now (iface.c)
 *   plan     the changes that make them match: a pure function of the
 *            configuration and the state (plan.c)
 *   apply    the changes made in order, each outcome recorded (iface.c),
 *            the files staged in one transaction under --root (hosts.c);
 *            a dry run prints the same list instead
 *   files    each file flushed (fsync), closed, renamed into place (hosts.c)
 * Every line printed goes through out.c. Only this file decides the exit
 * status: 0 done, 1 a change failed (each failure named), 2 bad usage or
 * invalid input.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <unistd.h>

#include "iface.h"

/* Exit statuses */
enum {
	STATUS_DONE = 0,
	STATUS_FAILED = 1, /* a step failed */
	STATUS_USAGE = 2,  /* bad usage or invalid input: nothing changed */
};

#define WAIT_SECONDS_MAX 3600

struct options {
	int dry;	      /* --dry-run */
	int verbose;	      /* --verbose */
	char info;	      /* 'h' or 'V': show that instead of running */
	unsigned long wait;   /* --wait SECONDS */
	const char *root;     /* --root DIR; "" for / */
	const char *cmdline;  /* --cmdline FILE, or NULL */
	int cmdline_bare;     /* the last option was -c without its FILE */
	const char *env_file; /* --env-file FILE, or NULL */
};

/* ---- options ------------------------------------------------- */

static const char usage[] =
	"usage: guestnet [options]\n"
	"Set up the network from MSB_NET, MSB_NET_IPV4, MSB_NET_IPV6, "
	"MSB_HOSTNAME and\n"
	"MSB_HOST_ALIAS, or from the kernel's ip=, nameserver=, rd.route= and "
	"ifname=:\n"
	"/etc/hosts, hostname, lo, MAC, MTU, addresses, routes, DNS.\n\n"
	"  -n, --dry-run         read the state, print every change and file;\n"
	"                        change nothing\n"
	"  -r, --root DIR        write hosts, hostname and resolv.conf under "
	"DIR/etc\n"
	"  -e, --env-file FILE   read NAME=VALUE lines from FILE (- for standard "
	"input)\n"
	"                        instead of the environment's MSB_* values\n"
	"  -c, --cmdline[=FILE]  take MSB_* values the environment (or -e FILE) "
	"lacks, and\n"
	"                        the ip= family, from the kernel command line "
	"in FILE\n"
	"                        (/proc/cmdline)\n"
	"  -w, --wait SECONDS    wait up to SECONDS (0-3600) for the interface; "
	"default 0\n"
	"  -v, --verbose         report each change as it is made\n"
	"  -h, --help            show this help\n"
	"  -V, --version         show the version\n\n"
	"Re-runs converge: the interface ends as a fresh boot with this input "
	"leaves it.\n\n"
	"Exit status: 0 done; 1 a step failed (each failure is named; what did "
	"not\n"
	"depend on it is done); 2 bad usage or invalid input (nothing changed).\n";

static const char version[] = "guestnet " GN_VERSION "\n";

/* --help or --version on standard output. */
static int info_show(char info)
{
	ssize_t n;

	if (info == 'h')
		n = write(1, usage, sizeof usage - 1);
	else
		n = write(1, version, sizeof version - 1);
	if (n < 0)
		return -errno;
	return 0;
}

/* "guestnet: WHAT "ARG"[: HINT]" and the pointer to --help. Returns
 * -EINVAL. */
static int usage_error_hint(const char *what, const char *arg, const char *hint)
{
	struct out_line l;

	out_line_start(&l);
	text_add(&l.t, what);
	text_add(&l.t, " \"");
	text_add_escaped(&l.t, arg, strlen(arg));
	text_add(&l.t, "\"");
	if (hint) {
		text_add(&l.t, ": ");
		text_add(&l.t, hint);
	}
	text_add(&l.t, "\nTry 'guestnet --help'.");
	out_line_write(&l, 2);
	return -EINVAL;
}

static int usage_error(const char *what, const char *arg)
{
	return usage_error_hint(what, arg, NULL);
}

/* An argument after a bare -c or --cmdline: its FILE is only ever
 * attached, as it is optional. */
static int cmdline_hint(const char *arg)
{
	char hint[OUT_LINE_SIZE];
	struct text t;

	text_init(&t, hint, sizeof hint);
	text_add(&t, "the FILE of -c or --cmdline is only taken attached: "
		     "write --cmdline=");
	text_add_escaped(&t, arg, strlen(arg));
	return usage_error_hint("unexpected argument", arg, hint);
}

/* How an option takes its value. */
enum {
	VALUE_NONE,
	VALUE_NEEDED,	/* attached, or else the next argument */
	VALUE_OPTIONAL, /* attached only: -cFILE, --cmdline=FILE */
};

#define OPTION_NAME_SIZE 9 /* "env-file", its NUL included */

struct option {
	char name[OPTION_NAME_SIZE];
	char letter;
	char value; /* VALUE_NONE ... */
};

static const struct option options[] = {
	{ "dry-run", 'n', VALUE_NONE },	   { "root", 'r', VALUE_NEEDED },
	{ "env-file", 'e', VALUE_NEEDED }, { "cmdline", 'c', VALUE_OPTIONAL },
	{ "wait", 'w', VALUE_NEEDED },	   { "verbose", 'v', VALUE_NONE },
	{ "help", 'h', VALUE_NONE },	   { "version", 'V', VALUE_NONE },
};

static const struct option *option_by_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++) {
		if (strlen(options[i].name) == len &&
		    memcmp(options[i].name, name, len) == 0)
			return &options[i];
	}
	return NULL;
}

static const struct option *option_by_letter(char letter)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++) {
		if (options[i].letter == letter)
			return &options[i];
	}
	return NULL;
}

/* Apply an option with its value ("" when none is given). 0, or -EINVAL
 * once a bad value is reported. */
static int option_apply(struct options *opts, char letter, const char *value)
{
	unsigned long seconds;

	switch (letter) {
	case 'n':
		opts->dry = 1;
		return 0;
	case 'v':
		opts->verbose = 1;
		return 0;
	case 'c':
		opts->cmdline = *value ? value : "/proc/cmdline";
		opts->cmdline_bare = !*value;
		return 0;
	case 'e':
		opts->env_file = value;
		return 0;
	case 'r':
		if (!*value)
			return usage_error("--root: empty directory name",
					   value);
		if (strlen(value) + sizeof "/etc" > HOSTS_PATH_SIZE)
			return usage_error("--root: path too long:", value);
		opts->root = value;
		return 0;
	case 'w':
		if (env_decimal_parse(value, strlen(value), &seconds) ||
		    seconds > WAIT_SECONDS_MAX)
			return usage_error(
				"--wait: not a number of seconds 0-3600:",
				value);
		opts->wait = seconds;
		return 0;
	default: /* 'h', 'V' */
		opts->info = letter;
		return 0;
	}
}

/* Apply option o of argv[*i] with its attached value (or NULL); one that
 * needs a value and has none attached takes the next argument. */
static int option_value_take(struct options *opts, const struct option *o,
			     const char *value, char **argv, int *i)
{
	const char *arg = argv[*i];

	if (!value && o->value == VALUE_NEEDED) {
		value = argv[*i + 1];
		if (!value)
			return usage_error("this option needs a value:", arg);
		(*i)++;
	}
	if (!value)
		value = "";
	return option_apply(opts, o->letter, value);
}

/* argv[*i], a long option: --NAME, --NAME=VALUE or --NAME VALUE. */
static int args_long_parse(struct options *opts, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *name = arg + 2;
	const char *value = NULL;
	const struct option *o;
	size_t len = 0;

	while (name[len] != '\0' && name[len] != '=')
		len++;
	if (name[len] == '=')
		value = name + len + 1;
	o = option_by_name(name, len);
	if (!o)
		return usage_error("unknown option", arg);
	if (value && o->value == VALUE_NONE)
		return usage_error("this option takes no value:", arg);
	return option_value_take(opts, o, value, argv, i);
}

/* argv[*i], short options: -n, -nv (a cluster), -rDIR, -r DIR, -cFILE. */
static int args_short_parse(struct options *opts, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *p = arg + 1;
	const struct option *o;
	const char *attached;
	int err;

	for (;;) {
		o = option_by_letter(*p);
		if (!o)
			return usage_error("unknown option", arg);
		if (o->value != VALUE_NONE || p[1] == '\0')
			break;
		err = option_apply(opts, o->letter, "");
		if (err || opts->info)
			return err;
		p++;
	}
	attached = NULL;
	if (p[1] != '\0')
		attached = p + 1;
	return option_value_take(opts, o, attached, argv, i);
}

/*
 * The options into r. getopt_long() is not in every libc: short options
 * cluster (-nv) and take a value attached or as the next argument; long
 * ones as --name=VALUE or --name VALUE; -c's FILE is optional, so only
 * attached. Parsing stops at --help or --version (opts->info). 0, or -EINVAL
 * once the problem is reported.
 */
static int args_parse(struct options *opts, int argc, char **argv)
{
	const char *arg;
	int err;
	int i;

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0')
			break;
		opts->cmdline_bare = 0;
		if (arg[1] == '-')
			err = args_long_parse(opts, argv, &i);
		else
			err = args_short_parse(opts, argv, &i);
		if (err)
			return err;
		if (opts->info)
			return 0;
	}
	if (i < argc && opts->cmdline_bare)
		return cmdline_hint(argv[i]);
	if (i < argc)
		return usage_error("unexpected argument", argv[i]);
	return 0;
}

/* ---- the run ------------------------------------------------------------ */

/* The stages' data: static, as the snapshot and the plan are large. */
static struct gn_config config;
static struct gn_state state;
static struct gn_plan plan;
static struct files files;

/* The netlink socket, for the state, the plan's changes and their ioctls;
 * a dry run opens it too, to read the state it would change. */
static void netlink_open(struct nl *nl, struct gn_state *s)
{
	s->nl_err = nl_open(nl);
	if (!s->nl_err)
		return;
	out_failure("netlink: open socket", s->nl_err, NULL);
	out_notice(config.iface_count ? "lo and the interface" : "lo",
		   "skipped, no netlink socket");
}

int main(int argc, char **argv)
{
	struct options opts = { .root = "" };
	struct gn_input in = { 0 };
	struct apply_how how = { 0 };
	struct nl nl = { .fd = -1 };
	int failures = 0;

	out_fds_ready();
	if (args_parse(&opts, argc, argv))
		return STATUS_USAGE;
	if (opts.info)
		return info_show(opts.info) ? STATUS_FAILED : STATUS_DONE;
	in.env_file = opts.env_file;
	in.cmdline = opts.cmdline;
	if (input_read(&in) || input_check(&in, &config))
		return STATUS_USAGE;
	if (!opts.dry)
		umask(0); /* files 0644 and /etc 0755, whatever the umask */
	files_open(&files, opts.root, opts.dry, opts.verbose, &config);

	netlink_open(&nl, &state);
	failures += state.nl_err != 0;
	if (!state.nl_err)
		state_read(&nl, &config, opts.wait, &state);
	failures += state_report(&config, &state, opts.wait, opts.verbose);
	plan_make(&config, &state, &plan);

	how.dry = opts.dry;
	how.verbose = opts.verbose;
	how.etc_shown = files.etc_shown;
	how.host = files_change;
	how.host_ctx = &files;
	failures += apply(&nl, &config, &state, &plan, &how);
	failures += files_commit(&files);
	if (failures)
		return STATUS_FAILED;
	return STATUS_DONE;
}
