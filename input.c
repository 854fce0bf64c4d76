/* SPDX-License-Identifier: Apache-2.0 */
/*
 * input.c - the input's sources, read and split: the environment, an env
 * file (--env-file), the kernel command line (--cmdline). Every file is
 * read whole into a bounded buffer, opened without blocking: only a
 * regular file or one of /proc is read (standard input may be a pipe), so
 * that no FIFO or device can hang a boot. The values found are checked by
 * env.c; every problem is reported here, escaped, each stream capped.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestnet.h"

/* ---- the kernel command line ---------------------------------------------- */

/* End the name before the value, and drop the quotes around the value: one
 * right after the '=', and one that ends the parameter (len bytes at s). */
static void cmdline_value_unquote(char *s, size_t len, char **value)
{
	(*value)[-1] = '\0';
	if (**value != '"')
		return;
	(*value)++;
	if (len > 0 && s[len - 1] == '"')
		s[len - 1] = '\0';
}

/*
 * The parameter at s, split in place as the kernel's next_arg()
 * (kernel/params.c) does: white space outside double quotes ends it, quotes
 * around the value or around the whole parameter are dropped. *value is
 * NULL when there is no '='. Returns where the next parameter starts.
 */
static char *cmdline_param_split(char *s, char **name, char **value)
{
	int quoted = *s == '"';
	int in_quote;
	char *next;
	size_t i;

	if (quoted)
		s++;
	in_quote = quoted;
	*name = s;
	*value = NULL;
	for (i = 0; s[i] != '\0'; i++) {
		if (!in_quote && env_is_space(s[i]))
			break;
		if (!*value && s[i] == '=')
			*value = s + i + 1;
		if (s[i] == '"')
			in_quote = !in_quote;
	}
	next = s + i;
	if (s[i] != '\0')
		next++;
	s[i] = '\0';
	if (*value)
		cmdline_value_unquote(s, i, value);
	if (quoted && i > 0 && s[i - 1] == '"')
		s[i - 1] = '\0';
	return next;
}

/* A parameter of the ip= family, kept in order (source: where it is). */
static void params_add(struct gn_params *ip, const char *name,
		       const char *value, const char *source)
{
	struct gn_param *p = &ip->p[ip->count];

	if (ip->count == GN_PARAMS_MAX) {
		ip->unkept++;
		return;
	}
	p->name = name;
	p->value = value;
	p->source = source;
	ip->count++;
}

void input_cmdline_split(char *line, const char *val[GN_NVARS],
			 struct gn_params *ip, gn_line_diag *diag, void *ctx)
{
	char msg[INPUT_NAME_MSG_SIZE];
	char *name;
	char *value;
	int k;

	while (*line != '\0') {
		while (env_is_space(*line))
			line++;
		line = cmdline_param_split(line, &name, &value);
		if (!value && strcmp(name, "--") == 0)
			break;
		if (!value)
			continue;
		for (k = 0; k < GN_NVARS; k++) {
			if (strcmp(name, gn_var[k]) == 0)
				val[k] = value;
		}
		if (ip && ipparam_name_find(name, strlen(name)) >= 0)
			params_add(ip, name, value, NULL);
		if (diag &&
		    input_name_warning(msg, sizeof msg, name, strlen(name)))
			diag(ctx, 0, 1, msg, name, strlen(name));
	}
}

/* ---- an env file ------------------------------------------------------------ */

/* The index of the variable called s[0..n), or -1. */
static int var_find(const char *s, size_t n)
{
	int k;

	for (k = 0; k < GN_NVARS; k++) {
		if (strlen(gn_var[k]) == n && memcmp(gn_var[k], s, n) == 0)
			return k;
	}
	return -1;
}

/*
 * The MSB_* names microsandbox's guest agent (agentd) reads for itself and
 * guestnet does not: no warning for them. Source: superradcompany/
 * microsandbox, crates/protocol/lib/lib.rs, its ENV_* constants ("Guest
 * Init Environment Variables"); the other five are guestnet's (gn_var).
 *
 *   name                    what agentd does with it
 *   MSB_BLOCK_ROOT          the root file system's block device(s)
 *   MSB_DIR_MOUNTS          virtiofs directory volumes
 *   MSB_DISK_MOUNTS         disk-image volumes
 *   MSB_FILE_MOUNTS         virtiofs single-file volumes
 *   MSB_HANDOFF_INIT        an init to hand PID 1 over to
 *   MSB_HANDOFF_INIT_ARGS   that init's arguments
 *   MSB_HANDOFF_INIT_CWD    that init's working directory
 *   MSB_HANDOFF_INIT_ENV    that init's extra environment
 *   MSB_RLIMITS             resource limits set on PID 1
 *   MSB_SECURITY_PROFILE    the exec sessions' security profile
 *   MSB_TMPFS               tmpfs mounts
 *   MSB_USER                the exec sessions' default user
 *
 * Each without its "MSB_", NUL-ended, in one string.
 */
static const char agentd_names[] =
	"BLOCK_ROOT\0DIR_MOUNTS\0DISK_MOUNTS\0FILE_MOUNTS\0HANDOFF_INIT\0"
	"HANDOFF_INIT_ARGS\0HANDOFF_INIT_CWD\0HANDOFF_INIT_ENV\0RLIMITS\0"
	"SECURITY_PROFILE\0TMPFS\0USER\0";

/* c as names are compared: in upper case (msb_net was meant as MSB_NET). */
static int name_fold(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* An MSB_* or msb_* name (any case) that is none of guestnet's five nor
 * one of agentd's own. */
static int name_unread(const char *s, size_t n)
{
	const char *a;
	size_t i;

	for (i = 0; i < 4; i++) {
		if (i == n || name_fold(s[i]) != "MSB_"[i])
			return 0;
	}
	if (var_find(s, n) >= 0)
		return 0;
	for (a = agentd_names; *a; a += strlen(a) + 1) {
		if (strlen(a) == n - 4 && memcmp(a, s + 4, n - 4) == 0)
			return 0;
	}
	return 1;
}

/* How far s[0..n), folded, is from guestnet's name k: what is left of the
 * longer once their common start and end are set aside, at least the edit
 * distance (MSB_HOSTNAM 1, msb_net 0, MSB_NET.IPV4 1, MSB_HOSTANME 2). */
static size_t name_distance(const char *s, size_t n, const char *k)
{
	size_t m = strlen(k);
	size_t start = 0;
	size_t end = 0;

	while (start < n && start < m && name_fold(s[start]) == k[start])
		start++;
	while (end < n - start && end < m - start &&
	       name_fold(s[n - 1 - end]) == k[m - 1 - end])
		end++;
	return (n > m ? n : m) - start - end;
}

const char *input_name_warning(char *buf, size_t size, const char *s, size_t n)
{
	const char *meant = NULL;
	size_t best = 3; /* two edits at most */
	struct text t;
	size_t d;
	int k;

	if (!name_unread(s, n))
		return NULL;
	for (k = 0; k < GN_NVARS; k++) {
		d = name_distance(s, n, gn_var[k]);
		if (d < best) {
			best = d;
			meant = gn_var[k];
		}
	}
	text_init(&t, buf, size);
	text_add(&t, "% is not a name guestnet reads: ignored");
	if (meant) {
		text_add(&t, " (did you mean ");
		text_add(&t, meant);
		text_add(&t, "?)");
	}
	return buf;
}

static int name_has_space(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (env_is_space(s[i]))
			return 1;
	}
	return 0;
}

/* One line, s[0..n) with s[n] a NUL: 0, or 1 for a problem. */
static int env_file_line(char *s, size_t n, unsigned line,
			 const char *val[GN_NVARS], unsigned val_line[GN_NVARS],
			 gn_line_diag *diag, void *ctx)
{
	char msg[INPUT_NAME_MSG_SIZE];
	const char *eq;
	size_t name_len;
	size_t i = 0;
	int k;

	if (memchr(s, '\0', n)) {
		diag(ctx, line, 0, "holds a NUL byte", "", 0);
		return 1;
	}
	while (i < n && env_is_space(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return 0; /* blank, or a comment */
	eq = memchr(s + i, '=', n - i);
	if (!eq) {
		diag(ctx, line, 0, "\"%\" is not NAME=VALUE", s + i, n - i);
		return 1;
	}
	name_len = (size_t)(eq - (s + i));
	if (name_len == 0 || name_has_space(s + i, name_len)) {
		/* "export NAME=...", "NAME =...": a shell's, not this file's */
		diag(ctx, line, 0, "\"%\" is not NAME=VALUE", s + i, n - i);
		return 1;
	}
	if (input_name_warning(msg, sizeof msg, s + i, name_len))
		diag(ctx, line, 1, msg, s + i, name_len);
	k = var_find(s + i, name_len);
	if (k < 0)
		return 0;
	if (val[k]) {
		diag(ctx, line, 0, "% given more than once", s + i, name_len);
		return 1;
	}
	val[k] = eq + 1;
	val_line[k] = line;
	return 0;
}

int input_file_parse(char *text, size_t len, const char *val[GN_NVARS],
		     unsigned line[GN_NVARS], gn_line_diag *diag, void *ctx)
{
	char *end = text + len;
	char *p = text;
	char *newline;
	unsigned n = 0;
	int problems = 0;

	while (p < end) {
		newline = memchr(p, '\n', (size_t)(end - p));
		if (!newline)
			newline = end; /* the last line, without its newline */
		*newline = '\0';
		n++;
		problems += env_file_line(p, (size_t)(newline - p), n, val,
					  line, diag, ctx);
		p = newline + 1;
	}
	return problems;
}

/* ---- the sources ---------------------------------------------------------- */

/* What a file that is no input file is, for the message. */
static const char *source_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* A regular file, or one of /proc (whose sizes say 0): nothing that can
 * block or never end. */
static int source_check(int fd, int is_stdin, const char **what)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISREG(st.st_mode))
		return 0;
	if (is_stdin && S_ISFIFO(st.st_mode))
		return 0; /* an agent's pipe: it ends when the agent closes it */
	*what = source_kind(st.st_mode);
	return -EINVAL;
}

static int source_read_fd(int fd, char *buf, size_t size, size_t *len)
{
	ssize_t n;

	while (*len < size - 1) {
		n = read(fd, buf + *len, size - 1 - *len);
		if (n == 0)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		*len += (size_t)n;
	}
	return -E2BIG;
}

int input_source_read(const char *path, char *buf, size_t size, size_t *len,
		      const char **what)
{
	const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
	int is_stdin = strcmp(path, "-") == 0;
	int err;
	int fd = 0;

	*len = 0;
	buf[0] = '\0';
	*what = NULL;
	if (!is_stdin)
		fd = openat(AT_FDCWD, path, flags);
	if (fd < 0)
		return -errno;
	err = source_check(fd, is_stdin, what);
	if (!err)
		err = source_read_fd(fd, buf, size, len);
	if (!is_stdin)
		close(fd);
	buf[*len] = '\0';
	return err;
}

/* ---- the input -------------------------------------------------------------- */

extern char **environ; /* POSIX: the program declares it */

#define ENV_FILE_SIZE 65536 /* the longest --env-file */
#define CMDLINE_SIZE 16384  /* the kernel's COMMAND_LINE_SIZE is 4096 */

/* "guestnet: WHAT PATH: error" or "...: is a FIFO, not a regular file" */
static void source_failure(const char *what, const char *path, int err,
			   const char *kind)
{
	struct out_line l;

	out_line_start(&l);
	text_add(&l.t, what);
	text_add_escaped(&l.t, path, strlen(path));
	text_add(&l.t, ": ");
	if (kind) {
		text_add(&l.t, kind);
		text_add(&l.t, ", not a regular file: refused");
	} else {
		text_add_errno(&l.t, -err);
	}
	out_line_write(&l, 2);
}

/* msg, the outside text in place of its '%' (if it has one). */
static void text_add_message(struct text *t, const char *msg, const char *text,
			     size_t len)
{
	const char *percent = memchr(msg, '%', strlen(msg));

	if (!percent) {
		text_add(t, msg);
		return;
	}
	text_add_bytes(t, msg, (size_t)(percent - msg));
	text_add_escaped(t, text, len);
	text_add(t, percent + 1);
}

/* What a source's diagnostics need. */
struct file_report {
	const char *what; /* "--env-file ", "kernel command line in " */
	const char *path;
	struct out_stream lines;
};

/* gn_line_diag for an input file: "guestnet: --env-file FILE: line N: ..."
 * ("line N" when there are lines). */
static void file_problem_report(void *ctx, unsigned line, int warning,
				const char *msg, const char *text, size_t len)
{
	struct file_report *fr = ctx;
	struct out_line l;

	out_line_start(&l);
	text_add(&l.t, fr->what);
	text_add_escaped(&l.t, fr->path, strlen(fr->path));
	if (line) {
		text_add(&l.t, ": line ");
		text_add_decimal(&l.t, line);
	}
	text_add(&l.t, warning ? ": warning: " : ": ");
	text_add_message(&l.t, msg, text, len);
	out_stream_write(&fr->lines, &l);
}

static void source_set(char *source, const char *from, const char *path,
		       unsigned line)
{
	struct text t;

	text_init(&t, source, GN_SOURCE_SIZE);
	text_add(&t, from);
	text_add_escaped(&t, path, strlen(path));
	if (!line)
		return;
	text_add(&t, ", line ");
	text_add_decimal(&t, line);
}

/* Absent, empty and all-white values are not given. */
static int value_given(const char *v)
{
	if (!v)
		return 0;
	while (env_is_space(*v))
		v++;
	return *v != '\0';
}

/* The first of the values that is given, or GN_NVARS. */
static int value_first(const char *const val[GN_NVARS])
{
	int k;

	for (k = 0; k < GN_NVARS && !value_given(val[k]); k++)
		continue;
	return k;
}

/* The values of --env-file, in place of the environment's. */
static int env_file_load(struct gn_input *in)
{
	static char text[ENV_FILE_SIZE];
	struct file_report fr = {
		.what = "--env-file ",
		.path = in->env_file,
		.lines = { .what = "problems in the file" },
	};
	unsigned line[GN_NVARS] = { 0 };
	const char *kind;
	size_t len;
	int err;
	int k;

	err = input_source_read(in->env_file, text, sizeof text, &len, &kind);
	if (err) {
		source_failure("--env-file ", in->env_file, err, kind);
		return err;
	}
	err = input_file_parse(text, len, in->val, line, file_problem_report,
			       &fr);
	out_stream_end(&fr.lines);
	if (!err && value_first(in->val) == GN_NVARS) {
		/* An agent's empty message, not a guest without networking
		 * (that one runs without --env-file): refused, so that
		 * /etc/hosts keeps its name and alias. Said past the cap. */
		fr.lines.count = 0;
		file_problem_report(&fr, 0, 0,
				    "no MSB_* value in it: refused, nothing "
				    "changed",
				    "", 0);
		err = 1;
	}
	if (err)
		return -EINVAL;
	for (k = 0; k < GN_NVARS; k++) {
		if (in->val[k])
			source_set(in->source[k], "", in->env_file, line[k]);
	}
	return 0;
}

/* The environment's names: the ip= family (ip= and nameserver=, each maybe
 * given more than once: a kernel without CONFIG_IP_PNP hands them over)
 * into *ip, and a warning for each MSB_* name guestnet does not read (said,
 * not refused: a newer host may send more). */
static void environment_names_read(struct gn_params *ip)
{
	struct file_report fr = {
		.what = "environment",
		.path = "",
		.lines = { .what = "warnings" },
	};
	char msg[INPUT_NAME_MSG_SIZE];
	const char *eq;
	size_t n;
	char **e;
	int k;

	for (e = environ; *e; e++) {
		eq = strchr(*e, '=');
		if (!eq)
			continue;
		n = (size_t)(eq - *e);
		k = ipparam_name_find(*e, n);
		if (k >= 0)
			params_add(ip, ipparam_names[k], eq + 1,
				   "the environment");
		if (input_name_warning(msg, sizeof msg, *e, n))
			file_problem_report(&fr, 0, 1, msg, *e, n);
	}
	out_stream_end(&fr.lines);
}

/* The command line's ip= family, when it has one: the whole family, in
 * place of init's environment's (a kernel without CONFIG_IP_PNP copies
 * ip=, nameserver= and ifname= there, each name once: the last given). */
static void params_take(struct gn_input *in, const struct gn_params *ip,
			const char *path)
{
	static char source[GN_SOURCE_SIZE];
	unsigned i;

	if (ip->count == 0 && ip->unkept == 0)
		return;
	source_set(source, "kernel command line in ", path, 0);
	in->ip = *ip;
	for (i = 0; i < ip->count; i++)
		in->ip.p[i].source = source;
}

/* The kernel command line in path, split: its MSB_* values into val, its
 * ip= family into *ip, warnings about its names to *fr (unless NULL). */
static int cmdline_split_read(const char *path, const char *val[GN_NVARS],
			      struct gn_params *ip, const char **kind,
			      struct file_report *fr)
{
	static char cmdline[CMDLINE_SIZE];
	size_t len;
	size_t i;
	int err;

	err = input_source_read(path, cmdline, sizeof cmdline, &len, kind);
	if (err)
		return err;
	for (i = 0; i < len; i++) {
		if (cmdline[i] == '\0')
			cmdline[i] = ' '; /* /proc/cmdline may hold NULs */
	}
	input_cmdline_split(cmdline, val, ip, fr ? file_problem_report : NULL,
			    fr);
	return 0;
}

static int cmdline_load(struct gn_input *in)
{
	static struct gn_params ip;
	const char *from_cmdline[GN_NVARS] = { NULL };
	struct file_report fr = {
		.what = "kernel command line in ",
		.path = in->cmdline,
		.lines = { .what = "warnings" },
	};
	const char *kind;
	int err;
	int k;

	ip.count = 0;
	ip.unkept = 0;
	err = cmdline_split_read(in->cmdline, from_cmdline, &ip, &kind, &fr);
	out_stream_end(&fr.lines);
	if (err) {
		source_failure("--cmdline: ", in->cmdline, err, kind);
		return err;
	}
	params_take(in, &ip, in->cmdline);
	for (k = 0; k < GN_NVARS; k++) {
		if (value_given(in->val[k]) || !from_cmdline[k])
			continue;
		in->val[k] = from_cmdline[k];
		source_set(in->source[k], "kernel command line in ",
			   in->cmdline, 0);
	}
	return 0;
}

/*
 * ip= in init's environment, without --cmdline: the kernel put there only
 * the last ip=, nameserver= and ifname= of its command line (each replaces
 * the one before), so the family is read whole from /proc/cmdline. When
 * that holds none, the environment's are the caller's own.
 */
static void environment_params_complete(struct gn_input *in)
{
	static struct gn_params ip;
	const char *ignored[GN_NVARS] = { NULL };
	const char *kind;

	ip.count = 0;
	ip.unkept = 0;
	if (cmdline_split_read("/proc/cmdline", ignored, &ip, &kind, NULL)) {
		out_notice("ip= in the environment",
			   "/proc/cmdline cannot be read: only the last of "
			   "each name the kernel put there is read");
		return;
	}
	params_take(in, &ip, "/proc/cmdline");
}

int input_read(struct gn_input *in)
{
	int err;
	int k;

	for (k = 0; k < GN_NVARS; k++) {
		in->val[k] = NULL;
		in->source[k][0] = '\0';
	}
	if (in->env_file) {
		err = env_file_load(in);
		if (err)
			return err;
	} else {
		for (k = 0; k < GN_NVARS; k++)
			in->val[k] = getenv(gn_var[k]);
		environment_names_read(&in->ip);
	}
	if (in->cmdline)
		return cmdline_load(in);
	if (in->ip.count > 0)
		environment_params_complete(in);
	return 0;
}

/* gn_diag: "guestnet: VAR (from SOURCE): KEY: message", where SOURCE is
 * said when the value did not come from the environment. */
static void input_problem_report(void *ctx, const char *var, const char *key,
				 const char *msg, const char *text, size_t len)
{
	const struct gn_input *in = ctx;
	const char *source = "";
	struct out_line l;
	int k;

	for (k = 0; k < GN_NVARS; k++) {
		if (gn_var[k] == var)
			source = in->source[k];
	}
	out_line_start(&l);
	text_add(&l.t, var);
	if (*source) {
		text_add(&l.t, " (from ");
		text_add(&l.t, source);
		text_add(&l.t, ")");
	}
	text_add(&l.t, ": ");
	if (key) {
		text_add(&l.t, key);
		text_add(&l.t, ": ");
	}
	text_add_message(&l.t, msg, text, len);
	out_line_write(&l, 2);
}

/* gn_param_diag: "guestnet: NAME= (SOURCE): [warning: ]FIELD: message" */
static void param_problem_report(void *ctx, const struct gn_param *p,
				 int warning, const char *field,
				 const char *msg, const char *text, size_t len)
{
	struct out_stream *lines = ctx;
	struct out_line l;

	out_line_start(&l);
	text_add(&l.t, p->name);
	text_add(&l.t, "= (");
	text_add(&l.t, p->source);
	text_add(&l.t, warning ? "): warning: " : "): ");
	if (field) {
		text_add(&l.t, field);
		text_add(&l.t, ": ");
	}
	text_add_message(&l.t, msg, text, len);
	out_stream_write(lines, &l);
}

/* The ip= family into *c: 0, or -EINVAL once every problem is said. */
static int params_check(const struct gn_params *ip, struct gn_config *c)
{
	struct out_stream lines = { .what = "lines about the ip= family" };
	int problems;

	if (ip->unkept) {
		out_notice("ip= family", "more than 64 parameters: refused");
		return -EINVAL;
	}
	problems = ipparam_parse(ip->p, ip->count, c, param_problem_report,
				 &lines);
	out_stream_end(&lines);
	if (problems)
		return -EINVAL;
	return 0;
}

/* MSB_* and the ip= family in one run: refused, never merged. */
static int dialects_mixed(const struct gn_input *in, int k)
{
	struct out_line l;

	out_line_start(&l);
	text_add(&l.t, gn_var[k]);
	text_add(&l.t, " and ");
	text_add(&l.t, in->ip.p[0].name);
	text_add(&l.t, "= (");
	text_add(&l.t, in->ip.p[0].source);
	text_add(&l.t, ") in one run: give either MSB_* values or the ip= "
		       "family, not both");
	out_line_write(&l, 2);
	return -EINVAL;
}

int input_check(const struct gn_input *in, struct gn_config *c)
{
	static struct gn_msb m;
	int has_params = in->ip.count > 0 || in->ip.unkept > 0;
	int k = value_first(in->val);

	if (k < GN_NVARS && has_params)
		return dialects_mixed(in, k);
	if (has_params)
		return params_check(&in->ip, c);
	if (k == GN_NVARS)
		out_notice("no MSB_* value",
			   "writing /etc/hosts and bringing lo up only");
	if (env_msb_parse(in->val, &m, input_problem_report, (void *)in))
		return -EINVAL;
	env_msb_model(&m, c);
	return 0;
}
