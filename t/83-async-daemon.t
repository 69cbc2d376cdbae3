#!/usr/bin/perl
# Calls that don't block (Sys::Virt::Async) through a real libvirt daemon:
#  - remote connections opened with new_async: a private libvirtd (test driver only, its own
#    unix socket, started here as t/63 starts it) and, when tools/libvirtd.sh runs them, the
#    system daemon's test+unix:///default, the loopback TCP daemon's
#    test+tcp://127.0.0.1/default and qemu:///system;
#  - many calls in flight at once on one connection (200 get_info among them) give what the
#    blocking calls give;
#  - errors through the daemon: a failing call fails its Future with a Sys::Virt::Error equal
#    to the blocking call's, also with 100 failing and 100 succeeding calls interleaved;
#  - the daemon killed (SIGKILL) with hundreds of calls in flight on several connections (one
#    of them dropped by Perl meanwhile) and new_async calls: first with the daemon stopped
#    (SIGSTOP) before they are made, so that none can have been answered and every one must
#    fail; then five times without, racing the calls. Every Future completes, done with the
#    right result or failed with a Sys::Virt::Error of a code and a message; a call made
#    afterwards on the dead connection fails with the blocking call's error; new_async with
#    no daemon fails; the dead connections are released;
#  - a program that exits with calls in flight to a stopped daemon exits with its own code;
#  - the restarted daemon (stopped and continued by that program) serves new_async and calls.
# Nothing may hang: each wait is guarded by an alarm whose handler reports a failing test
# and ends the test. Only the private daemon is stopped and killed; the daemons of
# tools/libvirtd.sh are left alone (other tests use them). No timing is asserted.
use strict;
use warnings;
use Test::More;
use Data::Dumper ();
use File::Temp ();
use IO::Socket::INET;
use POSIX ();
use Time::HiRes qw(sleep time);
use FindBin;
use lib "$FindBin::Bin/lib";
use UnixDaemon;
use Sys::Virt;

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}
require Sys::Virt::Async;

my ($daemon, $why) = UnixDaemon->new('sysvirt-async-kill');
plan(skip_all => $why) unless $daemon;
my $dir = $daemon->dir;

my $pid;
my $PARENT = $$;
END {
    if ($pid && $$ == $PARENT) { kill 'KILL', $pid; waitpid $pid, 0 }
}

sub start_daemon { $daemon->start }

my $private = $daemon->uri;
$pid = start_daemon();
plan(skip_all => 'the private libvirtd did not start (see above)') unless $pid;
# A client writing to a dead daemon's socket gets SIGPIPE (see t/63).
$SIG{PIPE} = 'IGNORE';

# ---- guard: nothing may hang ------------------------------------------------------------------
# A hang would be in poll(2) waiting for results, or inside a native call: an unsafe SIGALRM
# handler reaches both. It reports a failing test, kills the private daemon and ends the
# test (the plan then says the rest did not run).
our $GUARDING = '';
our @KILL_ON_TIMEOUT;
POSIX::sigaction(POSIX::SIGALRM(), POSIX::SigAction->new(sub {
    my $n = Test::More->builder->current_test + 1;
    syswrite STDOUT, "not ok $n - $GUARDING: completes (TIMED OUT: a hang)\n";
    syswrite STDERR, "# $GUARDING did not complete within the guard's time: a hang\n";
    kill 'KILL', $_ for grep { $_ } $pid, @KILL_ON_TIMEOUT;
    POSIX::_exit(255);
})) or die "sigaction: $!";

sub guarded {
    my ($what, $secs, $code) = @_;
    local $GUARDING = $what;
    alarm $secs;
    my @r = $code->();
    alarm 0;
    return wantarray ? @r : $r[0];
}

# Waits for every Future (without an event loop), guarded.
sub settle {
    my ($what, @f) = @_;
    guarded($what, 120, sub { Future->wait_all(@f)->get });
    return @f;
}

sub err_str {
    my ($e) = @_;
    return ref($e) && eval { $e->isa('Sys::Virt::Error') }
      ? sprintf('code %d domain %d: %s', $e->code, $e->domain, $e->message)
      : defined $e ? "not an error object: $e" : 'undef';
}

# the same data, deeply (objects aside)
sub same {
    local ($Data::Dumper::Sortkeys, $Data::Dumper::Indent, $Data::Dumper::Useqq) = (1, 0, 1);
    return Data::Dumper::Dumper($_[0]) eq Data::Dumper::Dumper($_[1]);
}

sub err_fields { my ($e) = @_; return [$e->code, $e->domain, $e->level, $e->message] }

# the error a blocking call dies with (undef if it succeeds)
sub blocking_error {
    my ($code) = @_;
    return eval { $code->(); 1 } ? undef : $@;
}

# get_info's cpuTime moves on between two calls, with the test driver as with QEMU
sub info_sans_time { my %i = %{ $_[0] }; delete $i{cpuTime}; \%i }

# ---- which daemons ----------------------------------------------------------------------------
my $SYSTEM_SOCK = '/var/run/libvirt/libvirt-sock';
my @URIS = (
    [$private, 'test', undef],
    ['test+unix:///default', 'test',
     -S $SYSTEM_SOCK ? undef : "no libvirtd socket $SYSTEM_SOCK (tools/libvirtd.sh start)"],
    ['test+tcp://127.0.0.1/default', 'test',
     IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => 16509, Timeout => 3)
       ? undef : 'nothing listens on 127.0.0.1:16509 (tools/libvirtd.sh start)'],
    ['qemu:///system', 'qemu',
     -S $SYSTEM_SOCK ? undef : "no libvirtd socket $SYSTEM_SOCK (tools/libvirtd.sh start)"],
);

# All connections are opened at once, each by new_async.
my %conn;
{
    my %f = map { $_->[0] => Sys::Virt->new_async(uri => $_->[0]) } grep { !defined $_->[2] } @URIS;
    settle('new_async of ' . join(', ', sort keys %f), values %f);
    for my $u (@URIS) {
        my ($uri, $kind, $why) = @$u;
        next if defined $why;
        my $f = $f{$uri};
        if ($f->is_done) {
            $conn{$uri} = $f->get;
        } else {
            $u->[2] = "cannot connect to $uri: " . err_str($f->failure);
        }
    }
}
ok($conn{$private}, 'new_async connects to the private daemon')
  or BAIL_OUT('cannot connect to the private daemon: ' . join('; ', map { $_->[2] // () } @URIS));
is(ref($conn{$private}), 'Sys::Virt', 'an ordinary connection');
is($conn{$private}->get_uri, $private, 'to the URI asked for');
note("not reachable: $_->[2]") for grep { defined $_->[2] } @URIS;

# ---- 1. many calls in flight on one connection, the blocking results ----------------------------
for my $u (@URIS) {
    my ($uri, $kind, $why) = @$u;
    SKIP: {
        skip($why, 1) if defined $why;
        my $c = $conn{$uri};
        subtest "calls in flight on $uri" => sub {
            my @calls;    # [name, Future, sub giving the blocking result, compare]
            my $add = sub {
                my ($name, $obj, $m, @args) = @_;
                my $cmp = ref($args[-1]) eq 'CODE' ? pop @args : sub { $_[0] };
                push @calls, [$name, $obj->async->$m(@args), sub { [$obj->$m(@args)] }, $cmp];
            };
            $add->('get_hostname', $c, 'get_hostname');
            $add->('get_capabilities', $c, 'get_capabilities');
            $add->('get_version', $c, 'get_version');
            my ($dom, $domf);
            if ($kind eq 'test') {
                # the test driver's state is per connection: nothing else changes it
                $add->('get_node_info', $c, 'get_node_info');
                $add->('list_all_domains', $c, 'list_all_domains',
                       sub { [map { [ref $_, $_->get_name, $_->get_uuid_string] } @{ $_[0] }] });
                $add->('list_all_networks', $c, 'list_all_networks',
                       sub { [map { [ref $_, $_->get_name] } @{ $_[0] }] });
                $add->('list_all_storage_pools', $c, 'list_all_storage_pools',
                       sub { [map { [ref $_, $_->get_name] } @{ $_[0] }] });
                $add->('get_all_domain_stats', $c, 'get_all_domain_stats', 0,
                       sub { [map { [ref $_->{dom}, $_->{dom}->get_name, $_->{data}] } @{ $_[0] }] });
                $domf = $c->async->get_domain_by_name('test');
                $dom = $c->get_domain_by_name('test');
                for my $i (1 .. 200) {
                    $add->("get_info $i", $dom, 'get_info', sub { [map { info_sans_time($_) } @{ $_[0] }] });
                }
                $add->('get_xml_description', $dom, 'get_xml_description');
                $add->('get_uuid_string', $dom, 'get_uuid_string');
                $add->('get_state', $dom, 'get_state');
            } else {
                # qemu:///system is shared with other tests, which may add guests meanwhile:
                # only what does not depend on them is compared
                $add->("get_hostname $_", $c, 'get_hostname') for 1 .. 200;
            }
            my $n = @calls;
            cmp_ok($n, '>=', 200, "$n calls made without waiting");
            settle("$n calls on $uri", map { $_->[1] } @calls);
            my @failed = grep { !$_->[1]->is_done } @calls;
            is(scalar(@failed), 0, 'every call succeeded')
              or diag(join "\n", map { "$_->[0]: " . err_str($_->[1]->failure) } @failed[0 .. ($#failed < 4 ? $#failed : 4)]);
            my @differ;
            for my $call (grep { $_->[1]->is_done } @calls) {
                my ($name, $f, $blocking, $cmp) = @$call;
                my $got = $cmp->([$f->get]);
                my $want = $cmp->($blocking->());
                push @differ, $name unless same($got, $want);
            }
            is_deeply(\@differ, [], 'each result is what the blocking call gives');
            if ($kind eq 'test') {
                my @all = grep { $_->[0] eq 'list_all_domains' } @calls;
                cmp_ok(scalar(@{ [$all[0][1]->get] }), '>', 0, 'list_all_domains found domains');
                my ($stats) = grep { $_->[0] eq 'get_all_domain_stats' } @calls;
                my @recs = $stats->[1]->get;
                ok(@recs && ref($recs[0]{dom}) eq 'Sys::Virt::Domain' && keys %{ $recs[0]{data} },
                   'get_all_domain_stats gave records with a domain and data');
                my $d = $domf->get;
                is(ref($d), 'Sys::Virt::Domain', 'get_domain_by_name (Perl) through the daemon');
                is($d->get_uuid_string, $dom->get_uuid_string, '... the same domain');
                my ($info) = grep { $_->[0] eq 'get_info 1' } @calls;
                is($info->[1]->get->{state}, Sys::Virt::Domain::STATE_RUNNING, 'get_info says running');
            }
        };
    }
}

# ---- 2. errors through the daemon --------------------------------------------------------------
for my $u (grep { $_->[1] eq 'test' } @URIS) {
    my ($uri, $kind, $why) = @$u;
    SKIP: {
        skip($why, 1) if defined $why;
        my $c = $conn{$uri};
        subtest "errors through $uri" => sub {
            my $want = blocking_error(sub { $c->get_domain_by_name('no-such-domain') });
            isa_ok($want, 'Sys::Virt::Error', 'the blocking lookup of a missing domain');
            my $f = $c->async->get_domain_by_name('no-such-domain');
            settle('a failing lookup', $f);
            ok($f->is_failed, 'the async lookup fails its Future');
            my $e = $f->failure;
            is(ref($e), 'Sys::Virt::Error', 'with a Sys::Virt::Error');
            is_deeply(err_fields($e), err_fields($want), 'of the same code, domain, level and message')
              or diag('async: ' . err_str($e) . '; blocking: ' . err_str($want));
            ok(!eval { $c->async->get_domain_by_name('no-such-domain')->get; 1 }, '->get dies');
            is(ref($@), 'Sys::Virt::Error', '... with the error object');

            # a method of a domain: resuming a running domain
            my $dom = $c->get_domain_by_name('test');
            my $bw = blocking_error(sub { $dom->resume });
            isa_ok($bw, 'Sys::Virt::Error', 'the blocking resume of a running domain');
            my $rf = $dom->async->resume;
            settle('a failing resume', $rf);
            ok($rf->is_failed, 'the async resume fails');
            is_deeply(ref($rf->failure) ? err_fields($rf->failure) : [err_str($rf->failure)],
                      err_fields($bw), '... with the same error');

            # 100 failing and 100 succeeding calls interleaved: each error is its own call's
            # (a missing network's error names it; a missing domain's, remote, does not)
            my @f = map { ($c->async->get_network_by_name("missing-$_"), $c->async->get_domain_by_name('test')) } 1 .. 100;
            settle('200 lookups', @f);
            my (@bad, @good);
            for my $i (1 .. 100) {
                my ($miss, $hit) = @f[2 * $i - 2, 2 * $i - 1];
                my $bwant = blocking_error(sub { $c->get_network_by_name("missing-$i") });
                push @bad, "missing-$i: " . ($miss->is_failed ? err_str($miss->failure) : 'succeeded')
                  unless $miss->is_failed && ref($miss->failure) eq 'Sys::Virt::Error' && ref($bwant)
                  && $miss->failure->message =~ /'missing-$i'/
                  && same(err_fields($miss->failure), err_fields($bwant));
                push @good, $i unless $hit->is_done && ($hit->get)[0]->get_name eq 'test';
            }
            is_deeply(\@bad, [], '100 failing lookups of networks: each the blocking call\'s error, naming its network');
            is_deeply(\@good, [], '100 lookups between them: each found the domain');
        };
    }
}

# ---- 3. the daemon killed with calls in flight ---------------------------------------------------
my $hostname = $conn{$private}->get_hostname;
my $caps = $conn{$private}->get_capabilities;
delete $conn{$private};

# Opens $n connections to the private daemon at once, with a domain of each.
sub private_connections {
    my ($n) = @_;
    my @f = map { Sys::Virt->new_async(uri => $private) } 1 .. $n;
    settle("$n new_async", @f);
    my @c = map { $_->is_done ? $_->get : () } @f;
    is(scalar(@c), $n, "$n connections to the private daemon")
      or diag(join "\n", map { err_str($_->failure) } grep { $_->is_failed } @f);
    return map { [$_, $_->get_domain_by_name('test')] } @c;
}

# 100 calls on each connection, mixed (the slowest the test driver has among them).
sub calls_on {
    my (@cd) = @_;
    my @calls;
    for my $cd (@cd) {
        my ($c, $d) = @$cd;
        for my $i (1 .. 25) {
            push @calls, ['get_capabilities', $c->async->get_capabilities],
                         ['get_all_domain_stats', $c->async->get_all_domain_stats(0)],
                         ['get_info', $d->async->get_info],
                         ['get_hostname', $c->async->get_hostname];
        }
    }
    return @calls;
}

# Each call's failure: a Sys::Virt::Error with a code and a message. Returns the failures
# that are not, and a note of the distinct errors seen.
sub check_failures {
    my (@calls) = @_;
    my (@wrong, %seen);
    for my $call (grep { $_->[1]->is_failed } @calls) {
        my $e = $call->[1]->failure;
        if (ref($e) eq 'Sys::Virt::Error' && $e->code > 0 && defined $e->message && $e->message =~ /\S/) {
            $seen{ err_str($e) }++;
        } else {
            push @wrong, "$call->[0]: " . (ref($e) || 'plain') . ' ' . err_str($e);
        }
    }
    note("  $seen{$_} x $_") for sort keys %seen;
    return @wrong;
}

sub state_of {
    my ($p) = @_;
    my @states;
    for my $t (glob "/proc/$p/task/*/stat") {
        open my $s, '<', $t or next;
        my $line = <$s> // next;
        push @states, $1 if $line =~ /\)\s+(\S)/;
    }
    return @states;
}

# 3a. The daemon stopped while the calls are made, then killed: none can have been answered.
{
    my @cd = private_connections(5);
    my $old_size = Sys::Virt::Async->pool_size;
    Sys::Virt::Async->pool_size(48);    # many calls waiting on the sockets at once
    ok(kill('STOP', $pid), 'daemon stopped (SIGSTOP)');
    my $stopped = guarded('waiting for the daemon to stop', 30, sub {
        sleep 0.05 until !grep { $_ ne 'T' && $_ ne 't' } state_of($pid);
        1;
    });
    ok($stopped, 'all its threads are stopped');
    my @calls = calls_on(@cd);
    pop @cd;    # Perl drops the fifth connection while its calls are in flight
    push @calls, map { ['new_async', Sys::Virt->new_async(uri => $private)] } 1 .. 3;
    my $n = @calls;
    cmp_ok($n, '>=', 500, "$n calls in flight on 5 connections (one dropped by Perl), 3 of them new_async");
    # While the daemon is stopped, nothing can answer them.
    Sys::Virt::Async::_wait(300);
    Sys::Virt::Async->dispatch;
    is(scalar(grep { $_->[1]->is_ready } @calls), 0, 'none completes while the daemon is stopped');
    cmp_ok(Sys::Virt::Async->pool_threads, '>', 16, Sys::Virt::Async->pool_threads . ' workers wait in calls');

    ok(kill('KILL', $pid), 'daemon killed (SIGKILL)');
    is(waitpid($pid, 0), $pid, 'daemon reaped');
    $pid = undef;
    settle("$n calls after the daemon's death", map { $_->[1] } @calls);
    is(scalar(grep { $_->[1]->is_ready } @calls), $n, 'every Future completed');
    is(scalar(grep { $_->[1]->is_done } @calls), 0, 'none succeeded (the daemon never answered)');
    my @wrong = check_failures(@calls);
    is_deeply(\@wrong, [], "each of the $n failed with a Sys::Virt::Error of a code and a message")
      or diag(join "\n", @wrong[0 .. ($#wrong < 9 ? $#wrong : 9)]);
    is(Sys::Virt::Async->pending, 0, 'nothing pending');

    # calls made afterwards on the dead connections fail, as the blocking ones do
    my ($c, $d) = @{ $cd[0] };
    my $f = $c->async->get_hostname;
    settle('a call on the dead connection', $f);
    ok($f->is_failed, 'an async call on the dead connection fails');
    is(ref($f->failure), 'Sys::Virt::Error', '... with a Sys::Virt::Error');
    my $bw = guarded('a blocking call on the dead connection', 60, sub { blocking_error(sub { $c->get_hostname }) });
    isa_ok($bw, 'Sys::Virt::Error', 'the blocking call on the dead connection dies with an error');
    is_deeply(ref($f->failure) ? err_fields($f->failure) : [], $bw ? err_fields($bw) : [],
              '... the same one as the async call\'s') or diag('async: ' . err_str($f->failure) . '; blocking: ' . err_str($bw));
    my $df = $d->async->get_info;
    settle('a domain call on the dead connection', $df);
    ok($df->is_failed && ref($df->failure) eq 'Sys::Virt::Error' && $df->failure->message =~ /\S/,
       'a domain\'s call on it fails with an error too') or diag(err_str($df->failure));
    my @many = map { my $dc = $_->[0]; map { $dc->async->get_capabilities } 1 .. 25 } @cd;
    settle('100 calls on the dead connections', @many);
    is(scalar(grep { $_->is_failed && ref($_->failure) eq 'Sys::Virt::Error' } @many), 100,
       '100 more calls on the dead connections: each fails with an error');
    my $nf = Sys::Virt->new_async(uri => $private);
    settle('new_async with no daemon', $nf);
    ok($nf->is_failed && ref($nf->failure) eq 'Sys::Virt::Error', 'new_async with no daemon fails with an error')
      or diag(err_str($nf->is_failed ? $nf->failure : 'it succeeded'));

    ok(guarded('dropping the dead connections', 60, sub { @cd = (); undef $c; undef $d; 1 }),
       'the dead connections and their domains are released');
    Sys::Virt::Async->pool_size($old_size);
}

# 3b. The daemon killed while the calls run (no stop), five times: each Future completes,
# done (with the right result) or failed (with an error object); how many of each varies.
for my $round (1 .. 5) {
    $pid = start_daemon();
    ok($pid, "round $round: daemon restarted (pid " . ($pid // '-') . ')')
      or BAIL_OUT('the private daemon did not restart');
    subtest "round $round: the daemon killed while calls run" => sub {
        my @cd = private_connections(3);
        my @calls = calls_on(@cd);
        push @calls, map { ['new_async', Sys::Virt->new_async(uri => $private)] } 1 .. 3;
        my $n = @calls;
        ok(kill('KILL', $pid), "daemon killed with $n calls just made");
        waitpid($pid, 0);
        $pid = undef;
        settle("$n calls racing the daemon's death", map { $_->[1] } @calls);
        is(scalar(grep { $_->[1]->is_ready } @calls), $n, 'every Future completed');
        my @done = grep { $_->[1]->is_done } @calls;
        note(scalar(@done) . " of $n succeeded before the daemon died");
        my %want = (get_hostname => $hostname, get_capabilities => $caps);
        my @bad = map { $_->[0] } grep {
            my ($name, $f) = @$_;
            my @r = $f->get;
            !(exists $want{$name} ? (@r == 1 && $r[0] eq $want{$name})
              : $name eq 'get_info' ? (ref($r[0]) eq 'HASH' && $r[0]{state} == Sys::Virt::Domain::STATE_RUNNING)
              : $name eq 'get_all_domain_stats' ? (@r == 1 && $r[0]{dom}->get_name eq 'test')
              : $name eq 'new_async' ? ref($r[0]) eq 'Sys::Virt'
              : 0)
        } @done;
        is_deeply(\@bad, [], 'those that succeeded have the right results');
        my @wrong = check_failures(@calls);
        is_deeply(\@wrong, [], 'those that failed, each with a Sys::Virt::Error of a code and a message')
          or diag(join "\n", @wrong[0 .. ($#wrong < 9 ? $#wrong : 9)]);
        my $f = $cd[0][0]->async->get_hostname;
        settle('a call on the dead connection', $f);
        ok($f->is_failed && ref($f->failure) eq 'Sys::Virt::Error', 'a call made afterwards fails with an error')
          or diag($f->is_failed ? err_str($f->failure) : 'it succeeded');
        ok(guarded('dropping the dead connections', 60, sub { @cd = (); @calls = (); 1 }),
           'the dead connections are released');
    };
}

# 3c. A program that exits with calls in flight to a stopped daemon (workers blocked in
# them, and a new_async) exits at once, with its own exit code.
$pid = start_daemon();
ok($pid, 'daemon restarted (pid ' . ($pid // '-') . ')') or BAIL_OUT('the private daemon did not restart');
{
    my $script = "$dir/exit.pl";
    open my $sf, '>', $script or die "$script: $!";
    print $sf <<'EOS';
use strict;
use warnings;
use Sys::Virt;
require Sys::Virt::Async;
$SIG{PIPE} = 'IGNORE';
my ($uri, $daemon) = @ARGV;
my $c = Sys::Virt->new(uri => $uri);
my $d = $c->get_domain_by_name('test');
kill 'STOP', $daemon or die "stop: $!";
my @f = map { ($c->async->get_capabilities, $d->async->get_info) } 1 .. 100;
push @f, Sys::Virt->new_async(uri => $uri);
print "submitted ", scalar(@f), "\n";
exit 3;
EOS
    close $sf;
    my $child = open(my $out, '-|', $^X, (map { "-I$_" } grep { !ref } @INC), $script, $private, $pid)
      // die "cannot run $^X: $!";
    local @KILL_ON_TIMEOUT = ($child);
    my @lines = guarded('a program exiting with calls in flight to a stopped daemon', 60, sub {
        my @l = <$out>;
        close $out;
        @l;
    });
    is($? >> 8, 3, 'a program exiting with 201 calls in flight to a stopped daemon: its exit code');
    is(join('', @lines), "submitted 201\n", '... and nothing else printed');
    ok(kill('CONT', $pid), 'daemon continued (SIGCONT)');
}

# ---- the daemon, continued after its client exited, still serves --------------------------------
{
    my $f = Sys::Virt->new_async(uri => $private);
    settle('new_async after the restart', $f);
    ok($f->is_done, 'new_async connects to the restarted daemon') or diag(err_str($f->failure));
    SKIP: {
        skip 'no connection', 2 unless $f->is_done;
        my $c = $f->get;
        my @f = map { $c->async->get_hostname } 1 .. 100;
        settle('100 calls after the restart', @f);
        is(scalar(grep { $_->is_done && $_->get eq $hostname } @f), 100, '100 calls on it succeed');
        my @d = $c->async->list_all_domains;
        settle('list_all_domains after the restart', @d);
        is_deeply([map { $_->get_name } $d[0]->get], ['test'], 'with a fresh test state');
    }
}
kill 'TERM', $pid;
is(waitpid($pid, 0), $pid, 'restarted daemon stopped');
$pid = undef;
is(Sys::Virt::Async->pending, 0, 'nothing left pending');

done_testing();
