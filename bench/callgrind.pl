#!/usr/bin/perl
# bench/callgrind.pl -- instructions per call, by callgrind: this module (blib/) against the
# XS module (Debian libsys-virt-perl), on test:///default.
#
#   perl bench/callgrind.pl [--n 1000] [--calls get_id,is_active,...] [--raw]
#
# Run from the top of the tree (or anywhere) after `perl Makefile.PL && make`; needs
# valgrind. Not a test.
#
# For each call and each implementation it runs two fresh processes under
# `valgrind --tool=callgrind`, one making the call N times in a loop and one 3N times (after
# the same 10 warm-up calls), and prints the difference of their instruction counts divided
# by 2N: the cost of one more call, with everything else (starting perl, loading the module,
# connecting) cancelled out. Callgrind counts instructions, not time, so the figures are the
# same from run to run but for a few instructions (perl's hash seed is fixed, so that hashes
# are laid out alike), whatever else the machine does; they leave out what the instructions
# cost (caches, branches), which bench/run.pl and bench/domain-stats.pl measure as time. The
# XS module runs as t/lib/TestDriver.pm's run_perl runs it: PERL5LIB, PERLLIB and PERL5OPT
# unset and only its directory added; each process says which Sys/Virt.pm it loaded, and the
# script checks it. Calls run one process at a time (each takes a few seconds under
# callgrind).
#
use strict;
use warnings;
use FindBin;
use File::Spec;
use File::Temp qw(tempdir);
use Getopt::Long;

# The calls (each `$x = CALL for 1 .. N`, on the test driver's running domain "test"):
my %CALLS = (
    get_id      => sub { my ($c, $d, $n) = @_; my $x; $x = $d->get_id for 1 .. $n },
    is_active   => sub { my ($c, $d, $n) = @_; my $x; $x = $d->is_active for 1 .. $n },
    get_version => sub { my ($c, $d, $n) = @_; my $x; $x = $c->get_version for 1 .. $n },
    get_name    => sub { my ($c, $d, $n) = @_; my $x; $x = $d->get_name for 1 .. $n },
    get_info    => sub { my ($c, $d, $n) = @_; my $x; $x = $d->get_info for 1 .. $n },
    get_state   => sub { my ($c, $d, $n) = @_; my @x; @x = $d->get_state for 1 .. $n },
    get_uuid_string => sub { my ($c, $d, $n) = @_; my $x; $x = $d->get_uuid_string for 1 .. $n },
    is_alive    => sub { my ($c, $d, $n) = @_; my $x; $x = $c->is_alive for 1 .. $n },
);
my @DEFAULT = qw(get_id is_active get_version get_name get_info);

my %opt = (n => 1000);
GetOptions(\%opt, 'n=i', 'calls=s', 'raw', 'worker=s')
  or die "usage: perl bench/callgrind.pl [--n N] [--calls a,b,...] [--raw]\n";

if (defined $opt{worker}) {
    my $code = $CALLS{ $opt{worker} } or die "no call $opt{worker}\n";
    require Sys::Virt;
    print STDERR "loaded: $INC{'Sys/Virt.pm'}\n";
    my $c = Sys::Virt->new(uri => 'test:///default');
    my $d = $c->get_domain_by_name('test');
    $code->($c, $d, 10);
    $code->($c, $d, $opt{n});
    exit 0;
}

my $root = File::Spec->rel2abs(File::Spec->catdir($FindBin::Bin, File::Spec->updir));
my $self = File::Spec->rel2abs(__FILE__);
die "bench/callgrind.pl: $root/blib not found: run `perl Makefile.PL && make` first\n"
  unless -d "$root/blib/arch/auto/Sys/Virt";
die "bench/callgrind.pl: valgrind not found\n" if system('sh', '-c', 'valgrind --version >/dev/null 2>&1') != 0;
my $REFDIR = do { require File::Spec->catfile($root, 't', 'lib', 'TestDriver.pm'); TestDriver::REFDIR() };
die "bench/callgrind.pl: " . TestDriver::reference_missing() . "\n" unless defined $REFDIR;
my @calls = defined $opt{calls} ? split(/,/, $opt{calls}) : @DEFAULT;
for (@calls) { die "bench/callgrind.pl: no call $_ (calls: @{[sort keys %CALLS]})\n" unless $CALLS{$_} }
die "bench/callgrind.pl: --n must be at least 1\n" if $opt{n} < 1;

my $tmp = tempdir('sys-virt-callgrind-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my %impl = (
    reference => { inc => "-I$REFDIR", pm => "$REFDIR/Sys/Virt.pm" },
    ours      => { inc => "-Mblib=$root", pm => "$root/blib/lib/Sys/Virt.pm" },
);

# The instructions a process making `n` calls executes.
sub instructions {
    my ($which, $call, $n) = @_;
    my $out = "$tmp/$which.$call.$n.out";
    my $err = "$tmp/$which.$call.$n.err";
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        delete @ENV{qw(PERL5LIB PERLLIB PERL5OPT)} if $which eq 'reference';
        @ENV{qw(PERL_HASH_SEED PERL_PERTURB_KEYS)} = (0, 0);
        open STDOUT, '>', '/dev/null' or die $!;
        open STDERR, '>', $err or die "$err: $!";
        exec 'valgrind', '--tool=callgrind', "--callgrind-out-file=$out", $^X, $impl{$which}{inc},
          $self, '--worker', $call, '--n', $n
          or die "exec valgrind: $!";
    }
    waitpid($pid, 0);
    open my $eh, '<', $err or die "$err: $!";
    my ($loaded) = map { /^loaded: (.*)$/ ? $1 : () } <$eh>;
    die "bench/callgrind.pl: the $which process for $call failed (see $err)\n" if $? || !defined $loaded;
    die "bench/callgrind.pl: the $which process loaded $loaded, not $impl{$which}{pm}\n"
      unless $loaded eq $impl{$which}{pm};
    open my $fh, '<', $out or die "$out: $!";
    while (my $line = <$fh>) {
        return 0 + $1 if $line =~ /^(?:summary|totals): (\d+)/;
    }
    die "bench/callgrind.pl: no total in $out\n";
}

my $n = $opt{n};
printf "%-16s %12s %12s %9s %9s\n", 'call', 'reference', 'ours', 'ours-ref', 'ours/ref';
for my $call (@calls) {
    my %per;
    for my $which (qw(reference ours)) {
        my ($i1, $i3) = map { instructions($which, $call, $_) } $n, 3 * $n;
        $per{$which} = ($i3 - $i1) / (2 * $n);
        printf "  %s %s: %d calls %d, %d calls %d\n", $call, $which, $n, $i1, 3 * $n, $i3 if $opt{raw};
    }
    printf "%-16s %12.1f %12.1f %+9.1f %9.3f\n", $call, $per{reference}, $per{ours},
      $per{ours} - $per{reference}, $per{ours} / $per{reference};
}
