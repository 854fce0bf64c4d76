# SPDX-License-Identifier: Apache-2.0
# analyze.awk: summarise one `strace -f -o FILE` log (pid-prefixed lines).
#
# Prints:
#   syscalls N        every system call, once (an <unfinished ...> call and its
#                     <... resumed> tail count as one), execve to exit included
#   processes N       distinct pids seen
#   exec PATH         each successful execve
#   lib PATH          each shared object opened successfully (open/openat)
#   call NAME N       per-syscall counts
# Signal deliveries (--- SIG... ---) and exit notices (+++ ... +++) are not
# system calls and are skipped.

function handle(pid, rest,    name, path) {
	nsys++
	name = rest
	sub(/\(.*/, "", name)
	count[name]++
	if (name == "execve" || name == "open" || name == "openat") {
		path = rest
		if (sub(/^[^"]*"/, "", path) == 0)
			return
		sub(/".*/, "", path)
		if (rest !~ /\) += [0-9]+( |$)/)
			return
		if (name == "execve")
			print "exec " path
		else if (path ~ /\.so(\.[0-9.]+)?$/)
			print "lib " path
	}
}

{
	pid = $1
	rest = $0
	sub(/^[0-9]+ +/, "", rest)
	pids[pid] = 1
}
rest ~ /^(\+\+\+|---) / { next }
rest ~ /<unfinished \.\.\.>$/ {
	sub(/ *<unfinished \.\.\.>$/, "", rest)
	pending[pid] = rest
	next
}
rest ~ /^<\.\.\. [a-z0-9_]+ resumed>/ {
	sub(/^<\.\.\. [a-z0-9_]+ resumed>/, "", rest)
	handle(pid, pending[pid] rest)
	delete pending[pid]
	next
}
{ handle(pid, rest) }

END {
	np = 0
	for (p in pids)
		np++
	print "syscalls " nsys + 0
	print "processes " np
	for (c in count)
		print "call " c " " count[c]
}
