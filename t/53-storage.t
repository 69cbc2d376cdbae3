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
use TestDriver qw(run_perl REFDIR);
my $REFDIR = REFDIR;
plan skip_all => 'reference Sys::Virt (libsys-virt-perl) not installed'
    unless -f "$REFDIR/Sys/Virt.pm" && -f "$REFDIR/Sys/Virt/StoragePool.pm";

my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'storage-script.pl'));
plan skip_all => "$script not found" unless -f $script;

# Intended differences. Each entry: [pattern on the reference's line, reason, a check of
# our line given the pattern's captures (returns true when ours is as promised)].
my @KNOWN = (
    [ qr/\A(NUL .*? \[(\w+)\]): /,
      'a NUL byte inside a string argument: the reference cuts the string at the NUL, ours '
        . 'dies naming the argument (perldoc Sys::Virt, DIFFERENCES FROM THE XS Sys::Virt)',
      sub { my ($line, $label, $arg) = @_;
            $line =~ /\A\Q$label\E: DIE .*\b\Q$arg\E\w* contains a NUL byte/ } ],
    [ qr/\A(UNSAFE .*?): (?:exit|killed)/,
      'the reference crashes, takes a pointer out of something that is not its handle, or '
        . 'reads past a string; ours must end normally, with an error or a result',
      sub { my ($line, $label) = @_;
            $line =~ /\A\Q$label\E: exit 0; (?!no output)/ } ],
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
cmp_ok(scalar(@$ref_out), '>', 1000, 'the script printed plenty') or diag(scalar(@$ref_out) . ' lines');
is(scalar(grep { /\ANUL / } @$ref_out), 13, 'the reference printed the 13 NUL-byte lines');
cmp_ok(scalar(grep { /\AUNSAFE / } @$ref_out), '>=', 30, 'the reference printed the UNSAFE lines');

# Lines are "LABEL: VALUE"; compare them in order, one test per differing line.
my $n = @$ref_out > @$our_out ? @$ref_out : @$our_out;
my ($same, $known_ok, @differ) = (0, 0);
for my $i (0 .. $n - 1) {
    my ($r, $o) = ($ref_out->[$i], $our_out->[$i]);
    # an intended difference is held to its promise even where ours equals the reference
    # (a NUL line equal to the reference's means ours cut the string too)
    my ($k) = defined $r ? grep { $r =~ $_->[0] } @KNOWN : ();
    next if !$k && defined $r && defined $o && $r eq $o && ++$same;
    if (defined $r && defined $o) {
        if ($k) {
            my @cap = $r =~ $k->[0];
            if ($k->[2]->($o, @cap)) {
                $known_ok++;
                note("line " . ($i + 1) . ": intended difference ($k->[1])");
                next;
            }
            push @differ, [$i + 1, $r, $o, "not the intended difference: $k->[1]"];
            next;
        }
    }
    push @differ, [$i + 1, $r, $o];
}
pass("$same lines identical, $known_ok intended differences as promised");
# (at most 50 of them one by one: past that, the outputs have most likely lost step)
my $MAX = 50;
ok(0, scalar(@differ) . " lines differ; the first $MAX are shown") if @differ > $MAX;
for my $d (grep { defined } @differ[0 .. ($#differ < $MAX - 1 ? $#differ : $MAX - 1)]) {
    my ($ln, $r, $o, $why) = @$d;
    if ($why) {
        ok(0, "output line $ln is the intended difference")
            or diag("reference: $r\nours:      $o\nexpected:  $why");
    } else {
        is($o, $r, "output line $ln the same as the reference's");
    }
}
ok(scalar(@$ref_out) == scalar(@$our_out), 'same number of lines')
    or diag(scalar(@$ref_out) . ' reference lines, ' . scalar(@$our_out) . ' ours');

done_testing();
