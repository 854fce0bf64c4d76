#!/usr/bin/env python3
# test/hostile.py - run the hostile-input catalogue test/hostile.txt (its
# head says what a case is and what is checked). Started by test/hostile.sh.
#
# Outer part: makes the network namespace gnh-hos-PID with a veth pair
# gnh0/gnh0p in a known state (a MAC, an MTU, IPv4 and IPv6 addresses, up),
# a default route, and a --root directory with existing /etc files; then runs the inner part inside
# that namespace and new UTS and mount namespaces; deletes it all on exit.
# Inner part: records the state (ip -j link / addr / route for both families,
# the hostname, every file under the root with mode, mtime and hash), runs
# every case, and after each compares the state with the record.
#
# Env: HOSTILE_FILE (default test/hostile.txt), GUESTNET (default ./guestnet),
# GUESTNET_RUNNER (a prefix such as "valgrind --error-exitcode=1 -q"),
# HOSTILE_STATS (a file for the figures).
import codecs
import hashlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
NET_OK = "iface=gnh0,mac=02:00:00:00:00:01"


def sh(*cmd, ns=None):
    if ns:
        cmd = ("ip", "-n", ns) + cmd[1:] if cmd[0] == "ip" else ("ip", "netns", "exec", ns) + cmd
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=30)


def decode(v):
    v = re.sub(r"\{(.*?)\*(\d+)\}", lambda m: m.group(1) * int(m.group(2)), v)
    return codecs.decode(v, "unicode_escape").encode("latin-1")


def load(path):
    cases = []
    with open(path, encoding="ascii") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            case = {"line": no, "expect": fields[0].split(" && "), "env": {}, "args": [],
                    "cmdline": None}
            for a in fields[1:]:
                k, _, v = a.partition("=")
                if k == "@cmdline":
                    case["cmdline"] = decode(v)
                elif k == "@arg":
                    case["args"].append(decode(v))
                elif k.startswith("MSB_"):
                    case["env"][k.encode()] = decode(v)
                else:
                    raise SystemExit("test/hostile.txt:%d: bad field %r" % (no, a))
            cases.append(case)
    return cases


# EXPECT "MSB_NET: mac: is multicast": a line that starts "guestnet: MSB_NET:
# mac: " (the variable and the key, or an option "--wait: ") and holds the
# rest, "is multicast", somewhere after.
HEAD = re.compile(r"^((?:MSB_[A-Z0-9_]+(?: \(from [^)]*\))?|--[a-z-]+): "
                  r"(?:(?:iface|mac|mtu|addr|gw|dns): )?)(.*)$")


def matches(expect, line):
    m = HEAD.match(expect)
    head, rest = (m.group(1), m.group(2)) if m else ("", expect)
    return line.startswith("guestnet: " + head) and rest in line[len("guestnet: " + head):]


def snapshot(root):
    st = {}
    for name, cmd in (("link", ["ip", "-j", "link", "show"]),
                      ("addr", ["ip", "-j", "addr", "show"]),
                      ("route4", ["ip", "-4", "-j", "route", "show", "table", "all"]),
                      ("route6", ["ip", "-6", "-j", "route", "show", "table", "all"])):
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, timeout=30).stdout
        st[name] = json.loads(out or b"[]")
    st["hostname"] = socket.gethostname()
    files = {}
    for d, dirs, names in os.walk(root):
        for n in sorted(dirs + names):
            p = os.path.join(d, n)
            s = os.lstat(p)
            e = [oct(s.st_mode), s.st_size, s.st_mtime_ns, s.st_ino]
            if os.path.islink(p):
                e.append(os.readlink(p))
            elif os.path.isfile(p):
                with open(p, "rb") as f:
                    e.append(hashlib.sha256(f.read()).hexdigest())
            files[os.path.relpath(p, root)] = e
    st["root"] = files
    return st


def diff(a, b):
    return [k for k in a if a[k] != b[k]]


def inner(root, stats):
    guestnet = os.environ.get("GUESTNET") or os.path.join(TOP, "guestnet")
    runner = shlex.split(os.environ.get("GUESTNET_RUNNER", ""))
    slow = bool(runner)
    socket.sethostname("gnh-hostile")
    cases = load(os.environ.get("HOSTILE_FILE") or os.path.join(TOP, "test", "hostile.txt"))
    base = snapshot(root)
    ok = 0
    changed = 0
    cmdfile = os.path.join(os.path.dirname(root), "cmdline")
    for c in cases:
        name = "hostile:%d %s" % (c["line"], c["expect"][0])
        args = runner + [guestnet, "--root", root]
        if c["cmdline"] is not None:
            with open(cmdfile, "wb") as f:
                f.write(c["cmdline"])
            args.append("--cmdline=" + cmdfile)
        args += c["args"]
        env = {b"PATH": b"/usr/sbin:/usr/bin:/sbin:/bin"}
        env.update(c["env"])
        why = []
        try:
            r = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=120 if slow else 20)
            err = r.stderr.decode("latin-1")
            if r.returncode != 2:
                why.append("exit %d, not 2" % r.returncode)
            if r.stdout:
                why.append("printed on stdout: %r" % r.stdout[:80])
            for e in c["expect"]:
                # a value from --cmdline is said to come from its file
                e = e.replace("{CMDLINE}", cmdfile)
                if not any(matches(e, ln) for ln in err.splitlines()):
                    why.append("no stderr line 'guestnet: %s'" % e)
            for ln in err.splitlines():
                if not ln.startswith("guestnet: ") and ln != "Try 'guestnet --help'." \
                        and not (slow and ln.startswith("==")):
                    why.append("stray stderr line %r" % ln[:80])
                    break
                if any(ord(ch) < 32 or ord(ch) >= 127 for ch in ln):
                    why.append("unescaped byte on stderr %r" % ln[:80])
                    break
        except subprocess.TimeoutExpired:
            why.append("timed out")
            err = ""
        now = snapshot(root)
        d = diff(base, now)
        if d:
            changed += 1
            why.append("changed: " + ", ".join(d))
            base = now
        if why:
            print("FAIL %s: %s" % (name, "; ".join(why)))
            for ln in err.splitlines()[:4]:
                print("    " + ln)
        else:
            ok += 1
            print("PASS %s" % name)
    if stats:
        with open(stats, "w") as f:
            f.write("cases=%d\nrefused_ok=%d\nchanged=%d\n" % (len(cases), ok, changed))
    return 0 if ok == len(cases) else 1


def outer():
    ns = "gnh-hos-%d" % os.getpid()
    tmp = tempfile.mkdtemp(prefix="gnh-hostile.")
    root = os.path.join(tmp, "root")

    def cleanup(*_):
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", tmp])
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(130))
    signal.signal(signal.SIGINT, lambda *a: sys.exit(130))
    try:
        os.makedirs(os.path.join(root, "etc"))
        os.chmod(root, 0o755)
        os.chmod(os.path.join(root, "etc"), 0o755)
        for n, data in (("hosts", b"# the image's hosts\n127.0.0.1\tlocalhost\n"),
                        ("hostname", b"image\n")):
            with open(os.path.join(root, "etc", n), "wb") as f:
                f.write(data)
        os.symlink("../run/systemd/resolve/stub-resolv.conf", os.path.join(root, "etc", "resolv.conf"))
        sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", "gnh0", "address", "02:00:00:00:00:99", "mtu", "1400",
           "type", "veth", "peer", "name", "gnh0p", ns=ns)
        for i in ("gnh0", "gnh0p"):
            sh("ip", "link", "set", i, "addrgenmode", "none", ns=ns)
        sh("ip", "link", "set", "gnh0p", "up", ns=ns)
        sh("ip", "addr", "add", "198.51.100.5/24", "dev", "gnh0", ns=ns)
        sh("ip", "addr", "add", "2001:db8:ff::5/64", "dev", "gnh0", "nodad", ns=ns)
        sh("ip", "link", "set", "gnh0", "up", ns=ns)
        sh("ip", "route", "add", "default", "via", "198.51.100.1", ns=ns)
        env = dict(os.environ)
        r = subprocess.run(["timeout", "1800", "ip", "netns", "exec", ns, "unshare", "--uts",
                            "--mount", sys.executable, os.path.abspath(__file__), "--inner", root],
                           env=env)
        return r.returncode
    except subprocess.CalledProcessError as e:
        print("FAIL hostile setup: %s" % e)
        return 1
    finally:
        cleanup()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--inner":
        sys.exit(inner(sys.argv[2], os.environ.get("HOSTILE_STATS")))
    sys.exit(outer())
