#!/usr/bin/perl
# Differential test of the checkpoint API: t/lib/checkpoint-script.pl runs once with the
# reference Sys::Virt (Debian's libsys-virt-perl, the XS module) and once with ours, each in
# a child process, and the two outputs must agree line by line.
#
#  - the reference child has PERL5LIB/PERLLIB/PERL5OPT unset and only the reference's
#    vendor directory added with -I, so neither blib nor anything from the harness is seen;
#  - our child gets the current @INC (under `prove -b` / `make test` that is blib first).
# Each child reports the Sys/Virt.pm it loaded on stderr; both are checked.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason);
use Differential qw(run_both compare_lines);
my $no_ref = reference_skip_reason();
plan skip_all => $no_ref if defined $no_ref;

my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'checkpoint-script.pl'));
plan skip_all => "$script not found" unless -f $script;

# Output lines whose difference is a known, still open bug elsewhere in the project; they
# are compared as TODO tests so that the rest stays checked. Each entry: [regex, reason].
# (Empty now: the missing XS prototypes that were listed here have been fixed.)
my @KNOWN = (
);

my ($ref_out, $our_out) = run_both($script, 200);

# Lines are "LABEL: VALUE"; compare them in order, one test per line.
compare_lines($ref_out, $our_out, known => \@KNOWN,
              summary => sub { "$_[0] lines identical" }, count => 'same number of lines');

done_testing();
