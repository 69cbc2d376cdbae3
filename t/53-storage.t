#!/usr/bin/perl
# Differential test of the storage API on libvirt's test driver: storage pools, storage
# volumes, and what the test driver answers to streams (it cannot transfer anything; the real
# transfers are in t/66-qemu-storage.t). t/lib/storage-script.pl runs in two child perls,
# one with the reference Sys::Virt (Debian's libsys-virt-perl, the XS module) and one with
# ours, and the outputs are compared line by line (the pattern of t/52-network.t):
#
#  - the reference child sees only the reference's vendor directory (-I), with PERL5LIB,
#    PERLLIB and PERL5OPT unset, so neither blib nor the harness leaks into it;
#  - our child gets this perl's @INC (blib first under `prove -b` / `make test`).
#
# NUL and UNSAFE lines are intended differences (see @KNOWN and the script's header): there
# our line must keep our module's promise rather than copy the reference.
#
# While our module has no Sys::Virt::StoragePool, the script stops after its first section
# (exit 2, saying so on stderr) and this test fails: it is there to check ours.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason);
use Differential qw(run_both compare_lines KNOWN_NUL KNOWN_UNSAFE);
my $no_ref = reference_skip_reason('Sys/Virt/StoragePool.pm');
plan skip_all => $no_ref if defined $no_ref;

my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'storage-script.pl'));
plan skip_all => "$script not found" unless -f $script;

# Intended differences (see t/lib/Differential.pm for their patterns, reasons and checks).
# send_all with data on an idle stream runs in a child (the XS module of 12.7.0 crashes there
# now and then): ours must call the handler once and die with libvirt's "not supported";
# where the reference survived, the two lines must be the same.
my $SEND_ALL =
    [ qr/\A(UNSAFE send_all with data): (.*)\z/,
      'the reference sometimes crashes; ours calls the handler once and dies as libvirt says',
      sub { my ($line, $label, $ref_rest) = @_;
            ($ref_rest !~ /\Aexit 0; / || $line eq "$label: $ref_rest")
                && $line =~ /\A\Q$label\E: exit 0; 2 \[1 \| ERR ref=Sys::Virt::Error code=3 domain=38 /; } ];
my @KNOWN = ($SEND_ALL, KNOWN_NUL, KNOWN_UNSAFE);

my ($ref_out, $our_out) = run_both($script, 1000);
is(scalar(grep { /\ANUL / } @$ref_out), 13, 'the reference printed the 13 NUL-byte lines');
cmp_ok(scalar(grep { /\AUNSAFE / } @$ref_out), '>=', 30, 'the reference printed the UNSAFE lines');

# Lines are "LABEL: VALUE"; compare them in order, one test per differing line; an intended
# difference is held to its promise even where ours equals the reference (a NUL line equal
# to the reference's means ours cut the string too). At most 50 differing lines are shown.
compare_lines($ref_out, $our_out, known => \@KNOWN, max => 50,
              summary => sub { "$_[0] lines identical, $_[1] intended differences as promised" },
              count => 'same number of lines');

done_testing();
