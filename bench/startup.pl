#!/usr/bin/perl
# bench/startup.pl -- what loading the module costs: CPU time and peak resident size of a
# perl that loads Sys::Virt and every class module the distribution ships, ours (blib/)
# against the XS module installed system-wide, and a perl that loads nothing as a base.
#
#   perl bench/startup.pl [--runs N]      (from the top of the tree, after make)
#
# blib is named with -I (not -Mblib, which loads Cwd and File::Spec first). Each run is a
# fresh process; the kinds alternate run by run. Printed per kind: the median CPU time (the
# child's process clock, read by itself at the end, perl's own start-up included) and the
# median peak RSS (VmHWM, read by the child too), and ours relative to the XS module, with
# and without the bare perl's share. Target: ours at most the XS module's, on both counts.
use strict;
use warnings;
use FindBin;
use File::Spec;
use Getopt::Long;

my $root = File::Spec->rel2abs(File::Spec->catdir($FindBin::Bin, File::Spec->updir));
# The XS module's directory: found by loading it (t/lib/TestDriver.pm), undef when absent.
my $REFDIR = do { require File::Spec->catfile($root, 't', 'lib', 'TestDriver.pm'); TestDriver::REFDIR() };
my %opt = (runs => 41);
GetOptions(\%opt, 'runs=i') or die "usage: perl bench/startup.pl [--runs N]\n";

# Every package of the distribution, from its lib/ (the same list is loaded for both).
opendir my $dh, "$root/lib/Sys/Virt" or die "$root/lib/Sys/Virt: $!";
# Sys::Virt::Async is loaded at the first async call, not by "use Sys::Virt", and a class
# the installed XS module lacks (EventImpl, before 9.5) cannot be loaded by both: only the
# class modules both have are loaded, so that both load the same API.
my @mods = ('Sys::Virt', grep { !defined $REFDIR || -f "$REFDIR/" . s{::}{/}gr . '.pm' }
            map { /\A(\w+)\.pm\z/ && $1 ne 'Async' ? "Sys::Virt::$1" : () } sort readdir $dh);
my $uses = join '', map { "use $_; " } @mods;
# The child reports its own CPU time since it started (the process clock, in ns) and its
# peak RSS; Time::HiRes is loaded by every kind alike, before the modules.
my $hwm = q{my $t = Time::HiRes::clock_gettime(Time::HiRes::CLOCK_PROCESS_CPUTIME_ID()); }
        . q{open my $s, '<', '/proc/self/status' or die; }
        . q{while (<$s>) { print "$t $1\n" if /^VmHWM:\s+(\d+)/ }};

my %kinds = (
    base => [$^X, '-MTime::HiRes', '-e', $hwm],
    ours => [$^X, '-MTime::HiRes', "-I$root/blib/arch", "-I$root/blib/lib", '-e', "$uses$hwm"],
);
$kinds{xs} = [$^X, '-MTime::HiRes', "-I$REFDIR", '-e', "$uses$hwm"] if defined $REFDIR;
delete $ENV{$_} for qw(PERL5LIB PERLLIB PERL5OPT);

my %cpu;
my %rss;
for my $run (1 .. $opt{runs}) {
    my @order = sort keys %kinds;
    push @order, shift @order for 1 .. $run % @order;
    for my $k (@order) {
        open my $fh, '-|', @{ $kinds{$k} } or die "$k: $!";
        my $out = do { local $/; <$fh> };
        close $fh or die "$k: exit status $?\n";
        my ($t, $kib) = $out =~ /\A(\S+) (\d+)/ or die "$k: no report\n";
        push @{ $cpu{$k} }, $t;
        push @{ $rss{$k} }, $kib;
    }
}

sub median { my @s = sort { $a <=> $b } @_; return $s[$#s / 2] }
printf "%-5s %10s %12s\n", 'kind', 'CPU ms', 'peak RSS KiB';
for my $k (sort keys %kinds) {
    printf "%-5s %10.1f %12d\n", $k, 1000 * median(@{ $cpu{$k} }), median(@{ $rss{$k} });
}
exit 0 unless $kinds{xs};
my ($bc, $br) = (median(@{ $cpu{base} }), median(@{ $rss{base} }));
my ($oc, $or) = (median(@{ $cpu{ours} }), median(@{ $rss{ours} }));
my ($xc, $xr) = (median(@{ $cpu{xs} }), median(@{ $rss{xs} }));
printf "ours/xs: CPU %.2f (above bare perl %.2f), peak RSS %.2f (above bare perl %.2f)\n",
    $oc / $xc, ($xc > $bc ? ($oc - $bc) / ($xc - $bc) : 0), $or / $xr,
    ($xr > $br ? ($or - $br) / ($xr - $br) : 0);
