#!/bin/bash
# CI on other Debian suites: for each of Debian 13 (trixie) and Debian unstable, make a root
# with tools/debian-root.sh (mmdebstrap, from Debian's archive), copy this tree in, build it
# there with this machine's Rust toolchain, and run with prove every test that needs no
# libvirt daemon (all of t/ but the QEMU and daemon tests t/6*, which stay on the host):
# coverage and POD against that suite's reference Sys::Virt, the differential tests, the
# events on the test driver, hostile input. Run as root, from .ci/run after the host tests.
#
#   tools/ci-roots.sh [SUITE...]          default: trixie unstable
#
# - The roots are made afresh in $SYSVIRT_ROOTS_DIR (default /var/tmp/sys-virt-ci-roots),
#   outside the clone; SYSVIRT_ROOTS_REUSE=1 reuses a usable root found there instead.
#   While one root's tests run, the next root is made (network and disk, not CPU).
# - A root that cannot be made (the archive unreachable, a suite whose packages cannot be
#   installed today) is reported loudly as SKIPPED, with a TAP "skip" line and the reason,
#   never as passed; it does not fail CI. A build or test failure in a root that was made
#   does: the exit status is 1 when any made root failed, else 0.
# - Mounts: debian-root.sh's "run" makes them in a private mount namespace; anything left
#   under a root is unmounted on exit all the same.
# - The end prints one summary per root: its versions, the time of each step and prove's
#   summary.
set -u
cd "$(dirname "$0")/.."
TREE=$PWD
DR=$TREE/tools/debian-root.sh
DIR=${SYSVIRT_ROOTS_DIR:-/var/tmp/sys-virt-ci-roots}
SUITES=${*:-trixie unstable}
LOGS=$DIR/logs

say() { echo "ci-roots: $*"; }
loud() {
    echo "######################################################################"
    echo "ci-roots: $*"
    echo "######################################################################"
}

[ "$(id -u)" = 0 ] || { say "must run as root"; exit 2; }
mkdir -p "$LOGS"

# The tests: every t/*.t but the QEMU and daemon tests (t/6*).
TESTS=$(cd "$TREE" && ls t/*.t | grep -v '^t/6[0-9]-')

declare -A MADE STATUS SUMMARY TIMES WHY
BG_PID=

# kill_tree PID: end PID and its descendants (by process id)
kill_tree() {
    local c
    for c in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$c"; done
    kill "$1" 2>/dev/null
}

cleanup() {
    if [ -n "$BG_PID" ]; then
        kill_tree "$BG_PID"
        wait "$BG_PID" 2>/dev/null
    fi
    for s in $SUITES; do
        [ -d "$DIR/$s" ] && bash "$DR" umount "$DIR/$s" >/dev/null 2>&1
    done
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# has_mounts DIR: something is mounted at or under DIR
has_mounts() {
    awk -v d="$1" '{ if ($5 == d || index($5, d "/") == 1) f = 1 } END { exit !f }' /proc/self/mountinfo
}

# make_root SUITE: make (or reuse) the root; its log is $LOGS/SUITE-make.log. Exit status 0
# when the root is usable.
make_root() {
    local s=$1 root=$DIR/$1
    if [ -z "${SYSVIRT_ROOTS_REUSE:-}" ] && [ -e "$root" ]; then
        bash "$DR" umount "$root" >/dev/null 2>&1
        bash "$DR" umount "$root.partial" >/dev/null 2>&1
        if has_mounts "$root" || has_mounts "$root.partial"; then
            echo "$root has mounts under it that could not be removed" >&2
            return 1
        fi
        rm -rf --one-file-system "$root" "$root.partial" "$root.partial.log"
    fi
    bash "$DR" make "$s" "$root"
}

# start_make SUITE: make_root in the background, into its log
start_make() {
    local s=$1
    say "making the $s root in $DIR/$s (log: $LOGS/$s-make.log)"
    ( t0=$(date +%s); make_root "$s" >"$LOGS/$s-make.log" 2>&1; rc=$?
      echo "$(( $(date +%s) - t0 ))" >"$LOGS/$s-make.time"; exit $rc ) &
    BG_PID=$!
}

# wait_make SUITE: wait for the background make of SUITE; record whether the root was made
wait_make() {
    local s=$1 rc=0
    wait "$BG_PID" || rc=$?
    BG_PID=
    TIMES[$s]="make $(cat "$LOGS/$s-make.time" 2>/dev/null || echo '?') s"
    if [ $rc = 0 ]; then
        MADE[$s]=1
        say "$s root ready: $(grep -E '^  (os|perl|libvirt|Sys::Virt):' "$LOGS/$s-make.log" | sed 's/^ *//' | paste -sd ';' -)"
    else
        MADE[$s]=0
        WHY[$s]=$(grep -v '^\s*$' "$LOGS/$s-make.log" | tail -n 1)
        # Is the archive reachable at all? (Only to say why.)
        mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
        if ! perl -MHTTP::Tiny -e 'exit(HTTP::Tiny->new(timeout => 20)->head($ARGV[0])->{status} < 500 ? 0 : 1)' \
                "$mirror/dists/$s/Release" 2>/dev/null; then
            WHY[$s]="Debian's archive is unreachable ($mirror); ${WHY[$s]}"
        fi
        loud "the $s root could not be made: ${WHY[$s]}
ci-roots: its tests are SKIPPED, not passed. The end of the log ($LOGS/$s-make.log):"
        tail -n 25 "$LOGS/$s-make.log"
    fi
}

# test_root SUITE: copy the tree in, build, run the tests; prove's output goes to the
# terminal and to $LOGS/SUITE-test.log
test_root() {
    local s=$1 root=$DIR/$1 t0 t1 t2 rc=0
    t0=$(date +%s)
    if ! bash "$DR" copy "$root" "$TREE"; then
        STATUS[$s]=FAIL; SUMMARY[$s]="the tree could not be copied in"; return
    fi
    say "$s: building"
    if ! bash "$DR" run "$root" /bin/sh -c 'perl Makefile.PL && make' >"$LOGS/$s-build.log" 2>&1; then
        tail -n 40 "$LOGS/$s-build.log"
        loud "$s: the build FAILED (log: $LOGS/$s-build.log)"
        STATUS[$s]=FAIL; SUMMARY[$s]="build failed"
        TIMES[$s]="${TIMES[$s]}, build $(( $(date +%s) - t0 )) s"
        return
    fi
    t1=$(date +%s)
    say "$s: running the tests that need no daemon"
    # shellcheck disable=SC2086
    bash "$DR" run "$root" env PERL_DL_NONLAZY=1 prove -b --timer $TESTS 2>&1 | tee "$LOGS/$s-test.log"
    rc=${PIPESTATUS[0]}
    t2=$(date +%s)
    TIMES[$s]="${TIMES[$s]}, copy and build $(( t1 - t0 )) s, tests $(( t2 - t1 )) s"
    SUMMARY[$s]=$(sed -n '/^Test Summary Report/,$p' "$LOGS/$s-test.log" | grep -v '^debian-root.sh: ')
    [ -n "${SUMMARY[$s]}" ] || SUMMARY[$s]=$(grep -E '^(All tests successful|Files=|Result:)' "$LOGS/$s-test.log")
    if [ "$rc" = 0 ] && grep -q '^Result: PASS' "$LOGS/$s-test.log"; then
        STATUS[$s]=PASS
    else
        STATUS[$s]=FAIL
        loud "$s: tests FAILED (exit $rc)"
    fi
}

T0=$(date +%s)
set -- $SUITES
start_make "$1"
while [ $# -gt 0 ]; do
    s=$1
    shift
    wait_make "$s"
    # The next root is made while this one builds and tests.
    [ $# -gt 0 ] && start_make "$1"
    if [ "${MADE[$s]}" = 1 ]; then
        test_root "$s"
    else
        STATUS[$s]=SKIP
    fi
done

echo
echo "=================== ci-roots: summary ($(( $(date +%s) - T0 )) s in all) ==================="
fail=0
n=0
for s in $SUITES; do
    n=$((n + 1))
    echo "--- $s: ${STATUS[$s]}"
    if [ "${STATUS[$s]}" = SKIP ]; then
        echo "ok $n # skip $s root could not be made: ${WHY[$s]}"
        echo "    (its tests did NOT run)"
        echo "    ${TIMES[$s]}"
        continue
    fi
    grep -E '^  (os|perl|libvirt|Sys::Virt):' "$LOGS/$s-make.log" | sed 's/^ */    /'
    echo "    ${TIMES[$s]}"
    echo "${SUMMARY[$s]}" | sed 's/^/    /'
    if [ "${STATUS[$s]}" = PASS ]; then
        echo "ok $n - $s: build and tests"
    else
        echo "not ok $n - $s: build and tests"
        fail=1
    fi
done
echo "1..$n"
exit $fail
