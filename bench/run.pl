#!/usr/bin/perl
# bench/run.pl -- checkpoint benchmark: ours (Rust, blib/) vs the XS reference vs C.
#
#   perl bench/run.pl            (from the top of the tree, after `perl Makefile.PL && make`)
#   perl bench/run.pl --rounds 9 --procs 1 --quick --raw --cpu none   (--cpu N: pin to CPU N)
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
# checkpoints (libvirt's test driver needs ~13 ms per checkpoint creation, most of it
# loading the checkpoint XML schema, so the trees are built once per process, in parallel,
# before any timing). Then all workers are pinned to one CPU and the rounds begin. In each
# round, operation by operation, one process of each implementation runs a slice of that
# operation (N calls) while all others wait idle; the three slices of an operation run back
# to back, so that a slow spell of the machine falls on all three alike. The order of the
# three changes from operation to operation and round to round (all orders in turn), and
# the process used changes from round to round, independently of the order.
# create_checkpoint and delete (the only operations that need no tree) run instead in
# fresh processes, one of each implementation per round, started for the purpose, warmed
# up and stopped after their slices: a delete, which mostly pays for memory that the
# creation before it pushed out of the caches, depends on a process's memory layout by
# several per cent either way, and 25 processes per side average that out where 3 do not.
# Printed per operation: the median over rounds of each implementation's ns/op, and the
# median over rounds of that round's ours/reference ratio, with a 95% interval for that
# median (bootstrap: how far it could move by chance, given how much the rounds differ),
# and of its overhead ratio (ours - floor) / (reference - floor), the latter where the
# reference is at least 5% above the floor. --raw adds every round's numbers. Times are the
# CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), in all three.
#
# Operations (each a loop of N calls, result assigned, objects freed as they go):
#   get_name, get_parent, get_xml_description(XML_NO_DOMAIN) on a checkpoint of the small
#   tree; get_checkpoint_by_name cycling over the small tree's names; list_all_checkpoints
#   and list_all_children(LIST_DESCENDANTS) on the root, on both trees; create_checkpoint of
#   a few new checkpoints on the (empty) "test" domain, then delete of each, newest first
#   (each call timed on its own; all the creations come first, so only a slice's first
#   delete follows a creation directly, and pays for the cold caches and glibc's upkeep the
#   creation's schema loading left behind); and the
#   constant Sys::Virt::DomainCheckpoint::LIST_LEAVES, called as
#   &Sys::Virt::DomainCheckpoint::LIST_LEAVES() so that perl does not fold it (both modules
#   make it with newCONSTSUB, so this is the same sub call in both).
# A full run takes about five minutes on 2 cores, most of it building trees; --quick uses
# smaller trees and slices.
use strict;
use warnings;
use FindBin;
use File::Spec;
use File::Temp qw(tempdir);
use Getopt::Long;
use IPC::Open2;
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC CLOCK_THREAD_CPUTIME_ID);

$| = 1;
my %opt = (rounds => 25, procs => 3);    # rounds: odd, for a plain median
GetOptions(\%opt, 'rounds=i', 'quick', 'worker=s', 'trees=s', 'no-reference', 'cpu=s', 'raw',
    'procs=i')
  or die "usage: perl bench/run.pl [--rounds N] [--procs N] [--quick] [--no-reference]"
  . " [--cpu N|none] [--raw]\n";
die "bench/run.pl: --procs and --rounds must be at least 1\n"
  if $opt{procs} < 1 || $opt{rounds} < 1;

# The two trees' sizes, and per operation: the request sent to the workers, the number of
# calls in one slice (full run, --quick), the number of slices each implementation runs
# per round, and 'fresh' where the operation runs in fresh processes each round. The
# slices of an operation alternate between the implementations (A B C A B C ...), so that
# each implementation's share of a round is spread over the same stretch of time as the
# others': on these virtual machines a slow spell lasts some tens of milliseconds, longer
# than a slice.
my @TREES = $opt{quick} ? (200, 500) : (200, 2000);
my @REQUESTS = (
    [get_name                   => 20_000,  2_000,  10],
    [get_parent                 => 10_000,  1_000,  5],
    [get_xml_description        => 5_000,   500,    5],
    [get_checkpoint_by_name     => 10_000,  1_000,  5],
    [list_all_checkpoints_small => 200,     20,     5],
    [list_all_checkpoints_large => 20,      4,      5],
    [list_all_children_small    => 200,     20,     5],
    [list_all_children_large    => 20,      4,      5],
    [create_checkpoint          => 4,       2,      6, 'fresh'],    # also reports delete
    [constant                   => 500_000, 20_000, 10],
);
# The rows printed: what the workers report, and its label.
my @ROWS = (
    [get_name                   => 'get_name'],
    [get_parent                 => 'get_parent'],
    [get_xml_description        => 'get_xml_description(XML_NO_DOMAIN)'],
    [get_checkpoint_by_name     => 'get_checkpoint_by_name'],
    [list_all_checkpoints_small => "list_all_checkpoints ($TREES[0])"],
    [list_all_checkpoints_large => "list_all_checkpoints ($TREES[1])"],
    [list_all_children_small    => "list_all_children(LIST_DESCENDANTS) ($TREES[0])"],
    [list_all_children_large    => "list_all_children(LIST_DESCENDANTS) ($TREES[1])"],
    [create_checkpoint          => 'create_checkpoint'],
    [delete                     => 'delete'],
    [constant                   => 'constant'],
);

if ($opt{worker}) {
    worker(split /,/, $opt{trees});
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

# The command that starts a worker of an implementation, given the two trees' sizes
# (0 and 0: a scratch worker, with no trees, for the create_checkpoint requests).
my %cmd = (
    floor => sub { [$floor, @_] },
    ours  => sub {
        [$^X, "-Mblib=$root", "$root/bench/run.pl", '--worker', 'ours', '--trees', join ',', @_];
    },
);
$cmd{reference} = sub {
    [$^X, "$root/bench/run.pl", '--worker', 'reference', '--trees', join ',', @_];
} if $have_ref;
my @impls = grep { $cmd{$_} } qw(floor reference ours);

# Only one worker runs at a time once timing starts, so all of them can share one CPU: each
# is then timed on the same (virtual) CPU as the others, and a CPU that is slower or busier
# on the host does not favour one side. Only each worker's main thread is pinned (the one
# that is timed); libvirt's helper threads stay free. taskset comes with util-linux.
my $cpu = defined $opt{cpu} ? $opt{cpu} : last_cpu();
$cpu = undef if defined $cpu && $cpu eq 'none';

# Starts one worker of each implementation (they set up in parallel); returns
# impl -> { pid, out, in }. await_ready then waits for each to be ready, and pins it.
sub start_workers {
    my (@trees) = @_;
    my %w;
    for my $impl (@impls) {
        local $ENV{PERL5LIB} = $ENV{PERL5LIB};
        # the reference must not see this tree's blib through PERL5LIB
        delete $ENV{PERL5LIB} if $impl eq 'reference';
        my ($out, $in);
        my $pid = open2($out, $in, @{ $cmd{$impl}->(@trees) });
        $w{$impl} = { pid => $pid, out => $out, in => $in };
    }
    return \%w;
}

sub await_ready {
    my ($w, $show) = @_;
    for my $impl (@impls) {
        my $p    = $w->{$impl};
        my $line = readline($p->{out});
        die "bench/run.pl: $impl worker failed during setup\n"
          unless defined $line && $line =~ /^ready/;
        chomp $line;
        (my $info = $line) =~ s/^ready\s*//;
        printf "%-9s ready%s\n", $impl, $info ? " ($info)" : '' if $show;
        $p->{pinned} = system("taskset -pc $cpu $p->{pid} >/dev/null 2>&1") == 0
          if defined $cpu;
    }
}

# Sends one request to a worker and adds what it reports (ns per call, per row, times the
# calls) to $sum->{row}, if a sum is given.
sub request {
    my ($p, $impl, $req, $n, $sum) = @_;
    print { $p->{in} } "run $req $n\n";
    $p->{in}->flush;
    while (1) {
        my $line = readline($p->{out});
        die "bench/run.pl: $impl worker stopped during $req\n" unless defined $line;
        last if $line =~ /^end/;
        my ($row, $ns) = split ' ', $line;
        $sum->{$row} += $ns * $n if $sum;
    }
}

sub stop_workers {
    my ($w) = @_;
    for my $p (values %$w) {
        print { $p->{in} } "quit\n";
        close $p->{in};
        waitpid $p->{pid}, 0;
    }
}

# The long-lived workers, with trees. Each implementation runs in --procs separate
# processes, used in turn from round to round: a process's own memory layout (address
# randomisation, which physical pages it got) makes its calls a few per cent faster or
# slower for its whole life, and several processes per side average that out. Started all
# at once, then each awaited (trees built in parallel).
my $t0 = clock_gettime(CLOCK_MONOTONIC);
my @long = map { start_workers(@TREES) } 1 .. $opt{procs};
await_ready($_, 1) for @long;
printf "setup (trees of %d and %d checkpoints, in each of %d processes): %.1f s\n",
  @TREES, $opt{procs} * @impls, clock_gettime(CLOCK_MONOTONIC) - $t0;
if (defined $cpu) {
    my $all = !grep { !$_->{pinned} } map { values %$_ } @long;
    print $all ? "workers pinned to CPU $cpu\n" : "not pinned to a CPU (taskset failed)\n";
}

# Every order of the implementations, used in turn.
my @orders = permutations(@impls);

# A warm-up (half a slice) of every operation in every process, not recorded:
# the first calls of a process pay for first touches of its memory and caches.
sub warm_up {
    my ($w, @requests) = @_;
    for my $impl (@impls) {
        for my $r (@requests) {
            my ($req, $n_full, $n_quick) = @$r;
            request($w->{$impl}, $impl, $req, int(($opt{quick} ? $n_quick : $n_full) / 2) || 1);
        }
    }
}
warm_up($_, grep { !$_->[4] } @REQUESTS) for @long;

my %res;    # impl -> row -> [ns per call, per round]
for my $round (1 .. $opt{rounds}) {
    my $k = ($round - 1) % $opt{procs};
    for my $i (0 .. $#REQUESTS) {
        my ($req, $n_full, $n_quick, $slices, $fresh) = @{ $REQUESTS[$i] };
        my $n = $opt{quick} ? $n_quick : $n_full;
        my $w = $long[$k];
        if ($fresh) {
            $w = start_workers(0, 0);
            await_ready($w, 0);
            warm_up($w, $REQUESTS[$i]);
        }
        my %sum;    # impl -> row -> total ns this round
        my $order = $orders[($round - 1 + $i) % @orders];
        for my $slice (1 .. $slices) {
            request($w->{$_}, $_, $req, $n, $sum{$_} ||= {}) for @$order;
        }
        stop_workers($w) if $fresh;
        for my $impl (@impls) {
            push @{ $res{$impl}{$_} }, $sum{$impl}{$_} / ($n * $slices) for keys %{ $sum{$impl} };
        }
    }
    printf "round %d of %d done (process %d of each)\n", $round, $opt{rounds}, $k + 1;
}
stop_workers($_) for @long;

# The highest-numbered CPU this process may run on (undef without taskset or on one CPU).
sub last_cpu {
    return undef if system('taskset -V >/dev/null 2>&1') != 0;
    my $list = `taskset -pc $$ 2>/dev/null`;
    return undef unless $list =~ /:\s*([\d,\-]+)\s*$/;
    my @cpus = map { /^(\d+)-(\d+)$/ ? ($1 .. $2) : $_ } split /,/, $1;
    return @cpus > 1 ? $cpus[-1] : undef;
}

sub permutations {
    return [@_] if @_ <= 1;
    return map {
        my $i = $_;
        map { [$_[$i], @$_] } permutations(@_[grep { $_ != $i } 0 .. $#_])
    } 0 .. $#_;
}

# A 95% interval for the median of a list of per-round values: the 2.5th and 97.5th
# percentiles of the medians of 2,000 resamples (rounds drawn with replacement; a fixed
# seed, so the same rounds give the same interval). It shows how far the printed median
# could move by chance alone, given how much the rounds differ.
sub median_interval {
    my @v = @_;
    return unless @v > 2;
    srand(1);
    my @m = sort { $a <=> $b } map {
        median(map { $v[int rand @v] } 1 .. @v)
    } 1 .. 2000;
    return ($m[int(0.025 * @m)], $m[int(0.975 * @m) - 1]);
}

sub median {
    my @s = sort { $a <=> $b } grep { defined } @_;
    return undef unless @s;
    return @s % 2 ? $s[$#s / 2] : ($s[@s / 2 - 1] + $s[@s / 2]) / 2;
}

printf "\n%d rounds; ns/op: median over rounds; ratios: median over rounds of each round's"
  . " ratio,\nwith a 95%% interval for it (bootstrap over rounds)\n", $opt{rounds};
printf "%-42s %11s %11s %11s %9s %11s %9s\n", 'operation', 'floor', 'reference', 'ours',
  'ours/ref', '(95%)', 'overhead';
for my $r (@ROWS) {
    my ($row, $label) = @$r;
    my %m = map { $_ => median(@{ $res{$_}{$row} || [] }) } @impls;
    my $fmt = sub { defined $_[0] ? sprintf('%11.1f', $_[0]) : sprintf('%11s', '-') };
    my ($ratio, $interval, $over) = ('-', '', '-');
    if ($have_ref) {
        my (@ratio, @over);
        for my $i (0 .. $opt{rounds} - 1) {
            my ($f, $x, $o) = map { $res{$_}{$row}[$i] } qw(floor reference ours);
            push @ratio, $o / $x if $x;
            push @over, ($o - $f) / ($x - $f) if $x - $f > 0;
        }
        $ratio = sprintf '%.2f', median(@ratio) if @ratio;
        my @in = median_interval(@ratio);
        $interval = sprintf '%.2f-%.2f', @in if @in;
        # Only where the reference's time is clearly above the floor's (by 5%): below that
        # the difference is within what separates one process from another (the C floor's
        # create_checkpoint, for one, is no faster than the Perl modules' libvirt calls).
        $over = sprintf '%.2f', median(@over)
          if @over > $opt{rounds} / 2 && $m{reference} > 1.05 * $m{floor};
    }
    printf "%-42s %s %s %s %9s %11s %9s\n", $label, $fmt->($m{floor}), $fmt->($m{reference}),
      $fmt->($m{ours}), $ratio, $interval, $over;
}
if ($opt{raw}) {
    print "\nper round, ns/op (", join(' / ', @impls), ")\n";
    for my $r (@ROWS) {
        my ($row) = @$r;
        printf "%-27s %s\n", $row, join '  ', map {
            my $i = $_;
            join '/', map {
                my $v = $res{$_}{$row}[$i] // 0;
                sprintf $v < 1000 ? '%.1f' : '%.0f', $v;
            } @impls
        } 0 .. $opt{rounds} - 1;
    }
}
printf "\ntotal %.1f s\n", clock_gettime(CLOCK_MONOTONIC) - $t0;
exit 0;

# ---- the Perl worker (ours or the reference, whichever Sys::Virt perl loads) ----
sub worker {
    my ($small, $large) = @_;
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
    my @scratch_xml = map { "<domaincheckpoint><name>scratch$_</name></domaincheckpoint>" } 0 .. 64;

    # CPU time of this thread: the test driver does all its work in the calling thread, and
    # time spent descheduled (other processes on a shared machine) is left out.
    my $now = sub { clock_gettime(CLOCK_THREAD_CPUTIME_ID) * 1e9 };

    # Trees of 0 and 0: a scratch process, which only serves create_checkpoint requests.
    my %op;
    if ($small || $large) {
        my $ds = $new_domain->('bench_small');
        my $dl = $new_domain->('bench_large');
        for ([$ds, $small], [$dl, $large]) {
            my ($d, $n) = @$_;
            $d->create_checkpoint("<domaincheckpoint><name>c$_</name></domaincheckpoint>")
              for 1 .. $n;
        }
        my $cp     = $ds->get_checkpoint_by_name('c' . int($small / 2));
        my $root_s = $ds->get_checkpoint_by_name('c1');
        my $root_l = $dl->get_checkpoint_by_name('c1');
        my @names  = map { 'c' . $_ } 1 .. $small;
        my $NO_DOMAIN   = Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN();
        my $DESCENDANTS = Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS();

        # Each makes the number of calls it is given; timed() wraps one so that it returns
        # the time they took, in ns (the loop itself is inside the timed part, as in floor.c).
        my $timed = sub {
            my ($calls) = @_;
            return sub {
                my $t = $now->();
                $calls->($_[0]);
                return $now->() - $t;
            };
        };
        %op = map { $_->[0] => $timed->($_->[1]) } (
            [get_name   => sub { my $x; $x = $cp->get_name for 1 .. $_[0] }],
            [get_parent => sub { my $x; $x = $cp->get_parent for 1 .. $_[0] }],
            [get_xml_description => sub {
                my $x;
                $x = $cp->get_xml_description($NO_DOMAIN) for 1 .. $_[0];
            }],
            [constant => sub {
                my $x;
                $x = &Sys::Virt::DomainCheckpoint::LIST_LEAVES() for 1 .. $_[0];
            }],
            [list_all_checkpoints_small => sub {
                my @l;
                @l = $ds->list_all_checkpoints for 1 .. $_[0];
            }],
            [list_all_checkpoints_large => sub {
                my @l;
                @l = $dl->list_all_checkpoints for 1 .. $_[0];
            }],
            [list_all_children_small => sub {
                my @l;
                @l = $root_s->list_all_children($DESCENDANTS) for 1 .. $_[0];
            }],
            [list_all_children_large => sub {
                my @l;
                @l = $root_l->list_all_children($DESCENDANTS) for 1 .. $_[0];
            }],
        );
        # The names to look up are made before the clock starts.
        $op{get_checkpoint_by_name} = sub {
            my ($n, $x) = @_;
            my @cycle = map { $names[$_ % @names] } 0 .. $n - 1;
            my $t = $now->();
            $x = $ds->get_checkpoint_by_name($_) for @cycle;
            return $now->() - $t;
        };
    }
    print "ready $INC{'Sys/Virt.pm'}\n";

    while (my $cmd = <STDIN>) {
        my ($req, $n) = $cmd =~ /^run (\S+) (\d+)$/ or last;
        if ($req eq 'create_checkpoint') {
            # N new checkpoints (a chain on the "test" domain), each creation timed; then
            # each deleted, newest first (a leaf each time), each delete timed.
            die "bench/run.pl worker: at most 64 checkpoints per slice\n" if $n > 64;
            my ($tc, $td, @made) = (0, 0);
            for my $i (1 .. $n) {
                my $t0 = $now->();
                my $c = $test->create_checkpoint($scratch_xml[$i]);
                $tc += $now->() - $t0;
                push @made, $c;
            }
            while (my $c = pop @made) {
                my $t0 = $now->();
                $c->delete;
                $td += $now->() - $t0;
            }
            printf "create_checkpoint %.1f\ndelete %.1f\nend\n", $tc / $n, $td / $n;
            next;
        }
        my $code = $op{$req} or die "bench/run.pl worker: unknown operation $req\n";
        printf "%s %.1f\nend\n", $req, $code->($n) / $n;
    }
}
