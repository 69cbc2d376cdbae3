#!/bin/sh
# Checks the CPAN life cycle on a copy: `make dist`, unpack the tarball elsewhere, build it,
# run its tests, install it into a temporary INSTALL_BASE (never over the system's perl,
# where it would shadow the XS module), and load it from a script outside the tree.
# Run from the top of a configured tree (after `perl Makefile.PL`).
set -eu
top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make distcheck 2>&1 | tee "$work/distcheck.log"
if grep -q '^No such file' "$work/distcheck.log" || grep -q 'Not in MANIFEST' "$work/distcheck.log"; then
    echo "distcheck: MANIFEST and the tree disagree" >&2
    exit 1
fi
make dist
tarball=$(ls -t Sys-Virt-*.tar.gz | head -n 1)
tar -xzf "$tarball" -C "$work"
rm -f "$tarball"
cd "$work"/Sys-Virt-*
perl Makefile.PL INSTALL_BASE="$work/inst"
make
prove -b t/
make install
cd /
PERL5LIB="$work/inst/lib/perl5" perl -e '
    use Sys::Virt;
    die "loaded the wrong Sys::Virt: $INC{q{Sys/Virt.pm}}\n"
        unless $INC{"Sys/Virt.pm"} =~ m{^\Q$ARGV[0]\E/};
    my $c = Sys::Virt->new(uri => "test:///default");
    print "installed module works: ", $c->get_type, " via $INC{q{Sys/Virt.pm}}\n";
' "$work/inst"
