/* SPDX-License-Identifier: Apache-2.0 */
/*
 * launcher: run one benchmarked program in a prepared network namespace and
 * report what it cost, without timing any wrapper.
 *
 *   launcher [-m] [-d] [-e ETCDIR] NETNS_PATH LOGFILE PROG [ARG...]
 *
 * Untimed set-up: join the network namespace NETNS_PATH (a /run/netns file),
 * enter fresh UTS and mount namespaces (so sethostname and klibc's
 * /run/net-*.conf never reach the host), mount a small tmpfs on /run, set the
 * hostname to "gnb-unset", point the child's stdout/stderr at LOGFILE, and
 * take nice -20 (inherited by the whole tree), so that the machine's other,
 * nice-0 load disturbs every tool less, and sync(), so that no run flushes
 * what an earlier run of another tool left dirty. With -e, also bind ETCDIR over /etc
 * in that mount namespace, for a tool that writes /etc itself and has no
 * root option (the Rust agent's network step); if the bind fails, nothing
 * runs. With -d (dirty), no sync(): the run meets the dirty data the caller
 * left on purpose (the bench's dirty-file-system row, test/flush.sh).
 *
 * Timed: CLOCK_MONOTONIC from just before vfork() to the return of wait4()
 * for PROG, which covers PROG's whole process tree as long as PROG waits for
 * its own children (a shell does).
 *
 * Output, one line on the original stdout:
 *   WALL_NS EXIT MAXRSS_KB MINFLT MAJFLT CPU_US NODENAME
 * EXIT is the exit status, or 128+signal. MAXRSS_KB, the fault counts and
 * CPU_US (user + system time) are wait4()'s rusage of the child: the largest
 * resident set of any process in the tree, and the sums over every process
 * in it that was waited for.
 * NODENAME is the UTS nodename after PROG ran (did it set the hostname?).
 *
 * -m (memory): ru_maxrss is computed from the kernel's per-CPU RSS counters,
 * which read a small process low (an empty static process shows 0 KiB on
 * 6.18). With -m the launcher instead ptraces the tree and, as each process
 * is about to exit (PTRACE_EVENT_EXIT, its memory still mapped), reads VmHWM
 * from /proc/PID/status, which the kernel sums exactly; MAXRSS_KB is then the
 * largest of these. WALL_NS includes the tracing and means nothing.
 *
 * Exit status: 0 when the measurement was taken (whatever PROG returned),
 * 125 when the set-up failed, 126 when PROG could not be executed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int die(const char *what)
{
	fprintf(stderr, "launcher: %s: %s\n", what, strerror(errno));
	return 125;
}

static int enter_namespaces(const char *netns, const char *etc)
{
	int fd = open(netns, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return die(netns);
	if (setns(fd, CLONE_NEWNET) < 0)
		return die("setns");
	close(fd);
	if (unshare(CLONE_NEWUTS | CLONE_NEWNS) < 0)
		return die("unshare");
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return die("make / private");
	if (mount("gnb", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m") < 0)
		return die("mount tmpfs on /run");
	if (etc && mount(etc, "/etc", NULL, MS_BIND, NULL) < 0)
		return die("bind ETCDIR over /etc");
	if (sethostname("gnb-unset", 9) < 0)
		return die("sethostname");
	if (setpriority(PRIO_PROCESS, 0, -20) < 0)
		return die("setpriority");
	return 0;
}

/* Point fds 0, 1 and 2 at /dev/null, LOGFILE, LOGFILE; return a copy of the
 * original stdout for the result line. */
static int redirect(const char *logfile)
{
	int out = fcntl(1, F_DUPFD_CLOEXEC, 3);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int log = open(logfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (out < 0 || null < 0 || log < 0)
		return -1;
	if (dup2(null, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0)
		return -1;
	close(null);
	close(log);
	return out;
}

/* VmHWM of process pid in KiB, or 0 when it cannot be read. */
static long vmhwm_kb(pid_t pid)
{
	char path[64], buf[4096], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strstr(buf, "\nVmHWM:");
	return p ? strtol(p + 8, NULL, 10) : 0;
}

/* Run argv[0] under ptrace, following forks; return its wait status and put
 * the largest VmHWM seen at any exit of the tree in *peak. */
static int run_traced(char **argv, int *status, long *peak, struct rusage *ru)
{
	long opts = PTRACE_O_TRACEEXIT | PTRACE_O_TRACEFORK |
		    PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
		    PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
	struct rusage r;
	pid_t top, pid;
	int st, sig, first = 1;
	long kb;

	*peak = 0;
	*status = 127 << 8;
	top = fork();
	if (top == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execve(argv[0], argv, environ);
		_exit(126);
	}
	if (top < 0)
		return -1;
	alarm(60);	/* a tool that hangs must not hang the bench */
	while ((pid = wait4(-1, &st, __WALL, &r)) != -1 || errno == EINTR) {
		if (pid == -1)
			continue;
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			if (pid == top) {
				*status = st;
				*ru = r;
			}
			continue;
		}
		sig = WSTOPSIG(st);
		if (first && pid == top) {	/* stopped after its execve */
			ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)opts);
			first = 0;
			sig = 0;
		} else if ((st >> 16) == PTRACE_EVENT_EXIT) {
			if ((kb = vmhwm_kb(pid)) > *peak)
				*peak = kb;
			sig = 0;
		} else if ((st >> 16) != 0 || sig == SIGSTOP || sig == SIGTRAP) {
			sig = 0;	/* fork/exec events, new children's stop */
		}
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
	}
	alarm(0);
	return errno == ECHILD ? 0 : -1;
}

/* Run argv[0] and wait for it; return -1 when it cannot be started. */
static int run_plain(char **argv, int *status, struct rusage *ru)
{
	pid_t pid = vfork();

	if (pid == 0) {
		execve(argv[0], argv, environ);
		_exit(126);
	}
	if (pid < 0)
		return -1;
	while (wait4(pid, status, 0, ru) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	int mem = 0;
	int dirty = 0;
	const char *etc = NULL;
	long peak = 0;
	struct timespec t0, t1;
	struct rusage ru;
	struct utsname uts;
	char line[512];
	long long ns, cpu;
	int out, status, code, n;

	for (;;) {
		if (argc > 1 && strcmp(argv[1], "-m") == 0) {
			mem = 1;
			argv++;
			argc--;
		} else if (argc > 1 && strcmp(argv[1], "-d") == 0) {
			dirty = 1;
			argv++;
			argc--;
		} else if (argc > 2 && strcmp(argv[1], "-e") == 0) {
			etc = argv[2];
			argv += 2;
			argc -= 2;
		} else {
			break;
		}
	}
	if (argc < 4) {
		fprintf(stderr, "usage: launcher [-m] [-d] [-e ETCDIR] NETNS_PATH LOGFILE PROG [ARG...]\n");
		return 125;
	}
	if ((code = enter_namespaces(argv[1], etc)) != 0)
		return code;
	if ((out = redirect(argv[2])) < 0)
		return die(argv[2]);
	/* Untimed: write out what earlier runs left dirty (the scripts and the
	 * Rust agent do not flush), so that a tool's own flush, if it makes
	 * one, writes its own files and not the previous tool's. */
	if (!dirty)
		sync();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (mem) {
		if (run_traced(argv + 3, &status, &peak, &ru) < 0)
			return die("ptrace");
		ru.ru_maxrss = peak;
	} else if (run_plain(argv + 3, &status, &ru) < 0) {
		return die("vfork/wait4");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL +
	     (t1.tv_nsec - t0.tv_nsec);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (uname(&uts) < 0)
		return die("uname");
	cpu = (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL +
	      ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
	n = snprintf(line, sizeof line, "%lld %d %ld %ld %ld %lld %s\n", ns, code,
		     ru.ru_maxrss, ru.ru_minflt, ru.ru_majflt, cpu, uts.nodename);
	if (write(out, line, (size_t)n) != n)
		return die("write");
	return 0;
}
