#!/usr/bin/perl
# bench/events.pl -- events delivered to a Perl callback per second, this module (blib/)
# against the XS module (Debian libsys-virt-perl), side by side in one run.
#
#   perl bench/events.pl [--cycles 20000] [--rounds 5] [--loop default|perl|both]
#
# Run by hand after `perl Makefile.PL && make`, from the distribution's top directory (or
# anywhere: blib/ is found next to this file). Not part of the tests. Needs only libvirt's
# in-process test driver.
#
# Each measurement is a fresh child perl with one of the two modules: it registers the
# event loop (libvirt's default loop, or t/lib/EventLoop.pm, a loop written in Perl, with
# --loop perl), opens test:///default, registers a lifecycle callback that counts its
# calls, and then times --cycles rounds of: suspend, resume and one run of the loop until
# both events of the round have reached the callback. The rate is events delivered per
# second of wall time (two per round), loop and libvirt's own work included, as a program
# that follows its guests would see it. Kinds alternate within a round (ours first in odd
# rounds, the XS module first in even ones); the median of --rounds runs is printed for
# each, with the ratio ours/XS (target: >= 1.00).
use strict;
use warnings;
use FindBin;
use File::Spec;
use Getopt::Long;
use Time::HiRes qw(time);

my ($cycles, $rounds, $loops) = (20000, 5, 'both');
GetOptions('cycles=i' => \$cycles, 'rounds=i' => \$rounds, 'loop=s' => \$loops)
    or die "usage: $0 [--cycles N] [--rounds N] [--loop default|perl|both]\n";
my $top = File::Spec->catdir($FindBin::Bin, File::Spec->updir);
my $blib = File::Spec->catdir($top, 'blib');
die "$0: build first (perl Makefile.PL && make): no $blib\n" unless -d "$blib/arch";
# The XS module's directory: found by loading it (t/lib/TestDriver.pm), undef when absent.
my $REFDIR = do { require File::Spec->catfile($top, 't', 'lib', 'TestDriver.pm'); TestDriver::REFDIR() };
die "$0: " . TestDriver::reference_missing() . "\n" unless defined $REFDIR;
die "$0: the XS module ($REFDIR) has no Sys/Virt/Event.pm\n" unless -f "$REFDIR/Sys/Virt/Event.pm";

my $CHILD = <<'C';
use strict; use warnings; use Time::HiRes qw(time);
use Sys::Virt; use Sys::Virt::Event;
my ($cycles, $mode) = @ARGV;
my $loop;
if ($mode eq 'perl') { require EventLoop; $loop = EventLoop->new; Sys::Virt::Event::register($loop) }
else { Sys::Virt::Event::register_default() }
my $c = Sys::Virt->new(uri => 'test:///default');
my $d = $c->get_domain_by_name('test');
my $n = 0;
$c->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub { $n++ });
my $run = $loop ? sub { $loop->run_once(1) } : \&Sys::Virt::Event::run_default;
for (1 .. 200) { $d->suspend; $d->resume; my $w = $n + 2; $run->() while $n < $w }
$n = 0;
my $t0 = time;
for (1 .. $cycles) { $d->suspend; $d->resume; my $w = $n + 2; $run->() while $n < $w }
my $dt = time - $t0;
printf "%d %.6f %s\n", $n, $dt, $INC{'Sys/Virt.pm'};
C

sub measure {
    my ($kind, $mode) = @_;
    my @inc = $kind eq 'xs' ? ("-I$REFDIR") : ("-I$blib/lib", "-I$blib/arch");
    my $lib = File::Spec->catdir($top, 't', 'lib');
    local $ENV{PERL5LIB};
    delete $ENV{PERL5LIB} if $kind eq 'xs';
    open my $fh, '-|', $^X, @inc, "-I$lib", '-e', $CHILD, $cycles, $mode or die "fork: $!";
    my $out = <$fh>;
    close $fh;
    die "$kind/$mode child failed (status $?)\n" if $? || !$out;
    my ($n, $dt, $pm) = split ' ', $out;
    die "$kind child loaded $pm\n" if ($kind eq 'xs') != ($pm =~ /^\Q$REFDIR\E/);
    return $n / $dt;
}

sub median { my @s = sort { $a <=> $b } @_; @s % 2 ? $s[$#s / 2] : ($s[@s / 2 - 1] + $s[@s / 2]) / 2 }

my @modes = $loops eq 'both' ? qw(default perl) : ($loops);
for my $mode (@modes) {
    my (%rate, @ratio);
    for my $r (1 .. $rounds) {
        my @order = $r % 2 ? qw(ours xs) : qw(xs ours);
        my %this;
        $this{$_} = measure($_, $mode) for @order;
        push @{ $rate{$_} }, $this{$_} for keys %this;
        push @ratio, $this{ours} / $this{xs};
        printf "%-7s loop, round %d: ours %9.0f events/s, XS %9.0f events/s\n",
            $mode, $r, $this{ours}, $this{xs};
    }
    my @s = sort { $a <=> $b } @ratio;
    printf "%-7s loop: ours %.0f events/s, XS %.0f events/s (medians of %d), ours/XS %.2f (%.2f-%.2f)\n",
        $mode, median(@{ $rate{ours} }), median(@{ $rate{xs} }), $rounds, median(@ratio), $s[0], $s[-1];
}
