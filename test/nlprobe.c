/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/nlprobe.c - nl.c's dumps against the real kernel, for test/nlstate.sh
 * (built there with cc, linked with nl.c). Run it only inside a network
 * namespace the test made. One line of key=value words per run:
 *
 *   nlprobe routes IFINDEX  the main table's routes through IFINDEX, both
 *                           families in one filtered dump: strict= routes=
 *                           foreign= (routes of another table or interface)
 *                           us= (the dump's time in microseconds)
 *   nlprobe all-routes      every route of every table (no filter): routes=
 *                           us=
 *   nlprobe abort N         an unfiltered route dump whose callback fails at
 *                           message N, then a link dump on the same socket:
 *                           abort= (the first dump's result) seen= next=
 *                           links=
 *   nlprobe links           a link dump: links=
 *   nlprobe addrs IFINDEX   a filtered address dump: strict= addrs= foreign=
 *
 * Exits 0 when every netlink exchange did what the words say, else 1.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../guestnet.h"

struct probe {
	int index;	/* the interface filtered on, 0: none */
	int fail_at;	/* the callback fails at this message (1...), 0: never */
	unsigned seen;	/* messages of the dump's type */
	unsigned other; /* of another table or interface than asked */
};

static int route_count(void *ctx, uint16_t type, const unsigned char *p,
		       size_t len)
{
	struct probe *pr = ctx;
	struct nl_route_info r;
	int err;

	if (type != RTM_NEWROUTE)
		return 0;
	pr->seen++;
	if (pr->fail_at && pr->seen == (unsigned)pr->fail_at)
		return -E2BIG;
	err = nl_route_info_parse(p, len, &r);
	if (err == -ENOENT)
		return 0; /* a multicast family's */
	if (err)
		return err;
	if (pr->index && (r.oif != pr->index || r.table != RT_TABLE_MAIN))
		pr->other++;
	return 0;
}

static int addr_count(void *ctx, uint16_t type, const unsigned char *p,
		      size_t len)
{
	struct probe *pr = ctx;
	struct nl_addr_info a;
	int err;

	if (type != RTM_NEWADDR)
		return 0;
	err = nl_addr_info_parse(p, len, &a);
	if (err)
		return err;
	pr->seen++;
	if (a.index != pr->index)
		pr->other++;
	return 0;
}

static int link_count(void *ctx, uint16_t type, const unsigned char *p,
		      size_t len)
{
	struct probe *pr = ctx;
	struct nl_link_info l;

	if (type != RTM_NEWLINK)
		return 0;
	pr->seen++;
	return nl_link_info_parse(p, len, &l);
}

/* The dump in b run with fn; *us: how long it took, in microseconds. */
static int dump_timed(struct nl *nl, struct nl_batch *b, nl_dump_fn *fn,
		      struct probe *pr, long *us)
{
	struct timespec t0;
	struct timespec t1;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = nl_dump(nl, b, fn, pr);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*us = (t1.tv_sec - t0.tv_sec) * 1000000L +
	      (t1.tv_nsec - t0.tv_nsec) / 1000;
	return err;
}

int main(int argc, char **argv)
{
	struct probe pr = { 0 };
	struct probe next = { 0 };
	struct nl_batch b;
	const char *what = argc > 1 ? argv[1] : "";
	int arg = argc > 2 ? atoi(argv[2]) : 0;
	struct nl nl;
	int next_err;
	long us = 0;
	int err;

	err = nl_open(&nl);
	if (err) {
		printf("open=%d\n", err);
		return 1;
	}
	nl_batch_init(&b, nl.seq);
	if (!strcmp(what, "routes")) {
		pr.index = arg;
		nl_route_dump_request(&b, 0, arg);
		err = dump_timed(&nl, &b, route_count, &pr, &us);
		printf("result=%d strict=%d routes=%u foreign=%u us=%ld\n", err,
		       nl.strict, pr.seen, pr.other, us);
	} else if (!strcmp(what, "all-routes")) {
		nl_dump_request(&b, RTM_GETROUTE, 0);
		err = dump_timed(&nl, &b, route_count, &pr, &us);
		printf("result=%d routes=%u us=%ld\n", err, pr.seen, us);
	} else if (!strcmp(what, "abort")) {
		pr.fail_at = arg;
		nl_dump_request(&b, RTM_GETROUTE, 0);
		err = nl_dump(&nl, &b, route_count, &pr);
		nl_batch_init(&b, nl.seq);
		nl_dump_request(&b, RTM_GETLINK, 0);
		next_err = nl_dump(&nl, &b, link_count, &next);
		printf("abort=%d seen=%u next=%d links=%u\n", err, pr.seen,
		       next_err, next.seen);
		err = err == -E2BIG && next_err == 0 ? 0 : -EPROTO;
	} else if (!strcmp(what, "links")) {
		nl_dump_request(&b, RTM_GETLINK, 0);
		err = nl_dump(&nl, &b, link_count, &pr);
		printf("result=%d links=%u\n", err, pr.seen);
	} else if (!strcmp(what, "addrs")) {
		pr.index = arg;
		nl_addr_dump_request(&b, 0, arg);
		err = nl_dump(&nl, &b, addr_count, &pr);
		printf("result=%d strict=%d addrs=%u foreign=%u\n", err,
		       nl.strict, pr.seen, pr.other);
	} else {
		fprintf(stderr, "usage: nlprobe routes|all-routes|abort|links|addrs [N]\n");
		return 2;
	}
	close(nl.fd);
	return err ? 1 : 0;
}
