# SPDX-License-Identifier: Apache-2.0
# verify.awk: check a namespace's end state after one benchmark run.
#
# Input: `ip -o -b -` output of "link show", "addr show", "route show table all".
# -v checks="lo_up lo4 ..." names the checks to make; prints the name of each
# check that failed, one per line (nothing when the state is right).
#
#   lo_up   lo administratively up          up      gnb0 administratively up
#   lo4     127.0.0.1/8 on lo               mtu     gnb0 mtu 1400
#   lo6     ::1/128 on lo                   mac     gnb0 address 02:00:00:00:00:01
#   addr4   192.0.2.2/30 on gnb0            route4  default via 192.0.2.1 dev gnb0
#   addr6   2001:db8::2/64 on gnb0, not tentative (no DAD) nor dadfailed
#   route6  default via 2001:db8::1 dev gnb0

/^[0-9]+: lo: </ {
	if ($0 ~ /^[0-9]+: lo: <([^>]*,)?UP[,>]/) ok["lo_up"] = 1
}
/^[0-9]+: gnb0(@[^:]*)?: </ {
	if ($0 ~ /: <([^>]*,)?UP[,>]/) ok["up"] = 1
	if ($0 ~ / mtu 1400 /) ok["mtu"] = 1
	if ($0 ~ /link\/ether 02:00:00:00:00:01 /) ok["mac"] = 1
}
/^[0-9]+: lo +inet 127\.0\.0\.1\/8 / { ok["lo4"] = 1 }
/^[0-9]+: lo +inet6 ::1\/128 / { ok["lo6"] = 1 }
/^[0-9]+: gnb0 +inet 192\.0\.2\.2\/30 / { ok["addr4"] = 1 }
/^[0-9]+: gnb0 +inet6 2001:db8::2\/64 / {
	if ($0 !~ /tentative|dadfailed/) ok["addr6"] = 1
}
/^default via 192\.0\.2\.1 dev gnb0( |$)/ { ok["route4"] = 1 }
/^default via 2001:db8::1 dev gnb0( |$)/ { ok["route6"] = 1 }

END {
	n = split(checks, want, " ")
	for (i = 1; i <= n; i++)
		if (!(want[i] in ok))
			print want[i]
}
