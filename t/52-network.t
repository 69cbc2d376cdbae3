#!/usr/bin/perl
# Differential test of the network API: t/lib/network-script.pl runs once with the reference
# Sys::Virt (Debian's libsys-virt-perl, the XS module) and once with ours, each in a child
# process, and the two outputs must agree line by line (as in t/50-differential.t).
#
#  - the reference child has PERL5LIB/PERLLIB/PERL5OPT unset and only the reference's
#    vendor directory added with -I, so neither blib nor anything from the harness is seen;
#  - our child gets the current @INC (under `prove -b` / `make test` that is blib first).
#
# Two kinds of lines are intended to differ (see the script's header and @KNOWN below);
# for them our line is held to what our module promises instead of to the reference's.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason);
use Differential qw(run_both compare_lines KNOWN_NUL KNOWN_UNSAFE);
my $no_ref = reference_skip_reason('Sys/Virt/Network.pm');
plan skip_all => $no_ref if defined $no_ref;

my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'network-script.pl'));
plan skip_all => "$script not found" unless -f $script;

# Intended differences (see t/lib/Differential.pm for their patterns, reasons and checks).
my @KNOWN = (KNOWN_NUL, KNOWN_UNSAFE);

my ($ref_out, $our_out) = run_both($script, 500);
is(scalar(grep { /\ANUL / } @$ref_out), 8, 'the reference printed the 8 NUL-byte lines');
cmp_ok(scalar(grep { /\AUNSAFE / } @$ref_out), '>=', 10, 'the reference printed the UNSAFE lines');

# Lines are "LABEL: VALUE"; compare them in order, one test per differing line; an intended
# difference is held to its promise even where ours equals the reference (a NUL line equal
# to the reference's means ours cut the string too). At most 50 differing lines are shown.
compare_lines($ref_out, $our_out, known => \@KNOWN, max => 50,
              summary => sub { "$_[0] lines identical, $_[1] intended differences as promised" },
              count => 'same number of lines');

done_testing();
