#!/usr/bin/perl
# bench/async.pl -- calls that don't block (Sys::Virt::Async) against blocking loops, over a
# network with latency: libvirt's test driver in a libvirtd of the bench's own, reached over
# TCP on loopback through forwarding proxies (written here, in Perl) that delay each
# direction by 2 ms. Issue 23, item 7. Not a test.
#
#   perl bench/async.pl [--runs 3] [--calls 500] [--gap-calls 10000] [--domains 50]
#                       [--window 32] [--hosts 10] [--delay-ms 2] [--pool N] [--reps 9]
#                       [--max-client-requests 64] [--stats gads|fallback] [--raw]
#
# Run as root from the top of the tree (or anywhere) after `perl Makefile.PL && make`. Needs
# libvirtd (Debian libvirt-daemon), the XS module (libsys-virt-perl), Future and IO::Async.
#
# Set-up (untimed):
#   - a libvirtd of its own, like t/lib/OwnDaemon.pm's: its own config, unix socket dir, pid
#     file, log and a free TCP port on 127.0.0.1, auth_tcp "none", an empty driver directory
#     (only the built-in test driver), max_client_requests and max_workers raised to 64
#     (libvirtd's defaults, 5 and 20, would hold any one connection to 5 calls in flight);
#   - --hosts proxies, each a forked child in its own process group: a select loop that
#     accepts on a port of its own on 127.0.0.1, connects to the daemon for each client, and
#     forwards every chunk it reads, in either direction, --delay-ms after reading it, in
#     order. The first proxy also carries workload 1;
#   - a connection of this process straight to the daemon that creates --domains transient
#     domains (bench-01 ...) and stays open for the whole run: the daemon's test:///default
#     state is shared by all its connections while one is open (each worker checks that it
#     sees them).
# Every timed run is a fresh perl of its own (the XS module's with PERL5LIB, PERLLIB and
# PERL5OPT unset and only its vendor directory on @INC, as t/lib/TestDriver.pm's run_perl
# runs 'reference'; ours with -Mblib), which connects through the proxies and warms up
# untimed (a few calls, and for the async form a full window, which starts the pool's
# workers) before the clock starts. Wall time on CLOCK_MONOTONIC.
#
# Workload 1: --calls get_info calls cycling over the --domains domains, through one proxy:
#   xs-loop     the XS module, one call after another
#   ours-loop   this module, the same loop
#   async       this module's $dom->async->get_info, --window calls kept in flight (each
#               completion starts the next), inside an IO::Async loop attached with
#               Sys::Virt::Async::IOAsync, beside an IO::Async::Timer::Periodic of 10 ms whose
#               longest gap between ticks (the run's start and end included) is reported.
#               The pool is sized to the window unless --pool says otherwise. The same
#               worker then does a longer run (--gap-calls calls) for the timer's sake, and
#               runs the timer alone in the idle loop for as long (a control: the gaps the
#               machine's scheduling gives anyway).
# Workload 2: --hosts connections, each through its own proxy, standing for that many hosts;
#   each is asked for get_all_domain_stats(0) (every domain, all groups); if this build
#   has no async form of it (or with --stats fallback), for list_all_domains and get_info on
#   each domain instead, all three ways (see stats_async):
#   one host    a single connection's call alone (median of --reps)
#   all hosts   xs and ours blocking: one after another; async: all at once, Future->wait_all
#               (median of --reps)
# Each run does every measurement once (its own processes); the figures printed are the
# medians over --runs runs (--raw prints every run). Daemon, proxies and workers are killed
# by process group at exit, whatever the exit.
use strict;
use warnings;
use Cwd ();
use FindBin;
use File::Spec;
use File::Temp qw(tempdir);
use Getopt::Long;
use IO::Socket::INET;
use POSIX ();
use Socket qw(IPPROTO_TCP TCP_NODELAY);
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);

$| = 1;
my %opt = (runs => 3, calls => 500, 'gap-calls' => 10_000, domains => 50, window => 32,
           hosts => 10, 'delay-ms' => 2, reps => 9, 'max-client-requests' => 64);
GetOptions(\%opt, 'runs=i', 'calls=i', 'gap-calls=i', 'domains=i', 'window=i', 'hosts=i',
           'delay-ms=f', 'pool=i', 'reps=i', 'max-client-requests=i', 'raw', 'worker=s',
           'stats=s')
  or die "usage: perl bench/async.pl [--runs N] [--calls N] [--gap-calls N] [--domains N]"
       . " [--window N] [--hosts N] [--delay-ms MS] [--pool N] [--reps N]"
       . " [--max-client-requests N] [--raw]\n";
$opt{pool} //= $opt{window};
die "bench/async.pl: --calls, --domains, --window, --hosts, --pool, --runs and --reps must be at least 1\n"
  if grep { $opt{$_} < 1 } qw(calls domains window hosts pool runs reps);
die "bench/async.pl: --stats is gads or fallback\n" if defined $opt{stats} && $opt{stats} !~ /\A(?:gads|fallback)\z/;

sub now { clock_gettime(CLOCK_MONOTONIC) }
# Process groups to kill at exit: the daemon (setsid), the proxies and the workers
# (setpgrp), by the pid that leads each; only the parent ($MAIN) has any.
my ($MAIN, %GROUPS, $holder);

sub median { my @s = sort { $a <=> $b } @_; return @s % 2 ? $s[$#s / 2] : ($s[@s / 2 - 1] + $s[@s / 2]) / 2 }

if ($opt{worker}) {
    worker($opt{worker}, @ARGV);
    exit 0;
}

# ================================================================ the parent

my $root = Cwd::abs_path(File::Spec->catdir($FindBin::Bin, File::Spec->updir));
my $self = File::Spec->rel2abs(__FILE__);
die "bench/async.pl: $root/blib not found: run `perl Makefile.PL && make` first\n"
  unless -d "$root/blib/arch/auto/Sys/Virt";
# The XS module's directory: found by loading it (t/lib/TestDriver.pm), undef when absent.
my $REFDIR = do { require File::Spec->catfile($root, 't', 'lib', 'TestDriver.pm'); TestDriver::REFDIR() };
die "bench/async.pl: " . TestDriver::reference_missing() . "\n" unless defined $REFDIR;
die "bench/async.pl: must run as root (it starts a libvirtd of its own)\n" if $> != 0;
chomp(my $LIBVIRTD = `command -v libvirtd 2>/dev/null` // '');
die "bench/async.pl: libvirtd is not installed (Debian libvirt-daemon)\n" unless $LIBVIRTD;
for my $m (qw(Future IO::Async::Loop)) {
    eval "require $m; 1" or die "bench/async.pl: $m is not installed\n";
}

$MAIN = $$;
sub cleanup {
    return unless defined $MAIN && $$ == $MAIN;
    undef $holder;    # closed while its daemon still runs
    for my $pid (sort { $a <=> $b } keys %GROUPS) {
        kill 'KILL', -$pid;
        kill 'KILL', $pid;
        waitpid($pid, 0);
        delete $GROUPS{$pid};
    }
}
END { cleanup() }
$SIG{$_} = sub { cleanup(); exit 130 } for qw(INT TERM HUP);
$SIG{PIPE} = 'IGNORE';

my $DIR = tempdir('sys-virt-bench-async-XXXXXX', TMPDIR => 1, CLEANUP => 1);

# ---- the daemon
my $daemon_port = free_port();
{
    mkdir "$DIR/sock";
    mkdir "$DIR/drivers";
    open my $cf, '>', "$DIR/libvirtd.conf" or die "$DIR/libvirtd.conf: $!";
    print $cf <<"C";
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$daemon_port"
auth_tcp = "none"
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_dir = "$DIR/sock"
min_workers = 8
max_workers = $opt{'max-client-requests'}
max_client_requests = $opt{'max-client-requests'}
log_outputs = "3:file:$DIR/libvirtd.log"
C
    close $cf;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        POSIX::setsid();
        $ENV{LIBVIRT_DRIVER_DIR} = "$DIR/drivers";
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', "$DIR/stdout.log";
        open STDERR, '>&', \*STDOUT;
        exec $LIBVIRTD, '--listen', '--config', "$DIR/libvirtd.conf", '-p', "$DIR/libvirtd.pid"
          or POSIX::_exit(127);
    }
    $GROUPS{$pid} = 'libvirtd';
    my $up;
    for (1 .. 150) {
        my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $daemon_port, Timeout => 1);
        if ($c) { close $c; $up = 1; last }
        last if waitpid($pid, POSIX::WNOHANG()) == $pid;
        select(undef, undef, undef, 0.2);
    }
    unless ($up) {
        my $log = do { local (@ARGV, $/) = ("$DIR/libvirtd.log"); eval { <> } } // '';
        die "bench/async.pl: libvirtd did not listen on port $daemon_port: " . substr($log, -500) . "\n";
    }
}

# ---- the proxies (forked before this process opens any connection)
my @proxy_ports = map { start_proxy($daemon_port, $opt{'delay-ms'} / 1000) } 1 .. $opt{hosts};
my @uris = map { "test+tcp://127.0.0.1:$_/default" } @proxy_ports;
my $direct = "test+tcp://127.0.0.1:$daemon_port/default";

# ---- the domains, on a connection that stays open
require lib;
lib->import("$root/blib/lib", "$root/blib/arch");
require Sys::Virt;
$holder = Sys::Virt->new(uri => $direct);
{
    my $tmpl = "<domain type='test'><name>%s</name><memory>65536</memory><vcpu>1</vcpu>"
             . "<os><type arch='x86_64'>hvm</type></os></domain>";
    $holder->create_domain(sprintf $tmpl, sprintf 'bench-%02d', $_) for 1 .. $opt{domains};
}
my $ndoms_all = () = $holder->list_all_domains;

# ---- does get_all_domain_stats have an async form in this build?
# (--stats fallback forces the stand-in workload of stats_async.)
my $stats_mode = $opt{stats} // do {
    require Sys::Virt::Async;
    my $f = eval { $holder->async->get_all_domain_stats(0) };
    $f ? do { $f->get; 'gads' } : 'fallback';
};
# A separate process for any async call from here on: this one now has pool threads.

my $load0 = loadavg();
printf "libvirt %s, libvirtd on 127.0.0.1:%d (max_client_requests %d), %d proxies of %g ms"
     . " each way, %d domains (%d bench-NN + %d of the test driver's)\n",
  join('.', map { int($holder->get_library_version / 1000**$_) % 1000 } 2, 1, 0),
  $daemon_port, $opt{'max-client-requests'}, $opt{hosts}, $opt{'delay-ms'}, $ndoms_all,
  $opt{domains}, $ndoms_all - $opt{domains};
printf "workload 2 asks each host for %s\n", $stats_mode eq 'gads'
  ? 'get_all_domain_stats(0)'
  : 'list_all_domains, then get_info on each domain (' . (defined $opt{stats} ? 'forced by --stats fallback'
      : 'get_all_domain_stats has no async form in this build') . ')';

# ---- the runs
my @KEYS = qw(w1_xs w1_ours w1_async w1_gap w1_over w1_ticks long_wall long_gap long_over
              long_ticks idle_gap idle_over w2_xs_one w2_xs_all w2_ours_one w2_ours_all w2_async_one w2_async_all);
my %fig;    # key -> [value per run]
for my $run (1 .. $opt{runs}) {
    my %r;
    $r{w1_xs}   = worker_run('xs',   'w1-loop', $uris[0])->{wall};
    $r{w1_ours} = worker_run('ours', 'w1-loop', $uris[0])->{wall};
    my $a = worker_run('ours', 'w1-async', $uris[0]);
    @r{qw(w1_async w1_gap w1_over w1_ticks long_wall long_gap long_over long_ticks idle_gap idle_over)}
      = @{$a}{qw(wall gap over ticks long_wall long_gap long_over long_ticks idle_gap idle_over)};
    my $x = worker_run('xs', 'w2-seq', @uris);
    @r{qw(w2_xs_one w2_xs_all)} = @{$x}{qw(one all)};
    my $o = worker_run('ours', 'w2-seq', @uris);
    @r{qw(w2_ours_one w2_ours_all)} = @{$o}{qw(one all)};
    my $y = worker_run('ours', 'w2-async', @uris);
    @r{qw(w2_async_one w2_async_all)} = @{$y}{qw(one all)};
    push @{ $fig{$_} }, $r{$_} for @KEYS;
    if ($opt{raw}) {
        printf "run %d: %s\n", $run, join ' ', map {
            sprintf '%s=%s', $_, /ticks|over/ ? $r{$_} : sprintf('%.2f', $r{$_} * 1000)
        } @KEYS;
    } else {
        print "run $run done\n";
    }
}
my %m = map { $_ => median(@{ $fig{$_} }) } @KEYS;

# ---- the table
my $ms = sub { sprintf '%.1f', $_[0] * 1000 };
my $range = sub { my @s = sort { $a <=> $b } @{ $fig{ $_[0] } }; sprintf '%s-%s', $ms->($s[0]), $ms->($s[-1]) };
printf "\nmedians of %d runs; wall time in ms (min-max over the runs); 1-minute load average %s at"
     . " the start, %s at the end (%d CPUs)\n", $opt{runs}, $load0, loadavg(), ncpus();
printf "\nworkload 1: %d get_info calls over %d domains, one connection through a %g ms proxy\n",
  $opt{calls}, $opt{domains}, $opt{'delay-ms'};
printf "%-44s %9s %15s %9s %9s\n", 'way', 'wall ms', '(min-max)', 'ms/call', 'XS/this';
for (['XS module, blocking loop', 'w1_xs'], ['this module, blocking loop', 'w1_ours'],
     ["this module, async, $opt{window} in flight (IO::Async)", 'w1_async']) {
    my ($label, $k) = @$_;
    printf "%-44s %9s %15s %9.3f %9.2f\n", $label, $ms->($m{$k}), $range->($k),
      $m{$k} * 1000 / $opt{calls}, median(map { $fig{w1_xs}[$_] / $fig{$k}[$_] } 0 .. $opt{runs} - 1);
}
my $sum = sub { my $t = 0; $t += $_ for @{ $fig{ $_[0] } }; $t };
printf "\n%-44s %11s %15s %7s %13s\n", 'the 10 ms IO::Async timer in the same loop', 'longest gap',
  '(min-max)', 'ticks', 'gaps > 25 ms';
printf "%-44s %11s %15s %7d %13d\n", @$_ for
  ['during the async run above', $ms->($m{w1_gap}), $range->('w1_gap'), $m{w1_ticks}, $sum->('w1_over')],
  [sprintf('during a longer async run (%d calls)', $opt{'gap-calls'}), $ms->($m{long_gap}),
   $range->('long_gap'), $m{long_ticks}, $sum->('long_over')],
  ['alone in the idle loop as long (control)', $ms->($m{idle_gap}), $range->('idle_gap'),
   $m{long_ticks}, $sum->('idle_over')];
print "(gaps > 25 ms: counted over all the runs; the gaps from the start to the first tick and"
    . " from the last tick to the end are included)\n";

printf "\nworkload 2: %s on %d hosts (connections, each through its own %g ms proxy), %d domains each\n",
  $stats_mode eq 'gads' ? 'get_all_domain_stats(0)' : 'list_all_domains + get_info each',
  $opt{hosts}, $opt{'delay-ms'}, $ndoms_all;
printf "%-44s %9s %15s %9s\n", 'way', 'one host', "$opt{hosts} hosts", 'all/one';
for (['XS module, one after another', 'w2_xs'], ['this module, blocking, one after another', 'w2_ours'],
     ['this module, async, all at once', 'w2_async']) {
    my ($label, $k) = @$_;
    printf "%-44s %9s %15s %9.2f\n", $label, $ms->($m{"${k}_one"}), $ms->($m{"${k}_all"}),
      median(map { $fig{"${k}_all"}[$_] / $fig{"${k}_one"}[$_] } 0 .. $opt{runs} - 1);
}

my $speedup = median(map { $fig{w1_xs}[$_] / $fig{w1_async}[$_] } 0 .. $opt{runs} - 1);
my $hr = median(map { $fig{w2_async_all}[$_] / $fig{w2_async_one}[$_] } 0 .. $opt{runs} - 1);
print "\ngoals (medians of the runs):\n";
printf "  async workload 1 at least 10x less wall time than the XS loop: %.1fx -- %s\n", $speedup,
  $speedup >= 10 ? 'met' : 'NOT MET';
printf "  no timer gap above 25 ms during it: longest %s ms -- %s\n", $ms->($m{w1_gap}),
  $m{w1_gap} <= 0.025 ? 'met' : 'NOT MET';
printf "  %d hosts at once at most 2x one host alone: %.2fx -- %s (the XS module: %.2fx)\n",
  $opt{hosts}, $hr, $hr <= 2 ? 'met' : 'NOT MET',
  median(map { $fig{w2_xs_all}[$_] / $fig{w2_xs_one}[$_] } 0 .. $opt{runs} - 1);
exit 0;

# ---- helpers of the parent

sub loadavg {
    open my $fh, '<', '/proc/loadavg' or return '?';
    return (split ' ', scalar <$fh>)[0];
}

sub ncpus {
    open my $fh, '<', '/proc/cpuinfo' or return 0;
    return scalar grep { /^processor\s*:/ } <$fh>;
}

sub free_port {
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 1)
      or die "bench/async.pl: no free port: $!\n";
    my $port = $s->sockport;
    close $s;
    return $port;
}

# Runs one timed worker in a fresh perl of its own process group; returns its "key value"
# lines as a hash. Dies (and so cleans up) if it fails or takes more than 5 minutes.
sub worker_run {
    my ($impl, $what, @wuris) = @_;
    my @cmd = ($^X, ($impl eq 'xs' ? "-I$REFDIR" : "-Mblib=$root"), $self, '--worker', $what,
               (map { ("--$_", $opt{$_}) } qw(calls gap-calls domains window pool reps)),
               '--stats', $stats_mode, @wuris);
    my $pid = open(my $fh, '-|') // die "fork: $!";
    if (!$pid) {
        setpgrp(0, 0);
        delete @ENV{qw(PERL5LIB PERLLIB PERL5OPT)} if $impl eq 'xs';
        exec { $cmd[0] } @cmd or POSIX::_exit(127);
    }
    $GROUPS{$pid} = "worker $impl $what";
    my %r;
    {
        local $SIG{ALRM} = sub { die "bench/async.pl: worker $impl $what took too long\n" };
        alarm 300;
        while (my $line = <$fh>) {
            $r{$1} = $2 if $line =~ /^(\w+) (.*)$/;
        }
        alarm 0;
    }
    close $fh;
    my $status = $?;
    delete $GROUPS{$pid};
    die "bench/async.pl: worker $impl $what failed (status $status)\n" if $status;
    my $want = $impl eq 'xs' ? "$REFDIR/Sys/Virt.pm" : "$root/blib/lib/Sys/Virt.pm";
    die "bench/async.pl: worker $impl $what loaded $r{module}, not $want\n"
      unless ($r{module} // '') eq $want;
    return \%r;
}

# A forwarding proxy that delays each direction by $delay seconds: forked, in its own
# process group; returns its port.
sub start_proxy {
    my ($up_port, $delay) = @_;
    my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 64, ReuseAddr => 1)
      or die "bench/async.pl: proxy listen: $!\n";
    my $port = $l->sockport;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        setpgrp(0, 0);
        $SIG{$_} = 'DEFAULT' for qw(INT TERM HUP);
        $SIG{PIPE} = 'IGNORE';
        eval { proxy_loop($l, $up_port, $delay) };
        print STDERR "bench/async.pl: proxy: $@" if $@;
        POSIX::_exit(0);    # never the parent's END blocks or destructors
    }
    close $l;
    $GROUPS{$pid} = "proxy $port";
    return $port;
}

# The proxy's loop. Each direction of each forwarded connection is a queue of
# [due time, chunk] (a chunk of undef stands for end of file): a chunk is read as soon as it
# arrives and written, in order, once its due time (read time + delay) has come.
sub proxy_loop {
    my ($l, $up_port, $delay) = @_;
    my @links;    # [direction up, direction down]; a direction is {from, to, q, eof, done}
    $l->blocking(0);
    while (1) {
        my $t = now();
        # write what is due
      LINK: for my $link (@links) {
            for my $d (@$link) {
                while (!$d->{done} && @{ $d->{q} } && $d->{q}[0][0] <= $t) {
                    my $chunk = $d->{q}[0][1];
                    if (!defined $chunk) {
                        shutdown($d->{to}, 1);
                        $d->{done} = 1;
                        shift @{ $d->{q} };
                        last;
                    }
                    my $n = syswrite($d->{to}, $chunk);
                    if (!defined $n) {
                        last if $!{EAGAIN} || $!{EWOULDBLOCK};
                        $_->{done} = $_->{eof} = 1 for @$link;    # a peer is gone: end both ways
                        next LINK;
                    }
                    if ($n < length $chunk) {
                        substr($d->{q}[0][1], 0, $n, '');
                        last;
                    }
                    shift @{ $d->{q} };
                }
            }
        }
        # forget the connections that are finished both ways
        @links = grep {
            my $link = $_;
            if ($link->[0]{done} && $link->[1]{done}) { close $link->[0]{from}; close $link->[0]{to}; 0 }
            else { 1 }
        } @links;
        # wait for input, for room to write, or for the next due chunk
        my ($rin, $win) = ('', '');
        vec($rin, fileno($l), 1) = 1;
        my $timeout;
        for my $d (map { @$_ } @links) {
            vec($rin, fileno($d->{from}), 1) = 1 unless $d->{eof};
            next if $d->{done} || !@{ $d->{q} };
            my $wait = $d->{q}[0][0] - $t;
            if ($wait <= 0) {
                vec($win, fileno($d->{to}), 1) = 1;    # due, but the socket was full
            } elsif (!defined $timeout || $wait < $timeout) {
                $timeout = $wait;
            }
        }
        my $nfound = select(my $rout = $rin, my $wout = $win, undef, $timeout);
        next if $nfound <= 0;
        my $read_at = now();
        if (vec($rout, fileno($l), 1)) {
            while (my $c = $l->accept) {
                my $u = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $up_port);
                if (!$u) { close $c; next }
                for my $s ($c, $u) {
                    $s->blocking(0);
                    setsockopt($s, IPPROTO_TCP, TCP_NODELAY, 1);
                }
                push @links, [{ from => $c, to => $u, q => [] }, { from => $u, to => $c, q => [] }];
            }
        }
        for my $d (map { @$_ } @links) {
            next if $d->{eof} || !vec($rout, fileno($d->{from}), 1);
            my $n = sysread($d->{from}, my $buf, 262144);
            if ($n) {
                push @{ $d->{q} }, [$read_at + $delay, $buf];
            } elsif (defined $n || !($!{EAGAIN} || $!{EWOULDBLOCK})) {
                push @{ $d->{q} }, [$read_at + $delay, undef];
                $d->{eof} = 1;
            }
        }
    }
}

# ================================================================ the workers

sub worker {
    my ($what, @wuris) = @_;
    require Sys::Virt;
    print "module $INC{'Sys/Virt.pm'}\n";
    if ($what eq 'w1-loop')  { return w1_loop($wuris[0]) }
    if ($what eq 'w1-async') { return w1_async($wuris[0]) }
    if ($what eq 'w2-seq')   { return w2_seq(@wuris) }
    if ($what eq 'w2-async') { return w2_async(@wuris) }
    die "bench/async.pl: unknown worker $what\n";
}

# The bench domains as this connection sees them (the daemon's state is shared).
sub bench_domains {
    my ($c) = @_;
    my @d = sort { $a->get_name cmp $b->get_name } grep { $_->get_name =~ /\Abench-\d+\z/ } $c->list_all_domains;
    die "bench/async.pl: this connection sees " . scalar(@d) . " bench domains, not $opt{domains}"
      . " (is the test driver's state not shared?)\n" unless @d == $opt{domains};
    return @d;
}

sub check_info {
    my ($i) = @_;
    die "bench/async.pl: get_info gave no running domain\n" unless ref($i) eq 'HASH' && $i->{state} == 1;
}

sub w1_loop {
    my ($uri) = @_;
    my $c = Sys::Virt->new(uri => $uri);
    my @d = bench_domains($c);
    check_info($d[$_ % @d]->get_info) for 0 .. 9;    # warm-up
    my $n = $opt{calls};
    my $last;
    my $t0 = now();
    for my $i (0 .. $n - 1) {
        $last = $d[$i % @d]->get_info;
    }
    my $wall = now() - $t0;
    check_info($last);
    print "wall $wall\n";
}

sub w1_async {
    my ($uri) = @_;
    require Future;
    require Sys::Virt::Async;
    require Sys::Virt::Async::IOAsync;
    require IO::Async::Loop;
    require IO::Async::Timer::Periodic;
    Sys::Virt::Async->pool_size($opt{pool});
    my $c = Sys::Virt->new(uri => $uri);
    my @d = bench_domains($c);
    # warm-up: a full window at once (starts the pool's workers)
    check_info($_) for map { $_->get } Future->wait_all(map { $d[$_ % @d]->async->get_info } 0 .. $opt{window} - 1)->get;

    my $loop = IO::Async::Loop->new;
    Sys::Virt::Async::IOAsync->attach($loop);
    my @ticks;
    my $timer = IO::Async::Timer::Periodic->new(interval => 0.010, on_tick => sub { push @ticks, now() });
    $loop->add($timer);

    # $n calls cycling over the domains, $opt{window} of them in flight, the timer ticking;
    # returns the wall time, the longest gap between ticks (from the start to the first and
    # from the last to the end included), how many gaps were above 25 ms, and the number of
    # ticks.
    my $window = sub {
        my ($n) = @_;
        my ($next, $done, $err) = (0, 0);
        my %inflight;
        my $launch;
        $launch = sub {
            my $i = $next++;
            my $f = $d[$i % @d]->async->get_info;
            $inflight{$i} = $f;
            $f->on_ready(sub {
                delete $inflight{$i};
                if ($f->is_failed) { $err //= ($f->failure)[0]; $loop->stop; return }
                check_info(scalar $f->get);
                $done++;
                if ($next < $n) { $launch->() }
                elsif ($done == $n) { $loop->stop }
            });
        };
        @ticks = ();
        $timer->start;
        my $t0 = now();
        $launch->() for 1 .. ($opt{window} < $n ? $opt{window} : $n);
        $loop->run;
        my $t1 = now();
        $timer->stop;
        undef $launch;
        die "bench/async.pl: async get_info failed: $err\n" if defined $err;
        die "bench/async.pl: $done of $n calls completed\n" unless $done == $n;
        return ($t1 - $t0, gaps($t0, @ticks, $t1), scalar @ticks);
    };
    my ($wall, $gap, $over, $ticks) = $window->($opt{calls});
    print "wall $wall\ngap $gap\nover $over\nticks $ticks\n";
    ($wall, $gap, $over, $ticks) = $window->($opt{'gap-calls'});
    print "long_wall $wall\nlong_gap $gap\nlong_over $over\nlong_ticks $ticks\n";
    # control: the timer alone in the same loop for as long, no calls: the machine's own
    # scheduling noise
    @ticks = ();
    $timer->start;
    my $t0 = now();
    $loop->watch_time(after => $wall, code => sub { $loop->stop });
    $loop->run;
    my $t1 = now();
    $timer->stop;
    ($gap, $over) = gaps($t0, @ticks, $t1);
    print "idle_gap $gap\nidle_over $over\n";
}

# The longest gap between successive times, and how many gaps were above 25 ms.
sub gaps {
    my @at = @_;
    my ($max, $over) = (0, 0);
    for (1 .. $#at) {
        my $g = $at[$_] - $at[$_ - 1];
        $max = $g if $g > $max;
        $over++ if $g > 0.025;
    }
    return ($max, $over);
}

# One host's "stats" the blocking way; returns how many records (or infos) it got.
sub stats_blocking {
    my ($c) = @_;
    if ($opt{stats} eq 'gads') {
        my @r = $c->get_all_domain_stats(0);
        return scalar @r;
    }
    my @d = $c->list_all_domains;
    my @i = map { $_->get_info } @d;
    return scalar @i;
}

# The same as a Future of the count.
sub stats_async {
    my ($c) = @_;
    if ($opt{stats} eq 'gads') {
        return $c->async->get_all_domain_stats(0)->then(sub { Future->done(scalar @_) });
    }
    # SLOT: no async get_all_domain_stats in this build: list_all_domains, then get_info on
    # each domain, all at once. Goes away once `$conn->async->get_all_domain_stats` exists.
    return $c->async->list_all_domains->then(sub {
        my @d = @_;
        Future->wait_all(map { $_->async->get_info } @d)->then(sub { Future->done(scalar @_) });
    });
}

sub open_hosts {
    my @c = map { Sys::Virt->new(uri => $_) } @_;
    bench_domains($_) for @c;
    return @c;
}

sub w2_seq {
    my @c = open_hosts(@_);
    my $want = stats_blocking($c[0]);
    for (@c) { my $got = stats_blocking($_); die "bench/async.pl: $got records, not $want\n" unless $got == $want }
    my (@one, @all);
    for (1 .. $opt{reps}) {
        my $t0 = now();
        stats_blocking($c[0]);
        push @one, now() - $t0;
        $t0 = now();
        stats_blocking($_) for @c;
        push @all, now() - $t0;
    }
    print "one ", median(@one), "\nall ", median(@all), "\n";
}

sub w2_async {
    require Future;
    require Sys::Virt::Async;
    Sys::Virt::Async->pool_size($opt{pool});
    my @c = open_hosts(@_);
    # warm-up: every host at once (starts the pool's workers)
    my $want = stats_blocking($c[0]);
    for (Future->wait_all(map { stats_async($_) } @c)->get) {
        my $got = $_->get;
        die "bench/async.pl: $got records, not $want\n" unless $got == $want;
    }
    my (@one, @all);
    for (1 .. $opt{reps}) {
        my $t0 = now();
        stats_async($c[0])->get;
        push @one, now() - $t0;
        $t0 = now();
        my @f = map { stats_async($_) } @c;
        Future->wait_all(@f)->get;
        push @all, now() - $t0;
        $_->get for @f;    # fails if any failed
    }
    print "one ", median(@one), "\nall ", median(@all), "\n";
}
