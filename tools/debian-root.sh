#!/bin/bash
# Debian roots (chroots) for building and testing Sys::Virt against newer perl and libvirt
# than the machine's own, e.g. Debian 13 (trixie) and unstable from a Debian 12 machine.
# Run as root.
#
#   tools/debian-root.sh make SUITE DIR    make a root for SUITE (trixie or unstable) at DIR
#                                          with mmdebstrap; reuses DIR if it already holds a
#                                          usable root of that suite (installs what it lacks)
#   tools/debian-root.sh copy DIR [SRC]    copy the working tree of SRC (default: this
#                                          repository) to DIR/build/sys-virt: tracked and
#                                          untracked files, not ignored ones (target/,
#                                          blib/, Makefile...). The root's own target/ is
#                                          kept between copies; everything else there is
#                                          replaced, so no stale blib/ or Makefile survives
#   tools/debian-root.sh run DIR [CMD...]  run CMD (default: an interactive bash) in the
#                                          root as root, in /build/sys-virt if it exists,
#                                          with /proc, /dev, ~/.cargo and ~/.rustup bound in
#                                          at the same paths, PATH starting with
#                                          ~/.cargo/bin and HOME set; everything is
#                                          unmounted afterwards, also on failure or signal
#   tools/debian-root.sh test DIR [ARGS]   copy, then run
#                                          "perl Makefile.PL && make && make test ARGS"
#   tools/debian-root.sh check DIR         say whether DIR is a usable root, and its versions
#   tools/debian-root.sh umount DIR        unmount anything left mounted under DIR
#
# CMD is an argument vector, not a shell string: use
#   tools/debian-root.sh run DIR sh -c 'perl Makefile.PL && make'
#
# The environment inside is clean (env -i): HOME, PATH, LANG=C.UTF-8, TERM, USER, LOGNAME,
# and from the caller's environment only SYSVIRT_*, HARNESS_*, TEST_VERBOSE, RUST_BACKTRACE,
# RUST_LOG, CARGO_TERM_*, CARGO_NET_*, CARGO_BUILD_JOBS and the http/https/no proxy
# variables.
#
# Environment of this script:
#   DEBIAN_MIRROR       the archive (default http://deb.debian.org/debian)
#   DEBIAN_ROOT_EXTRA   more packages for "make" (space separated)
#
# Notes:
# - The mounts of "run" are made in a private mount namespace (unshare) when unshare is
#   available, so they are never visible outside, vanish with the command even if it is
#   killed, and an "rm -rf DIR" elsewhere cannot walk into the bound ~/.cargo. Without
#   unshare they are made in the caller's namespace and a trap removes them.
# - The archive reached from CI may be a snapshot whose Release files look expired: the
#   root is made with Acquire::Check-Valid-Until "false", which mmdebstrap also writes to
#   the root's /etc/apt/apt.conf.d/99mmdebstrap, so apt-get inside needs no option.
# - mmdebstrap removes the package lists from the root: run "apt-get update" inside before
#   installing anything else.
# - test:///default (libvirt's in-process test driver) is part of libvirt0 in bookworm,
#   trixie and unstable: no daemon package is needed for it.
set -eu

PROG=${0##*/}
SELF=$(readlink -f "$0")
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
MARKER=etc/sys-virt-root    # in the root: SUITE=..., written once the root is complete
SRC_IN_ROOT=/build/sys-virt

# What the build and the daemon-less tests need (t/*.t):
#   perl, gcc, make, pkg-config, libc6-dev   the CPAN build; gcc compiles the C shim
#   libcrypt-dev       perl's CORE/reentr.h includes crypt.h; libc6-dev no longer brings it
#   libvirt-dev        headers, libvirt.pc, /usr/share/libvirt/api/*.xml (t/03)
#   libvirt0           libvirt, with the in-process test:///default driver
#   libxml2-dev        the module links libxml2 itself
#   libsys-virt-perl   the XS reference for the differential tests (t/05, t/5*.t)
#   libtest-pod-perl, libtest-pod-coverage-perl   t/02-pod.t, t/04-pod-coverage.t
#   libcpan-changes-perl   Test::CPAN::Changes for t/06-changes.t (there is no
#                      libtest-cpan-changes-perl in trixie or unstable)
#   git                cargo's git dependencies, and tools/distcheck.sh
#   cpanminus          tools/distcheck.sh installs the tarball with cpanm
#   ca-certificates    cargo reaches crates.io over https from inside the root
#   libfuture-perl, libfuture-asyncawait-perl, libio-async-perl, libanyevent-perl,
#   libmojolicious-perl    Sys::Virt::Async's Futures and the loops of its tests (t/8*)
PACKAGES="perl libsys-virt-perl libvirt0 libvirt-dev pkg-config gcc make libc6-dev
libcrypt-dev libxml2-dev git ca-certificates libtest-pod-perl libtest-pod-coverage-perl
libcpan-changes-perl cpanminus libfuture-perl libfuture-asyncawait-perl libio-async-perl
libanyevent-perl libmojolicious-perl"

log() { echo "$PROG: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
    sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$SELF" >&2
    exit 2
}

need_root() { [ "$(id -u)" = 0 ] || die "must run as root"; }

# abs DIR: DIR as an absolute path without a trailing slash (DIR need not exist)
abs() {
    case $1 in
        /*) p=$1 ;;
        *) p=$PWD/$1 ;;
    esac
    while [ "${p%/}" != "$p" ] && [ "$p" != / ]; do p=${p%/}; done
    echo "$p"
}

# mounts_under DIR: mount points at or below DIR, deepest first
mounts_under() {
    awk -v d="$1" '{ m = $5; gsub(/\\040/, " ", m);
                     if (m == d || index(m, d "/") == 1) print length(m) "\t" m }' \
        /proc/self/mountinfo | sort -rn | cut -f2-
}

suite_packages() {
    # Same names in trixie and unstable today; a suite-specific list goes here.
    echo $PACKAGES ${DEBIAN_ROOT_EXTRA:-}
}

# hosts_file DIR: the root's /etc/hosts names this machine (libvirt otherwise logs
# "getaddrinfo failed" at the first connection)
hosts_file() {
    h=$(hostname)
    f=$1/etc/hosts
    if [ ! -s "$f" ]; then
        printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$f"
    fi
    grep -qE "^[^#]*[[:space:]]$h([[:space:]]|\$)" "$f" || printf '127.0.1.1\t%s\n' "$h" >>"$f"
}

root_suite() { sed -n 's/^SUITE=//p' "$1/$MARKER" 2>/dev/null; }

# missing_packages DIR SUITE: the packages of the list not installed in the root
missing_packages() {
    miss=
    for p in $(suite_packages "$2"); do
        s=$(chroot "$1" dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        [ "$s" = "install ok installed" ] || miss="$miss $p"
    done
    echo $miss
}

versions() {
    chroot "$1" /bin/sh -c '
        . /etc/os-release; echo "  os:        $PRETTY_NAME"
        echo "  perl:      $(perl -e "print \$^V")"
        echo "  libvirt:   $(pkg-config --modversion libvirt 2>/dev/null || echo none)"
        echo "  Sys::Virt: $(perl -MSys::Virt -e "print \$Sys::Virt::VERSION" 2>/dev/null || echo none)"'
}

# usable DIR: DIR is a complete root made by this script that loads the reference Sys::Virt
usable() {
    [ -s "$1/$MARKER" ] && [ -x "$1/usr/bin/perl" ] \
        && chroot "$1" /usr/bin/perl -MSys::Virt -e1 >/dev/null 2>&1
}

ensure_mmdebstrap() {
    command -v mmdebstrap >/dev/null 2>&1 && return 0
    log "installing mmdebstrap on the host"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq -o Acquire::Check-Valid-Until=false || true
    apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null \
        || die "could not install mmdebstrap"
}

cmd_make() {
    [ $# = 2 ] || usage
    suite=$1
    dir=$(abs "$2")
    need_root
    case $suite in
        trixie|unstable|sid) ;;
        *) log "warning: $suite is neither trixie nor unstable; trying anyway" ;;
    esac
    [ -z "$(mounts_under "$dir")" ] || die "$dir has mounts under it; run: $PROG umount $dir"
    t0=$(date +%s)
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        usable "$dir" || die "$dir exists, is not empty and is not a usable root; remove it first"
        have=$(root_suite "$dir")
        [ "$have" = "$suite" ] || die "$dir is a root for $have, not $suite"
        hosts_file "$dir"
        miss=$(missing_packages "$dir" "$suite")
        if [ -n "$miss" ]; then
            log "$dir: reusing the $suite root; installing what it lacks: $miss"
            bash "$SELF" run "$dir" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends $miss >/dev/null && apt-get clean"
        else
            log "$dir: already a usable $suite root; reusing it"
        fi
        versions "$dir"
        log "make $suite $dir: $(( $(date +%s) - t0 )) s"
        return 0
    fi
    ensure_mmdebstrap
    part=$dir.partial
    [ -z "$(mounts_under "$part")" ] || die "$part has mounts under it; run: $PROG umount $part"
    rm -rf "$part"
    mkdir -p "$(dirname "$dir")"
    log "making a $suite root at $dir from $MIRROR"
    pk=$(suite_packages "$suite" | tr ' ' ',')
    if ! mmdebstrap --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
            --include="$pk" "$suite" "$part" "$MIRROR" >"$part.log" 2>&1; then
        tail -n 30 "$part.log" >&2
        [ -z "$(mounts_under "$part")" ] && rm -rf "$part"
        die "mmdebstrap failed (whole log: $part.log)"
    fi
    hosts_file "$part"
    echo "SUITE=$suite" >"$part/$MARKER"
    [ -e "$dir" ] && rmdir "$dir"
    mv "$part" "$dir"
    mv "$part.log" "$dir/var/log/mmdebstrap.log"
    usable "$dir" || die "$dir was made but perl -MSys::Virt fails in it"
    versions "$dir"
    log "make $suite $dir: $(( $(date +%s) - t0 )) s, $(du -sh "$dir" | cut -f1)"
}

cmd_copy() {
    [ $# = 1 ] || [ $# = 2 ] || usage
    dir=$(abs "$1")
    src=${2:-$(dirname "$SELF")/..}
    src=$(git -C "$src" rev-parse --show-toplevel) || die "$src is not in a git work tree"
    [ -x "$dir/usr/bin/perl" ] || die "$dir is not a root (no usr/bin/perl)"
    t0=$(date +%s)
    dest=$dir$SRC_IN_ROOT
    mkdir -p "$dest"
    # Everything but the root's own cargo target directory goes.
    find "$dest" -mindepth 1 -maxdepth 1 ! -name target -exec rm -rf {} +
    # Tracked and untracked files as they are in the working tree (deleted ones skipped),
    # with their times, so cargo sees what changed since the last copy.
    (cd "$src" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done \
        | tar --null --no-recursion -T - -cf -) | tar -C "$dest" -xf -
    n=$(find "$dest" -path "$dest/target" -prune -o -type f -print | wc -l)
    log "copy $src -> $dest: $n files, $(( $(date +%s) - t0 )) s"
}

# The mounts and the chroot of "run"; called in a private mount namespace when possible.
run_inner() {
    dir=$1
    shift
    mounted=
    cleanup() {
        for m in $mounted; do
            umount -R "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
        done
        mounted=
    }
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    bind() { # bind SRC TARGET [rec]
        mkdir -p "$2"
        if [ "${3:-}" = rec ]; then
            mount --rbind "$1" "$2"
            mount --make-rslave "$2" 2>/dev/null || true
        else
            mount --bind "$1" "$2"
        fi
        mounted="$2 $mounted"
    }
    mount -t proc proc "$dir/proc" 2>/dev/null || { mount --bind /proc "$dir/proc"; }
    mounted="$dir/proc $mounted"
    bind /dev "$dir/dev" rec
    cargo_home=${CARGO_HOME:-$HOME/.cargo}
    rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
    [ -d "$cargo_home" ] && bind "$cargo_home" "$dir$cargo_home"
    [ -d "$rustup_home" ] && bind "$rustup_home" "$dir$rustup_home"
    mkdir -p "$dir$HOME"
    [ -d "$dir/tmp" ] && chmod 1777 "$dir/tmp"
    hosts_file "$dir"
    cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true

    path=$cargo_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    envv=("HOME=$HOME" "PATH=$path" LANG=C.UTF-8 "TERM=${TERM:-dumb}" USER=root LOGNAME=root)
    [ -n "${CARGO_HOME:-}" ] && envv+=("CARGO_HOME=$CARGO_HOME")
    [ -n "${RUSTUP_HOME:-}" ] && envv+=("RUSTUP_HOME=$RUSTUP_HOME")
    while IFS= read -r -d '' kv; do
        case ${kv%%=*} in
            SYSVIRT_*|HARNESS_*|TEST_VERBOSE|RUST_BACKTRACE|RUST_LOG|CARGO_TERM_*|CARGO_NET_*|\
            CARGO_BUILD_JOBS|http_proxy|https_proxy|no_proxy|HTTP_PROXY|HTTPS_PROXY|NO_PROXY)
                envv+=("$kv") ;;
        esac
    done < <(env -0)
    wd=/
    [ -d "$dir$SRC_IN_ROOT" ] && wd=$SRC_IN_ROOT
    # Not exec: the trap must run after the command.
    rc=0
    chroot "$dir" /bin/sh -c 'cd "$0" && exec "$@"' "$wd" env -i "${envv[@]}" "$@" || rc=$?
    cleanup
    return $rc
}

cmd_run() {
    [ $# -ge 1 ] || usage
    dir=$(abs "$1")
    shift
    need_root
    [ -x "$dir/usr/bin/perl" ] || die "$dir is not a root (no usr/bin/perl)"
    [ $# -gt 0 ] || set -- /bin/bash -l
    t0=$(date +%s)
    rc=0
    if [ -z "${DEBIAN_ROOT_NS:-}" ] && command -v unshare >/dev/null 2>&1 \
        && unshare --mount --propagation private true 2>/dev/null; then
        DEBIAN_ROOT_NS=1 unshare --mount --propagation private bash "$SELF" __run "$dir" "$@" || rc=$?
    else
        [ -z "$(mounts_under "$dir")" ] || die "$dir has mounts under it (another run?); $PROG umount $dir"
        run_inner "$dir" "$@" || rc=$?
    fi
    log "run in $dir: exit $rc, $(( $(date +%s) - t0 )) s"
    return $rc
}

cmd_test() {
    [ $# -ge 1 ] || usage
    dir=$1
    shift
    cmd_copy "$dir"
    args=
    [ $# -gt 0 ] && args=$(printf ' %q' "$@")
    cmd_run "$dir" /bin/bash -c "set -e; t0=\$(date +%s)
        perl Makefile.PL; make
        echo \"$PROG: build: \$(( \$(date +%s) - t0 )) s\" >&2
        make test$args"
}

cmd_check() {
    [ $# = 1 ] || usage
    dir=$(abs "$1")
    usable "$dir" || die "$dir is not a usable root"
    suite=$(root_suite "$dir")
    echo "$dir: $suite root"
    versions "$dir"
    miss=$(missing_packages "$dir" "$suite")
    [ -z "$miss" ] || { echo "  missing:   $miss"; return 1; }
    m=$(mounts_under "$dir")
    [ -z "$m" ] || { echo "  mounted:   $m"; return 1; }
}

cmd_umount() {
    [ $# = 1 ] || usage
    need_root
    dir=$(abs "$1")
    for m in $(mounts_under "$dir"); do
        umount -R "$m" 2>/dev/null || umount -l "$m" || log "could not unmount $m"
    done
    m=$(mounts_under "$dir")
    [ -z "$m" ] || die "still mounted: $m"
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
    make) cmd_make "$@" ;;
    copy) cmd_copy "$@" ;;
    run) cmd_run "$@" ;;
    test) cmd_test "$@" ;;
    check) cmd_check "$@" ;;
    umount) cmd_umount "$@" ;;
    __run) run_inner "$@" ;;
    -h|--help|help) usage ;;
    *) usage ;;
esac
