#!/bin/bash
# Builds the Debian package and checks it where users meet it, never on this machine (whose
# XS module the differential tests need):
#  1. copies the source tree to a scratch directory, vendors the crates of Cargo.lock into
#     it (cargo vendor --locked) and builds the binary package there with
#     `dpkg-buildpackage -us -uc -b`, offline from vendor/ as a builder without network
#     would (debian/README.source), with DEB_BUILD_OPTIONS=nocheck: the same tests ran
#     from the tree before (.ci/run), and run below against the installed copy;
#  2. checks the package's version, Provides, Conflicts, Replaces and files;
#  3. makes a clean Debian 12 (bookworm) root with mmdebstrap and there runs
#     `apt-get install ./the.deb libguestfs-perl`, so apt must take this package for
#     libsys-virt-perl, which libguestfs-perl depends on;
#  4. checks that a plain `perl -MSys::Virt` there loads this module from the vendor
#     directory (the file is this package's, and Sys::Virt::Error->level returns the
#     level, where the XS module returns the code);
#  5. runs with prove, against the installed copy (no -b, no -Mblib), every test of t/ that
#     needs neither a libvirt daemon, nor the XS reference module (whose path the package
#     now holds), nor the source tree; the others are listed as skipped, with the reason.
# Any failure stops it with "deb-check: FAILED". Run as root from anywhere in the tree, on
# Debian 12 with network access to the Debian archive (and to crates.io for crates not in
# the cargo cache). Installs what it needs on the host: dpkg-dev, mmdebstrap and the
# package's Build-Depends.
#
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_SECURITY_MIRROR
# (default http://deb.debian.org/debian-security); DEB_CHECK_KEEP=1
# keeps the scratch directory (the .deb, the logs and the root) and prints where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
SUITE=bookworm
PKG=libsys-virt-rust-perl

t_start=$(date +%s)
say() { echo "deb-check: $*"; }
die() { echo "deb-check: FAILED: $*" >&2; exit 1; }
since() { echo "$(( $(date +%s) - $1 )) s"; }
# log_or_die LOG MESSAGE: show the end of LOG and fail with MESSAGE
log_or_die() { tail -n 80 "$1" >&2; die "$2 (whole log: $1)"; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, mmdebstrap, chroot)"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "$top is not a git work tree"

work=$(mktemp -d /var/tmp/deb-check.XXXXXX)
root=$work/root
cleanup() {
    if [ "${DEB_CHECK_KEEP:-0}" = 1 ]; then
        say "kept $work"
    else
        # The root's mounts live in a mount namespace of their own (below), so nothing is
        # mounted here; --one-file-system guards against a mount left by anything else.
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ what the host needs
export DEBIAN_FRONTEND=noninteractive
missing=
for p in dpkg-dev mmdebstrap; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    say "installing$missing"
    apt-get install -y -qq --no-install-recommends $missing >/dev/null || die "could not install$missing"
fi

# ------------------------------------------------------------------ 1. build
# The tree's tracked and untracked (not ignored) files as they are now, without target/,
# blib/ and the other build products, which .gitignore lists.
src=$work/src
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do { [ -e "$f" ] || [ -L "$f" ]; } && printf '%s\0' "$f"; done \
    | tar --null --no-recursion -T - -cf - | tar -C "$src" -xf -
[ -f "$src/debian/control" ] || die "no debian/control in the tree"

t0=$(date +%s)
apt-get build-dep -y -qq "$src" >"$work/build-dep.log" 2>&1 \
    || log_or_die "$work/build-dep.log" "could not install the package's Build-Depends"
(cd "$src" && cargo vendor --locked vendor >/dev/null) >"$work/vendor.log" 2>&1 \
    || log_or_die "$work/vendor.log" "cargo vendor failed"
say "crates vendored: $(ls "$src/vendor" | wc -l) crates of Cargo.lock, $(du -sh "$src/vendor" | cut -f1) ($(since "$t0"))"

t0=$(date +%s)
if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" \
        dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
    log_or_die "$work/build.log" "the package did not build"
fi
grep '^debian/rules:' "$work/build.log" | sed 's/^/deb-check: /' || true
arch=$(dpkg --print-architecture)
debs=("$work"/${PKG}_*_"$arch".deb)
[ -f "${debs[0]}" ] && [ ${#debs[@]} = 1 ] || die "expected one ${PKG}_*_$arch.deb, found: ${debs[*]}"
deb=${debs[0]}
grep -q 'crates vendored in vendor/' "$work/build.log" \
    || die "the build did not use the vendored crates (see $work/build.log)"
say "built ${deb##*/} ($(du -h "$deb" | cut -f1)) in $(since "$t0")"

# ------------------------------------------------------------------ 2. the package
api=$(perl -MExtUtils::MakeMaker -e 'print MM->parse_version($ARGV[0])' "$top/lib/Sys/Virt.pm")
field() { dpkg-deb -f "$deb" "$1"; }
version=$(field Version)
case $version in "$api"-*) ;; *) die "Version is $version, not $api-<revision> (lib/Sys/Virt.pm's \$VERSION)" ;; esac
case ", $(field Provides), " in
    *", libsys-virt-perl (= $api), "*) ;;
    *) die "Provides is '$(field Provides)', without libsys-virt-perl (= $api)" ;;
esac
for f in Conflicts Replaces; do
    field "$f" | grep -qw 'libsys-virt-perl' || die "$f is '$(field "$f")', without libsys-virt-perl"
done
vendorarch=$(perl -MConfig -e 'print $Config{vendorarch}')
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$work/contents"
want="$vendorarch/auto/Sys/Virt/Virt.so"
for pm in $(cd "$top/lib" && find . -name '*.pm' | sed 's|^\./||' | sort); do
    mod=${pm%.pm}
    want="$want $vendorarch/$pm /usr/share/man/man3/${mod//\//::}.3pm.gz"
done
for f in $want; do
    grep -qxF "$f" "$work/contents" || die "the package lacks $f"
done
say "package $(field Package) $version: Provides: $(field Provides); Conflicts and Replaces: libsys-virt-perl;" \
    "$(echo $want | wc -w) files checked (the modules and Virt.so in $vendorarch, their man pages)"

# ------------------------------------------------------------------ 3. a clean root
t0=$(date +%s)
# A Debian 12 system as installed: the release with its updates and security updates
# (the package is built against this machine's, e.g. perl's security update). The archive
# may be a snapshot whose Release files look expired: mmdebstrap needs Check-Valid-Until
# off, and writes that option into the root's apt configuration too.
if ! mmdebstrap --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' "$SUITE" "$root" \
        "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" \
        "deb $SECURITY_MIRROR $SUITE-security main" >"$work/mmdebstrap.log" 2>&1; then
    log_or_die "$work/mmdebstrap.log" "mmdebstrap could not make a $SUITE root"
fi
t_root=$(since "$t0")
say "clean $SUITE root made with mmdebstrap in $t_root ($(du -sh "$root" | cut -f1))"

# What runs inside: the tests of t/ that fit, and a script.
mkdir -p "$root/deb-check"
cp "$deb" "$root/deb-check/"
cp -a "$top/t" "$root/deb-check/t"
# libvirt logs "getaddrinfo failed" at the first connection unless the host name resolves.
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n' "$(hostname)" >>"$root/etc/hosts"
# No service starts inside the root.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# ------------------------------------------------------------------ 5. which tests
tests=()
skipped=0
for t in "$top"/t/*.t; do
    name=t/${t##*/}
    why=
    if grep -qE 'FindBin::Bin/\.\./|blib/lib' "$t"; then
        why="checks the source tree (lib/, Changes), not the installed module"
    elif grep -qE 'REFDIR|reference_skip_reason|/perl5/5\.' "$t"; then
        why="compares with the XS reference module, whose path ($vendorarch) this package now holds"
    elif grep -qE 'libvirtd|QemuGuest|OwnDaemon|qemu:///' "$t"; then
        why="needs a running libvirtd (none in the root)"
    fi
    if [ -n "$why" ]; then
        say "skip $name: $why"
        skipped=$((skipped + 1))
    else
        tests+=("$name")
    fi
done
[ ${#tests[@]} -gt 0 ] || die "no test of t/ is left to run in the root"

cat >"$root/deb-check/inner.sh" <<'INNER'
#!/bin/bash
# Runs inside the root: deb-check.sh's steps 3 (install), 4 (load) and 5 (test).
set -euo pipefail
say() { echo "deb-check: [root] $*"; }
die() { echo "deb-check: FAILED: [root] $*" >&2; exit 1; }
since() { echo "$(( $(date +%s) - $1 )) s"; }
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -o Acquire::Check-Valid-Until=false -o APT::Install-Recommends=false)
cd /deb-check
deb=$(ls /deb-check/*.deb)
pkg=$(dpkg-deb -f "$deb" Package)

t0=$(date +%s)
"${apt[@]}" update -qq >apt.log 2>&1 || { tail -n 40 apt.log; die "apt-get update failed"; }
if ! "${apt[@]}" install -y "$deb" libguestfs-perl >>apt.log 2>&1; then
    tail -n 60 apt.log; die "apt-get install $deb libguestfs-perl failed"
fi
n=$(grep -c '^Setting up ' apt.log || true)
say "apt-get install ./${deb##*/} libguestfs-perl: $n packages set up in $(since "$t0")"
for p in "$pkg" libguestfs-perl; do
    s=$(dpkg-query -W -f='${Status} ${Version}' "$p" 2>/dev/null) || die "$p is not installed"
    case $s in "install ok installed "*) say "installed: $p ${s##* }" ;; *) die "$p: $s" ;; esac
done
if s=$(dpkg-query -W -f='${Status}' libsys-virt-perl 2>/dev/null) && [ "$s" = "install ok installed" ]; then
    die "the XS libsys-virt-perl got installed too"
fi
grep -q '^Unpacking libsys-virt-perl ' apt.log && die "apt unpacked the XS libsys-virt-perl"
"${apt[@]}" check -qq >/dev/null 2>&1 || die "apt-get check: broken dependencies"
say "libsys-virt-perl (the XS module) is not installed; libguestfs-perl's dependency on it is met by $pkg"

# A plain perl, as a user's script runs: no PERL5LIB, no -I, from /.
# (SYS_VIRT_NO_REFERENCE: the Sys::Virt perl loads here is this package, not the XS reference)
clean=(env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 SYS_VIRT_NO_REFERENCE=1)
pm=$(cd / && "${clean[@]}" perl -MSys::Virt -e 'print $INC{"Sys/Virt.pm"}') \
    || die "perl -MSys::Virt does not load"
owner=$(dpkg -S "$pm" | cut -d: -f1)
[ "$owner" = "$pkg" ] || die "$pm belongs to '$owner', not to $pkg"
(cd / && "${clean[@]}" perl -MSys::Virt -MSys::Guestfs -MConfig -e '
    my $dir = $Config{vendorarch};
    $INC{"Sys/Virt.pm"} eq "$dir/Sys/Virt.pm" or die "Sys/Virt.pm came from $INC{q{Sys/Virt.pm}}, not $dir\n";
    for my $f (grep { m{^Sys/Virt} } sort keys %INC) {
        $INC{$f} =~ m{^\Q$dir\E/} or die "$f came from $INC{$f}, not from $dir\n";
    }
    my ($so) = grep { m{/auto/Sys/Virt/Virt\.so\z} } @DynaLoader::dl_shared_objects;
    defined $so && $so eq "$dir/auto/Sys/Virt/Virt.so" or die "Virt.so came from ", $so // "nowhere", "\n";
    my $c = Sys::Virt->new(uri => "test:///default");
    my @doms = map { $_->get_name } $c->list_all_domains;
    "@doms" eq "test" or die "test:///default lists \"@doms\"\n";
    # What only this module does: level() gives the level (the XS module returns the
    # code, 42), and a NUL byte inside a string argument dies instead of cutting it.
    eval { $c->get_domain_by_name("no-such-domain") };
    my $e = $@;
    ref $e eq "Sys::Virt::Error" && $e->code == Sys::Virt::Error::ERR_NO_DOMAIN()
        or die "the lookup failure is not a Sys::Virt::Error ERR_NO_DOMAIN: $e";
    $e->level == Sys::Virt::Error::LEVEL_ERROR()
        or die "Sys::Virt::Error->level returned ", $e->level, ": this is the XS module\n";
    eval { $c->get_domain_by_name("te\0st") };
    $@ =~ /contains a NUL byte/ or die "a NUL byte in a name did not die as this module does: $@\n";
    print "deb-check: [root] plain perl -MSys::Virt loads Sys::Virt $Sys::Virt::VERSION from ",
        "$INC{q{Sys/Virt.pm}} and $so (this module: level() is the level, NUL bytes die), ",
        "beside Sys::Guestfs $Sys::Guestfs::VERSION; test:///default lists: @doms\n";
') || die "the installed module is not this one, or does not work"
[ -s "/usr/share/man/man3/Sys::Virt.3pm.gz" ] || die "no man page Sys::Virt(3pm)"

t0=$(date +%s)
say "prove ${*} (against the installed copy)"
"${clean[@]}" prove "$@" || die "tests failed against the installed module"
say "tests: $(since "$t0")"
INNER
chmod 755 "$root/deb-check/inner.sh"

# ------------------------------------------------------------------ 3-5 inside the root
# In a mount namespace of its own: /proc is mounted for the root and disappears with the
# namespace, whatever happens.
t0=$(date +%s)
unshare --mount --propagation private -- /bin/sh -c \
    'mount -t proc proc "$1/proc" && shift && exec chroot "$@"' \
    sh "$root" "$root" /deb-check/inner.sh "${tests[@]}" \
    || die "the installed package failed its checks in the $SUITE root"
say "in the root: $(since "$t0")"

say "OK: $PKG $version built, installed in a clean $SUITE root (root made in $t_root) with" \
    "libguestfs-perl, loaded by a plain perl -MSys::Virt, ${#tests[@]} test files passed there" \
    "($skipped skipped); total $(since "$t_start")"
