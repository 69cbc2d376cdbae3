#!/usr/bin/perl
# Compare the constants of our Sys::Virt with those of the reference module
# (Debian's libsys-virt-perl, the XS implementation), in every package we
# cover: every reference constant must be ours too, with the same value.
#
# Our tables follow Sys::Virt $TABLES_FOLLOW (tools/gen-constants.pl), and
# Sys::Virt only ever adds constants, so a reference older than that (9.0.0
# on Debian 12) lacks some of ours: those are allowed and only counted.
# Against a reference of that very version the sets must be equal.
# (tools/check-constants.pl compares the generator's tables with any
# reference installed in a Debian root, e.g. 12.7.0 from unstable.)
#
# Both sides are dumped by tools/dump-constants.pl in child processes:
#  - the reference with PERL5LIB/PERL5OPT unset and only its vendor directory
#    added with -I, so neither blib nor anything from the test harness is seen;
#  - ours with the current @INC (the test runs under `prove -b` / `make test`,
#    so that is blib first).

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(REFDIR reference_missing reference_version reference_is_older our_api_version);

# The Sys::Virt whose constants our tables follow: the API this distribution implements,
# our $Sys::Virt::VERSION.
my $TABLES_FOLLOW = our_api_version;
my @PACKAGES = qw(
    Sys::Virt
    Sys::Virt::Error
    Sys::Virt::Domain
    Sys::Virt::DomainCheckpoint
    Sys::Virt::DomainSnapshot
    Sys::Virt::Network
    Sys::Virt::NetworkPort
    Sys::Virt::StoragePool
    Sys::Virt::StorageVol
    Sys::Virt::Stream
    Sys::Virt::Interface
    Sys::Virt::NodeDevice
    Sys::Virt::Secret
    Sys::Virt::NWFilter
    Sys::Virt::NWFilterBinding
    Sys::Virt::Event
);

plan skip_all => reference_missing if defined reference_missing;
my $REFDIR = REFDIR;

my $dump = File::Spec->catfile(dirname(__FILE__), File::Spec->updir, 'tools', 'dump-constants.pl');
plan skip_all => "$dump not found" unless -f $dump;

# Run the dump for one package; returns (path of the Sys/Virt.pm loaded, \%constants).
sub run_dump {
    my ($which, $pkg, @perl_args) = @_;
    my @cmd = ($^X, @perl_args, $dump, '--where', $pkg);
    my $pid = open(my $fh, '-|');
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        if ($which eq 'reference') {
            delete @ENV{qw(PERL5LIB PERLLIB PERL5OPT)};
        }
        open STDERR, '>&', \*STDOUT or die "dup: $!";
        exec { $cmd[0] } @cmd or die "exec $cmd[0]: $!";
    }
    my @lines = <$fh>;
    close $fh;
    my $status = $?;
    my ($where, %c, @junk);
    for my $line (@lines) {
        chomp $line;
        if ($line =~ /\A# Sys\/Virt\.pm: (.*)\z/) {
            $where = $1;
        } elsif ($line =~ /\A(\w+) (.*)\z/s) {
            $c{$1} = $2;
        } else {
            push @junk, $line;
        }
    }
    if ($status != 0 || !defined $where) {
        diag("$which dump of $pkg failed (exit status " . ($status >> 8) . "):");
        diag("  $_") for @lines;
        return;
    }
    diag("$which dump of $pkg: unexpected output: $_") for @junk;
    return ($where, \%c);
}

my @ours_inc = map { "-I$_" } grep { !ref($_) } @INC;

# The reference's version, read in a child when it was found (TestDriver).
my $ref_version = reference_version;
plan skip_all => 'version of the reference Sys::Virt unknown'
    unless defined $ref_version && $ref_version =~ /\A\d+\.\d+\.\d+\z/;
my $ref_is_older = reference_is_older;
note("reference Sys::Virt $ref_version, our tables follow $TABLES_FOLLOW");

for my $pkg (@PACKAGES) {
    subtest $pkg => sub {
        my ($ref_pm, $ref) = run_dump('reference', $pkg, "-I$REFDIR");
        my ($our_pm, $our) = run_dump('ours', $pkg, @ours_inc);
        ok($ref, "reference constants of $pkg dumped") or return;
        ok($our, "our constants of $pkg dumped") or return;

        is($ref_pm, "$REFDIR/Sys/Virt.pm", 'reference dump used the reference module');
        isnt($our_pm, $ref_pm, "our dump did not use the reference module ($our_pm)")
            or diag('run this test with the built module first in @INC: prove -b / make test');

        cmp_ok(scalar(keys %$ref), '>', 0, "reference $pkg has constants");

        my @missing = grep { !exists $our->{$_} } sort keys %$ref;
        # The constants of the QEMU library's calls (QEMU_*, issue #25) are this
        # distribution's own: the XS module binds no libvirt-qemu call.
        my @own     = grep { !exists $ref->{$_} && /\AQEMU_/ } sort keys %$our;
        my @extra   = grep { !exists $ref->{$_} && !/\AQEMU_/ } sort keys %$our;
        note(scalar(@own) . " constants of $pkg that only this distribution has (QEMU calls): @own")
            if @own;
        my @differ  = grep { exists $our->{$_} && $our->{$_} ne $ref->{$_} } sort keys %$ref;

        ok(!@missing, "no reference constant missing from our $pkg")
            or diag(scalar(@missing) . " missing: " . join(' ', map { "$_=$ref->{$_}" } @missing));
        if ($ref_is_older) {
            note(scalar(@extra) . " constants of $pkg newer than Sys::Virt $ref_version: "
                 . join(' ', map { "$_=$our->{$_}" } @extra)) if @extra;
        } else {
            ok(!@extra, "no constant in our $pkg that the reference lacks")
                or diag(scalar(@extra) . " extra: " . join(' ', map { "$_=$our->{$_}" } @extra));
        }
        ok(!@differ, "every common constant of $pkg has the reference's value")
            or diag(join "\n", scalar(@differ) . " differ (ours vs reference):",
                    map { "  $_: $our->{$_} vs $ref->{$_}" } @differ);
        note(sprintf '%s: %d reference, %d ours (%d newer)', $pkg, scalar(keys %$ref), scalar(keys %$our),
             scalar(@extra));
    };
}

done_testing();
