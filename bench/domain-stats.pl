#!/usr/bin/perl
# bench/domain-stats.pl -- what a monitoring plugin does on every poll, on test:///default:
# this module (blib/) against the XS module (Debian libsys-virt-perl), side by side in one
# run.
#
#   perl bench/domain-stats.pl [--domains 500] [--rounds 25] [--cpu N|none] [--raw]
#
# Run from the top of the tree (or anywhere) after `perl Makefile.PL && make`. Not a test.
#
# It starts two long-lived worker processes: `perl -Mblib=<tree>` (ours) and `perl` with
# PERL5LIB/PERLLIB/PERL5OPT unset and only the XS module's directory added (the reference).
# Each opens test:///default in-process, takes the XML of its "test" domain and defines and
# starts --domains copies of it (new names, no UUID: libvirt makes one each), so it polls
# --domains + 1 running domains. Once both are ready they are pinned to one CPU (taskset;
# --cpu none leaves them free) and the rounds begin: in each round, operation by operation,
# each worker runs a slice of calls while the other waits, in alternating order from round
# to round. Times are the CPU time of the worker's calling thread (CLOCK_THREAD_CPUTIME_ID):
# the test driver does its work in that thread, and time spent descheduled is left out.
#
# Operations (result assigned, so the records and hashes are built and freed):
#   get_all_domain_stats(0)           every running domain, all stats groups; reported per
#                                     record (per domain)
#   get_all_domain_stats(0, \@doms)   the same with the list of the --domains copies
#   get_all_domain_stats(0), kept     the first again, but the records of a slice are kept
#                                     until the clock has stopped, so that freeing them is
#                                     not timed: the XS module never frees them (each record
#                                     hash is left with a reference count too many, so it
#                                     and its domain object live until the process ends);
#                                     this line compares the cost of making them alone
#   get_info                          cycling over the copies, one call each
#   block_stats('vda')                the same (the test domain's disk)
#   memory_stats                      the same
# Printed per operation: the median over rounds of each side's us per record or per call,
# and the median over rounds of each round's ours/reference ratio with its smallest and
# largest; below 1.00, this module is faster. Last, each worker's VmRSS growth over the
# timed rounds, which shows the XS module's leaked records.
use strict;
use warnings;
use FindBin;
use File::Spec;
use Getopt::Long;
use IPC::Open2;
use Time::HiRes qw(clock_gettime CLOCK_THREAD_CPUTIME_ID);

$| = 1;
my %opt = (domains => 500, rounds => 25);
GetOptions(\%opt, 'domains=i', 'rounds=i', 'cpu=s', 'raw', 'worker')
  or die "usage: perl bench/domain-stats.pl [--domains N] [--rounds N] [--cpu N|none] [--raw]\n";

# operation, calls per slice, the unit its time is divided by ('record' or 'call')
my @OPS = (
    ['get_all_domain_stats'      => 10,     'record', 'get_all_domain_stats(0), all domains'],
    ['get_all_domain_stats_list' => 10,     'record', 'get_all_domain_stats(0, \@doms)'],
    ['get_all_domain_stats_kept' => 10,     'record', 'get_all_domain_stats(0), kept'],
    ['get_info'                  => 20_000, 'call',   'get_info'],
    ['block_stats'               => 20_000, 'call',   "block_stats('vda')"],
    ['memory_stats'              => 20_000, 'call',   'memory_stats'],
);

if ($opt{worker}) {
    worker($opt{domains});
    exit 0;
}

my $root = File::Spec->rel2abs(File::Spec->catdir($FindBin::Bin, File::Spec->updir));
my $self = File::Spec->rel2abs(__FILE__);
die "bench/domain-stats.pl: $root/blib not found: run `perl Makefile.PL && make` first\n"
  unless -d "$root/blib/arch/auto/Sys/Virt";
# The XS module's directory: found by loading it (t/lib/TestDriver.pm), undef when absent.
my $REFDIR = do { require File::Spec->catfile($root, 't', 'lib', 'TestDriver.pm'); TestDriver::REFDIR() };
die "bench/domain-stats.pl: " . TestDriver::reference_missing() . "\n" unless defined $REFDIR;

my %cmd = (
    ours      => [$^X, "-Mblib=$root", $self, '--worker', '--domains', $opt{domains}],
    reference => [$^X, "-I$REFDIR", $self, '--worker', '--domains', $opt{domains}],
);
my @impls = qw(reference ours);
my %w;
for my $impl (@impls) {
    local %ENV = %ENV;
    delete @ENV{qw(PERL5LIB PERLLIB PERL5OPT)} if $impl eq 'reference';
    my ($out, $in);
    my $pid = open2($out, $in, @{ $cmd{$impl} });
    $w{$impl} = { pid => $pid, out => $out, in => $in };
}
for my $impl (@impls) {
    my $line = readline($w{$impl}{out});
    die "bench/domain-stats.pl: the $impl worker failed during setup\n"
      unless defined $line && $line =~ /^ready (.*)/;
    printf "%-9s ready: %s\n", $impl, $1;
}
my $cpu = defined $opt{cpu} ? $opt{cpu} : last_cpu();
if (defined $cpu && $cpu ne 'none') {
    my $pinned = 0;
    for my $impl (@impls) {
        $pinned++ if system('sh', '-c', "taskset -p -c $cpu $w{$impl}{pid} >/dev/null 2>&1") == 0;
    }
    print $pinned == @impls ? "workers pinned to CPU $cpu\n" : "taskset failed: workers not pinned\n";
}

sub ask {
    my ($impl, $op, $n) = @_;
    my $p = $w{$impl};
    print { $p->{in} } "run $op $n\n";
    $p->{in}->flush;
    my $line = readline($p->{out});
    die "bench/domain-stats.pl: the $impl worker died\n" unless defined $line;
    my ($ns, $units) = $line =~ /^(\S+) (\d+)$/ or die "bench/domain-stats.pl: $impl said: $line";
    return $ns / $units / 1000;    # us per unit
}

# warm-up: one slice each, not counted
for my $o (@OPS) { ask($_, $o->[0], $o->[1]) for @impls }

my %rss0 = map { $_ => rss_of($_) } @impls;
my %t;    # op -> impl -> [us per unit per round]
for my $round (1 .. $opt{rounds}) {
    my @order = $round % 2 ? @impls : reverse @impls;
    for my $o (@OPS) {
        push @{ $t{ $o->[0] }{$_} }, ask($_, $o->[0], $o->[1]) for @order;
    }
    if ($opt{raw}) {
        printf "round %2d: %s\n", $round, join '  ', map {
            sprintf '%s %.3f/%.3f', $_->[0], $t{ $_->[0] }{reference}[-1], $t{ $_->[0] }{ours}[-1]
        } @OPS;
    }
}
my %rss1 = map { $_ => rss_of($_) } @impls;
for my $impl (@impls) { close $w{$impl}{in}; waitpid($w{$impl}{pid}, 0) }

# a worker's VmRSS in KiB
sub rss_of {
    my ($impl) = @_;
    my $p = $w{$impl};
    print { $p->{in} } "rss\n";
    $p->{in}->flush;
    my $line = readline($p->{out});
    die "bench/domain-stats.pl: the $impl worker died\n" unless defined $line;
    return (split ' ', $line)[0];
}

sub median { my @s = sort { $a <=> $b } @_; return $s[$#s / 2] }
printf "\n%d domains running in each worker (plus \"test\"), %d rounds, CPU time in us\n",
  $opt{domains}, $opt{rounds};
printf "%-40s %8s %12s %12s %9s %15s\n", 'operation', 'unit', 'reference', 'ours', 'ours/ref', '(min-max)';
for my $o (@OPS) {
    my ($op, undef, $unit, $label) = @$o;
    my @ref = @{ $t{$op}{reference} };
    my @our = @{ $t{$op}{ours} };
    my @ratio = map { $our[$_] / $ref[$_] } 0 .. $#ref;
    my @s = sort { $a <=> $b } @ratio;
    printf "%-40s %8s %12.3f %12.3f %9.2f %15s\n", $label, "us/$unit", median(@ref), median(@our),
      median(@ratio), sprintf('%.2f-%.2f', $s[0], $s[-1]);
}
# the timed rounds made this many get_all_domain_stats records in each worker
my $recs = 0;
$recs += $_->[1] * ($opt{domains} + ($_->[0] eq 'get_all_domain_stats_list' ? 0 : 1)) * $opt{rounds}
    for grep { $_->[2] eq 'record' } @OPS;
printf "VmRSS growth over the rounds (%d records made): %s\n", $recs,
  join ', ', map { sprintf '%s %+d KiB', $_, $rss1{$_} - $rss0{$_} } @impls;

sub rss_kib {
    open my $fh, '<', '/proc/self/status' or return 0;
    while (<$fh>) { return $1 if /^VmRSS:\s+(\d+)\s+kB/ }
    return 0;
}

# The last CPU the parent may run on (the workers go there), or undef.
sub last_cpu {
    open my $fh, '<', '/proc/self/status' or return undef;
    while (<$fh>) {
        next unless /^Cpus_allowed_list:\s*(\S+)/;
        my @cpus = map { /(\d+)-(\d+)/ ? ($1 .. $2) : $_ } split /,/, $1;
        return @cpus > 1 ? $cpus[-1] : undef;
    }
    return undef;
}

# ---------------------------------------------------------------- the worker
sub worker {
    my ($ndom) = @_;
    require Sys::Virt;
    my $conn = Sys::Virt->new(uri => 'test:///default');
    my $test = $conn->get_domain_by_name('test');
    my $xml = $test->get_xml_description;
    $xml =~ s{<uuid>.*?</uuid>}{}s or die "no uuid in the test domain's XML\n";
    my @doms;
    for my $i (1 .. $ndom) {
        (my $x = $xml) =~ s{<name>test</name>}{<name>bench$i</name>} or die "no name\n";
        my $d = $conn->define_domain($x);
        $d->create;
        push @doms, $d;
    }
    # a check that the records are what a plugin would get
    my @all = $conn->get_all_domain_stats(0);
    die "expected " . ($ndom + 1) . " records, got " . scalar(@all) . "\n" unless @all == $ndom + 1;
    my $keys = keys %{ $all[0]{data} };
    my $now = sub { clock_gettime(CLOCK_THREAD_CPUTIME_ID) * 1e9 };
    my %op = (
        get_all_domain_stats => sub {
            my ($n) = @_;
            my @r;
            my $t = $now->();
            @r = $conn->get_all_domain_stats(0) for 1 .. $n;
            return ($now->() - $t, $n * @r);
        },
        get_all_domain_stats_list => sub {
            my ($n) = @_;
            my @r;
            my $t = $now->();
            @r = $conn->get_all_domain_stats(0, \@doms) for 1 .. $n;
            return ($now->() - $t, $n * @r);
        },
        # the records are kept until the clock has stopped: the cost of making them alone
        # (the XS module never frees them, see below)
        get_all_domain_stats_kept => sub {
            my ($n) = @_;
            my @kept;
            my $t = $now->();
            push @kept, [$conn->get_all_domain_stats(0)] for 1 .. $n;
            my $ns = $now->() - $t;
            my $units = 0;
            $units += @$_ for @kept;
            @kept = ();
            return ($ns, $units);
        },
        get_info => sub {
            my ($n) = @_;
            my @cycle = map { $doms[$_ % @doms] } 0 .. $n - 1;
            my $x;
            my $t = $now->();
            $x = $_->get_info for @cycle;
            return ($now->() - $t, $n);
        },
        block_stats => sub {
            my ($n) = @_;
            my @cycle = map { $doms[$_ % @doms] } 0 .. $n - 1;
            my $x;
            my $t = $now->();
            $x = $_->block_stats('vda') for @cycle;
            return ($now->() - $t, $n);
        },
        memory_stats => sub {
            my ($n) = @_;
            my @cycle = map { $doms[$_ % @doms] } 0 .. $n - 1;
            my $x;
            my $t = $now->();
            $x = $_->memory_stats for @cycle;
            return ($now->() - $t, $n);
        },
    );
    print "ready $INC{'Sys/Virt.pm'}, ", scalar(@all), " domains, $keys stats per record\n";
    while (my $cmd = <STDIN>) {
        if ($cmd =~ /^rss$/) {
            printf "%d 1\n", rss_kib();
            next;
        }
        my ($req, $n) = $cmd =~ /^run (\S+) (\d+)$/ or last;
        my $code = $op{$req} or die "bench/domain-stats.pl worker: unknown operation $req\n";
        my ($ns, $units) = $code->($n);
        printf "%.1f %d\n", $ns, $units;
    }
}
