#!/usr/bin/perl
# bench/run.pl -- checkpoint benchmark: ours (Rust, blib/) vs the XS reference vs C.
#
#   perl bench/run.pl            (from the top of the tree, after `perl Makefile.PL && make`)
#   perl bench/run.pl --rounds 7 --procs 1 --quick --raw --cpu none   (--cpu N: pin to CPU N)
#
# It runs the same checkpoint workload in separate, long-lived processes of three kinds:
#   floor      bench/floor.c, built here with  cc -O2 ... $(pkg-config --cflags --libs libvirt):
#              the same libvirt calls made directly from C;
#   reference  `perl` loading the Sys::Virt installed system-wide (the XS module), when
#              installed (skipped otherwise);
#   ours       `perl -Mblib=<tree>` loading this tree's blib/ (the Rust module).
# Each implementation runs in --procs processes (3 by default), since a process's memory
# layout alone moves tight loops by a few per cent. Each process opens test:///default
# in-process, defines two copies of the "test" domain and gives them chains of 200 and 2,000
# checkpoints (libvirt's test driver needs ~13 ms per checkpoint creation, so the trees are
# built once per process, in parallel, before any timing). Then all workers are pinned to
# one CPU and the rounds alternate: in each round one process of each implementation runs
# the whole workload while all others wait idle (the order rotates from round to round, and
# so do the processes). Printed per operation: ns/op for floor, reference and ours (median
# over the rounds), ours/reference, and the overhead ratio (ours - floor) / (reference -
# floor). --raw adds every round's numbers. Times are the CPU time of the calling thread
# (CLOCK_THREAD_CPUTIME_ID), in all three.
#
# Operations (each a loop of N calls, result assigned, objects freed as they go):
#   get_name, get_parent, get_xml_description(XML_NO_DOMAIN) on a checkpoint of the small
#   tree; get_checkpoint_by_name cycling over the small tree's names; list_all_checkpoints
#   and list_all_children(LIST_DESCENDANTS) on the root, on both trees; create_checkpoint +
#   delete of a fresh checkpoint on the (empty) "test" domain, timed separately; and the
#   constant Sys::Virt::DomainCheckpoint::LIST_LEAVES, called as
#   &Sys::Virt::DomainCheckpoint::LIST_LEAVES() so that perl does not fold it (both modules
#   make it with newCONSTSUB, so this is the same sub call in both).
# A full run takes about 3 minutes on 2 cores (most of it building trees); --quick uses
# smaller trees and counts.
use strict;
use warnings;
use FindBin;
use File::Spec;
use File::Temp qw(tempdir);
use Getopt::Long;
use IPC::Open2;
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC CLOCK_THREAD_CPUTIME_ID);

my @OPS = qw(get_name get_parent get_xml_description get_checkpoint_by_name
  list_all_checkpoints_200 list_all_checkpoints_2000
  list_all_children_200 list_all_children_2000
  create_checkpoint delete constant);

$| = 1;
my %opt = (rounds => 9, procs => 3);    # rounds: odd, so that one disturbed round does not move the median
GetOptions(\%opt, 'rounds=i', 'quick', 'worker=s', 'counts=s', 'no-reference', 'cpu=s', 'raw', 'procs=i')
  or die "usage: perl bench/run.pl [--rounds N] [--procs N] [--quick] [--no-reference]"
  . " [--cpu N|none] [--raw]\n";
die "bench/run.pl: --procs must be at least 1\n" if $opt{procs} < 1;

# small tree, large tree, then the loop counts in floor.c's argument order
my @COUNTS = $opt{quick}
  ? (200, 500, 20000, 10000, 5000, 10000, 200, 40, 200, 40, 2, 200000)
  : (200, 2000, 200000, 100000, 50000, 100000, 2000, 200, 2000, 200, 40, 5000000);

if ($opt{worker}) {
    worker(split /,/, $opt{counts});
    exit 0;
}

my $root = File::Spec->rel2abs(File::Spec->catdir($FindBin::Bin, File::Spec->updir));
die "bench/run.pl: $root/blib not found: run `perl Makefile.PL && make` first\n"
  unless -d "$root/blib/arch/auto/Sys/Virt";

# ---- the floor: build it ----
my $tmp = tempdir(CLEANUP => 1);
my $floor = "$tmp/floor";
my $pc = `pkg-config --cflags --libs libvirt`;
die "bench/run.pl: pkg-config --cflags --libs libvirt failed\n" if $?;
chomp $pc;
system("cc -O2 -o $floor $root/bench/floor.c $pc") == 0
  or die "bench/run.pl: building bench/floor.c failed\n";

# ---- the reference: is it installed? ----
my $have_ref = !$opt{'no-reference'}
  && system($^X, '-e', 'require Sys::Virt; exit(($INC{"Sys/Virt.pm"} =~ m{/blib/}) ? 1 : 0)') == 0;
print "reference Sys::Virt not installed: comparing ours with the floor only\n" unless $have_ref;

my $counts = join ',', @COUNTS;
my %cmd = (
    floor => [$floor, @COUNTS],
    ours  => [$^X, "-Mblib=$root", "$root/bench/run.pl", '--worker', 'ours', '--counts', $counts],
);
$cmd{reference} = [$^X, "$root/bench/run.pl", '--worker', 'reference', '--counts', $counts]
  if $have_ref;
my @impls = grep { $cmd{$_} } qw(floor reference ours);

# Start all, then wait for each to be ready (trees built in parallel). Each implementation
# runs in --procs separate processes, used in turn from round to round: a process's own
# memory layout (address randomisation) makes tight loops a few per cent faster or slower
# for its whole life, and several processes per side average that out.
my $t0 = clock_gettime(CLOCK_MONOTONIC);
my %proc;    # impl -> [ { pid, out, in } per process ]
for my $k (1 .. $opt{procs}) {
    for my $impl (@impls) {
        local $ENV{PERL5LIB} = $ENV{PERL5LIB};
        # the reference must not see this tree's blib through PERL5LIB
        delete $ENV{PERL5LIB} if $impl eq 'reference';
        my ($out, $in);
        my $pid = open2($out, $in, @{ $cmd{$impl} });
        push @{ $proc{$impl} }, { pid => $pid, out => $out, in => $in };
    }
}
for my $impl (@impls) {
    for my $p (@{ $proc{$impl} }) {
        my $line = readline($p->{out});
        die "bench/run.pl: $impl worker failed during setup\n"
          unless defined $line && $line =~ /^ready/;
        chomp $line;
        (my $info = $line) =~ s/^ready\s*//;
        printf "%-9s ready%s\n", $impl, $info ? " ($info)" : '';
    }
}
printf "setup (trees of %d and %d checkpoints, in each of %d processes): %.1f s\n",
  $COUNTS[0], $COUNTS[1], $opt{procs} * @impls, clock_gettime(CLOCK_MONOTONIC) - $t0;

# Only one worker runs at a time from here on, so all of them can share one CPU: each is
# then timed on the same (virtual) CPU as the others, and a CPU that is slower or busier
# on the host does not favour one side. Only each worker's main thread is pinned (the one
# that is timed); libvirt's helper threads stay free. taskset comes with util-linux.
my $cpu = defined $opt{cpu} ? $opt{cpu} : last_cpu();
if (defined $cpu && $cpu ne 'none') {
    my @failed = grep {
        system("taskset -pc $cpu $_->{pid} >/dev/null 2>&1") != 0
    } map { @{ $proc{$_} } } @impls;
    print @failed ? "not pinned to a CPU (taskset failed)\n" : "workers pinned to CPU $cpu\n";
}

my %res;    # impl -> op -> [ns per round]
for my $round (1 .. $opt{rounds}) {
    my @order = @impls;
    push @order, shift @order for 1 .. ($round - 1) % @impls;
    my $k = ($round - 1) % $opt{procs};
    for my $impl (@order) {
        my $p = $proc{$impl}[$k];
        print { $p->{in} } "round\n";
        $p->{in}->flush;
        while (my $line = readline($p->{out})) {
            last if $line =~ /^end/;
            my ($op, $ns) = split ' ', $line;
            push @{ $res{$impl}{$op} }, $ns;
        }
    }
    printf "round %d done (process %d of each: %s)\n", $round, $k + 1, join(' ', @order);
}
for my $p (map { @{ $proc{$_} } } @impls) {
    print { $p->{in} } "quit\n";
    close $p->{in};
    waitpid $p->{pid}, 0;
}

# The highest-numbered CPU this process may run on (undef without taskset or on one CPU).
sub last_cpu {
    return undef if system('taskset -V >/dev/null 2>&1') != 0;
    my $list = `taskset -pc $$ 2>/dev/null`;
    return undef unless $list =~ /:\s*([\d,\-]+)\s*$/;
    my @cpus = map { /^(\d+)-(\d+)$/ ? ($1 .. $2) : $_ } split /,/, $1;
    return @cpus > 1 ? $cpus[-1] : undef;
}

sub median {
    my @s = sort { $a <=> $b } @_;
    return undef unless @s;
    return @s % 2 ? $s[$#s / 2] : ($s[@s / 2 - 1] + $s[@s / 2]) / 2;
}

printf "\n%d rounds, median ns/op (lower is better)\n", $opt{rounds};
printf "%-26s %12s %12s %12s %9s %14s\n", 'operation', 'floor', 'reference', 'ours',
  'ours/ref', 'over-floor o/r';
for my $op (@OPS) {
    my %m = map { $_ => median(@{ $res{$_}{$op} || [] }) } @impls;
    my $fmt = sub { defined $_[0] ? sprintf('%12.1f', $_[0]) : sprintf('%12s', '-') };
    my ($ratio, $over) = ('-', '-');
    if ($have_ref && $m{reference}) {
        $ratio = sprintf '%.2f', $m{ours} / $m{reference};
        my $rf = $m{reference} - $m{floor};
        $over = sprintf '%.2f', ($m{ours} - $m{floor}) / $rf if $rf > 0;
    }
    printf "%-26s %s %s %s %9s %14s\n", $op, $fmt->($m{floor}), $fmt->($m{reference}),
      $fmt->($m{ours}), $ratio, $over;
}
if ($opt{raw}) {
    print "\nper round, ns/op (", join(' / ', @impls), ")\n";
    for my $op (@OPS) {
        printf "%-26s %s\n", $op, join '  ', map {
            my $r = $_;
            join '/', map { sprintf '%.0f', $res{$_}{$op}[$r] // 0 } @impls
        } 0 .. $opt{rounds} - 1;
    }
}
printf "\ntotal %.1f s\n", clock_gettime(CLOCK_MONOTONIC) - $t0;
exit 0;

# ---- the Perl worker (ours or the reference, whichever Sys::Virt perl loads) ----
sub worker {
    my ($small, $large, $n_name, $n_parent, $n_xml, $n_lookup, $n_ls, $n_ll, $n_cs, $n_cl,
        $n_create, $n_const) = @_;
    require Sys::Virt;
    $| = 1;
    my $conn = Sys::Virt->new(uri => 'test:///default');
    my $test = $conn->get_domain_by_name('test');
    my $new_domain = sub {
        my ($name) = @_;
        my $xml = $test->get_xml_description;
        $xml =~ s{<name>test</name>}{<name>$name</name>} or die;
        $xml =~ s{<uuid>.*?</uuid>}{}s or die;
        my $d = $conn->define_domain($xml);
        $d->create;
        return $d;
    };
    my $ds = $new_domain->('bench_small');
    my $dl = $new_domain->('bench_large');
    for ([$ds, $small], [$dl, $large]) {
        my ($d, $n) = @$_;
        $d->create_checkpoint("<domaincheckpoint><name>c$_</name></domaincheckpoint>") for 1 .. $n;
    }
    my $cp     = $ds->get_checkpoint_by_name('c' . int($small / 2));
    my $root_s = $ds->get_checkpoint_by_name('c1');
    my $root_l = $dl->get_checkpoint_by_name('c1');
    my @names  = map { 'c' . (($_ % $small) + 1) } 0 .. $n_lookup - 1;
    my $NO_DOMAIN   = Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN();
    my $DESCENDANTS = Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS();
    my $scratch_xml = '<domaincheckpoint><name>scratch</name></domaincheckpoint>';
    print "ready $INC{'Sys/Virt.pm'}\n";

    # CPU time of this thread: the test driver does all its work in the calling thread, and
    # time spent descheduled (other processes on a shared machine) is left out.
    my $now = sub { clock_gettime(CLOCK_THREAD_CPUTIME_ID) * 1e9 };
    while (my $cmd = <STDIN>) {
        last unless $cmd =~ /^round/;
        my ($t, $x, @l);

        $t = $now->();
        $x = $cp->get_name for 1 .. $n_name;
        printf "get_name %.1f\n", ($now->() - $t) / $n_name;

        $t = $now->();
        $x = $cp->get_parent for 1 .. $n_parent;
        printf "get_parent %.1f\n", ($now->() - $t) / $n_parent;

        $t = $now->();
        $x = $cp->get_xml_description($NO_DOMAIN) for 1 .. $n_xml;
        printf "get_xml_description %.1f\n", ($now->() - $t) / $n_xml;

        $t = $now->();
        $x = $ds->get_checkpoint_by_name($_) for @names;
        printf "get_checkpoint_by_name %.1f\n", ($now->() - $t) / $n_lookup;
        undef $x;

        $t = $now->();
        @l = $ds->list_all_checkpoints for 1 .. $n_ls;
        printf "list_all_checkpoints_200 %.1f\n", ($now->() - $t) / $n_ls;
        $t = $now->();
        @l = $dl->list_all_checkpoints for 1 .. $n_ll;
        printf "list_all_checkpoints_2000 %.1f\n", ($now->() - $t) / $n_ll;
        $t = $now->();
        @l = $root_s->list_all_children($DESCENDANTS) for 1 .. $n_cs;
        printf "list_all_children_200 %.1f\n", ($now->() - $t) / $n_cs;
        $t = $now->();
        @l = $root_l->list_all_children($DESCENDANTS) for 1 .. $n_cl;
        printf "list_all_children_2000 %.1f\n", ($now->() - $t) / $n_cl;
        @l = ();

        my ($tc, $td) = (0, 0);
        for (1 .. $n_create) {
            my $t0 = $now->();
            my $c = $test->create_checkpoint($scratch_xml);
            my $t1 = $now->();
            $c->delete;
            my $t2 = $now->();
            $tc += $t1 - $t0;
            $td += $t2 - $t1;
        }
        printf "create_checkpoint %.1f\ndelete %.1f\n", $tc / $n_create, $td / $n_create;

        $t = $now->();
        $x = &Sys::Virt::DomainCheckpoint::LIST_LEAVES() for 1 .. $n_const;
        printf "constant %.1f\n", ($now->() - $t) / $n_const;

        print "end\n";
    }
}
