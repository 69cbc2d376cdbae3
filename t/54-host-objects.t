#!/usr/bin/perl
# Differential test of the host-object API on test:///default: t/lib/host-objects-script.pl
# runs once with the reference Sys::Virt (Debian's libsys-virt-perl, the XS module) and once
# with ours, each in a child process, and the two outputs must agree line by line (as in
# t/52-network.t). It covers Sys::Virt::Interface and Sys::Virt::NodeDevice, which the test
# driver has, the connection's secret and filter calls (answered "not supported" there; the
# real daemon's answers are t/67-qemu-host-objects.t's), and the arguments the five classes
# refuse: usage, non-objects, objects of another class, undef, NUL bytes.
#
# Two kinds of lines are intended to differ (t/lib/Differential.pm: KNOWN_NUL, KNOWN_UNSAFE);
# for them our line is held to what our module promises instead of to the reference's.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason);
use Differential qw(run_both compare_lines KNOWN_NUL KNOWN_UNSAFE);
my $no_ref = reference_skip_reason('Sys/Virt/NodeDevice.pm');
plan skip_all => $no_ref if defined $no_ref;

my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'host-objects-script.pl'));
plan skip_all => "$script not found" unless -f $script;

my @KNOWN = (KNOWN_NUL, KNOWN_UNSAFE);

my ($ref_out, $our_out) = run_both($script, 500);
is(scalar(grep { /\ANUL / } @$ref_out), 14, 'the reference printed the 14 NUL-byte lines');
cmp_ok(scalar(grep { /\AUNSAFE / } @$ref_out), '>=', 25, 'the reference printed the UNSAFE lines');

compare_lines($ref_out, $our_out, known => \@KNOWN, max => 50,
              summary => sub { "$_[0] lines identical, $_[1] intended differences as promised" },
              count => 'same number of lines');

done_testing();
