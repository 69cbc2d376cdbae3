#!/bin/sh
# Checks the CPAN life cycle on a copy, as a CPAN user meets it: `make dist`, then
# `cpanm --local-lib DIR Sys-Virt-<version>.tar.gz`, which unpacks the tarball elsewhere,
# builds it, runs its tests and installs it into DIR (never over the system's perl, where
# it would shadow the XS module); then a script run from outside any tree loads the module
# from DIR and uses it. Also checks that MANIFEST and the tree agree and that the
# tarball's META.json carries what CPAN clients read, and no placeholder address.
# Run from the top of a configured tree (after `perl Makefile.PL`); needs cpanm
# (tools/setup-debian.sh installs it).
set -eu
command -v cpanm >/dev/null 2>&1 || { echo "distcheck: cpanm not found (Debian: cpanminus)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make distcheck >"$work/distcheck.log" 2>&1 || { cat "$work/distcheck.log"; exit 1; }
if grep -q '^No such file' "$work/distcheck.log" || grep -q 'Not in MANIFEST' "$work/distcheck.log"; then
    cat "$work/distcheck.log"
    echo "distcheck: MANIFEST and the tree disagree" >&2
    exit 1
fi
make dist >"$work/dist.log" 2>&1 || { cat "$work/dist.log"; exit 1; }
tarball=$(ls -t Sys-Virt-*.tar.gz | head -n 1)
mv "$tarball" "$work/"
echo "distcheck: built $tarball"

# What CPAN clients read from META.json: a valid document with prerequisites by phase and
# a version for every package it provides. Its resources name no made-up address: a
# reserved domain (example.*, *.invalid, *.test, *.localhost, RFC 2606) anywhere in
# META.json or META.yml fails. (The project has no public repository or bug tracker yet,
# so META leaves both out; when it has them, Makefile.PL's resources names them.)
tar -xzf "$work/$tarball" -C "$work" --wildcards '*/META.json' '*/META.yml'
perl -MCPAN::Meta -e '
    my $meta = CPAN::Meta->load_file($ARGV[0]);    # dies if it is not valid
    my $p = $meta->prereqs;
    for my $phase (qw(configure build test runtime)) {
        die "META.json: no $phase requirements\n" unless %{ $p->{$phase}{requires} || {} };
    }
    my $provides = $meta->provides;
    die "META.json: provides is empty\n" unless %$provides;
    for my $pkg (sort keys %$provides) {
        die "META.json: $pkg is provided without a version\n" unless defined $provides->{$pkg}{version};
    }
    for my $file (@ARGV) {
        open(my $fh, "<", $file) or die "$file: $!\n";
        while (my $line = <$fh>) {
            die "$file: a placeholder address at line $.: $line"
                if $line =~ /\b(?:example\.(?:com|net|org)|[\w-]+\.(?:invalid|test|localhost|example))\b/i;
        }
    }
    print "distcheck: META.json valid: ", scalar(keys %$provides), " packages, licence ",
        join(" or ", $meta->licenses), ", resources: ", join(", ", sort keys %{ $meta->resources }),
        "; no placeholder address\n";
' "$work"/Sys-Virt-*/META.json "$work"/Sys-Virt-*/META.yml
test -s "$work"/Sys-Virt-*/META.yml || { echo "distcheck: no META.yml in the tarball" >&2; exit 1; }

# cpanm builds, tests and installs the tarball into the scratch local lib. It finds every
# prerequisite already installed (they are core modules, or the Debian packages that
# tools/setup-debian.sh installs), so it fetches nothing.
if ! PERL_CPANM_HOME="$work/cpanm" cpanm --local-lib "$work/inst" "$work/$tarball" >"$work/cpanm.log" 2>&1; then
    cat "$work/cpanm.log"
    cat "$work"/cpanm/work/*/build.log 2>/dev/null | tail -n 200
    echo "distcheck: cpanm could not install $tarball" >&2
    exit 1
fi
tail -n 3 "$work/cpanm.log"

# From outside any source tree, with only the local lib added: the module, its native
# library and its class modules all come from there, and it works.
cd /
PERL5LIB="$work/inst/lib/perl5" perl -e '
    use Sys::Virt;
    my $inst = $ARGV[0];
    for my $file (grep { m{^Sys/Virt} } sort keys %INC) {
        die "loaded $file from $INC{$file}, not from $inst\n" unless $INC{$file} =~ m{^\Q$inst\E/};
    }
    my ($so) = grep { m{/auto/Sys/Virt/Virt\.so\z} } @DynaLoader::dl_shared_objects;
    die "the native library was not loaded from $inst: ", ($so // "none"), "\n"
        unless defined $so && $so =~ m{^\Q$inst\E/};
    my $c = Sys::Virt->new(uri => "test:///default");
    my @doms = map { $_->get_name } $c->list_all_domains;
    die "test:///default has no domain \"test\"\n" unless grep { $_ eq "test" } @doms;
    print "distcheck: installed module works: ", $c->get_type, " with domains @doms, via $INC{q{Sys/Virt.pm}}\n";
' "$work/inst"
