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
use TestDriver qw(run_perl REFDIR);
my $REFDIR = REFDIR;
plan skip_all => 'reference Sys::Virt (libsys-virt-perl) not installed'
    unless -f "$REFDIR/Sys/Virt.pm";

my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'checkpoint-script.pl'));
plan skip_all => "$script not found" unless -f $script;

# Output lines whose difference is a known, still open bug elsewhere in the project; they
# are compared as TODO tests so that the rest stays checked. Each entry: [regex, reason].
# (Empty now: the missing XS prototypes that were listed here have been fixed.)
my @KNOWN = (
);

my ($ref_pm, $ref_out, $ref_err, $ref_status) = run_perl('reference', $script);
my ($our_pm, $our_out, $our_err, $our_status) =
    run_perl('ours', $script);

is($ref_status, 0, 'reference run exited cleanly') or diag(join "\n", @$ref_err);
is($our_status, 0, 'our run exited cleanly') or diag(join "\n", @$our_err);
is($ref_pm, "$REFDIR/Sys/Virt.pm", 'reference run loaded the reference module');
ok(defined $our_pm && $our_pm ne "$REFDIR/Sys/Virt.pm", 'our run loaded our module (' . ($our_pm // 'none') . ')')
    or diag('run this test with the built module first in @INC: prove -b / make test');
is_deeply($ref_err, [], 'reference run printed nothing else on stderr');
is_deeply($our_err, [], 'our run printed nothing else on stderr');
is($ref_out->[-1], 'END', 'reference run reached the end');
is($our_out->[-1], 'END', 'our run reached the end');
cmp_ok(scalar(@$ref_out), '>', 200, 'the script printed plenty') or diag(scalar(@$ref_out) . ' lines');

# Lines are "LABEL: VALUE"; compare them in order, one test per line.
my $n = @$ref_out > @$our_out ? @$ref_out : @$our_out;
my ($same, @differ) = (0);
for my $i (0 .. $n - 1) {
    my ($r, $o) = ($ref_out->[$i], $our_out->[$i]);
    next if defined $r && defined $o && $r eq $o && ++$same;
    my $line = $r // $o;
    my ($known) = grep { $line =~ $_->[0] } @KNOWN;
    push @differ, [$i + 1, $r, $o, $known];
}
pass("$same lines identical");
for my $d (@differ) {
    my ($ln, $r, $o, $known) = @$d;
    TODO: {
        local $TODO = $known ? $known->[1] : undef;
        is($o, $r, "output line $ln the same as the reference's");
    }
}
ok(scalar(@$ref_out) == scalar(@$our_out), 'same number of lines')
    or diag(scalar(@$ref_out) . ' reference lines, ' . scalar(@$our_out) . ' ours');

done_testing();
