#!/usr/bin/perl
# Calls that don't block (Sys::Virt::Async) on the test driver:
#  - the async form of a method gives what the blocking form gives (values, lists, hashes,
#    ordinary objects), or fails with an equal Sys::Virt::Error;
#  - Perl-written methods (get_domain_by_name, get_version) through their one native call;
#    methods that take Perl code, or use a native result themselves, die on the proxy;
#  - ->get, Future->wait_all(...)->get and Future::AsyncAwait's await need no event loop;
#  - fd becomes readable when results wait, dispatch completes them;
#  - new_async, the pool's size, many calls in flight;
#  - lifetimes: an object dropped while its calls are in flight, a cancelled Future, a
#    forked child, a Perl thread, a process that exits with calls in flight, and RSS over
#    100,000 calls.
use strict;
use warnings;
use Test::More;
use Config;
use POSIX ();
use Sys::Virt;

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}
require Sys::Virt::Async;

my $conn = Sys::Virt->new(uri => 'test:///default');
my $dom = $conn->get_domain_by_name('test');
my $net = $conn->get_network_by_name('default');
my ($pool) = $conn->list_all_storage_pools;

is(Sys::Virt::Async->pool_threads, 0, 'no worker runs before the first async call');

# ---- the same results as the blocking calls ----
my @same = (
    [$conn, 'get_uri'], [$conn, 'get_hostname'], [$conn, 'get_capabilities'],
    [$conn, 'num_of_domains'], [$conn, 'get_node_info'],
    [$conn, 'list_defined_domain_names', 10], [$conn, 'list_network_names', 10],
    [$conn, 'get_library_version'], [$conn, 'is_alive'], [$conn, 'get_sysinfo'],
    [$dom, 'get_name'], [$dom, 'get_uuid'], [$dom, 'get_id'], [$dom, 'get_state'],
    [$conn, 'list_domain_ids', 10], [$dom, 'get_uuid_string'],
    [$dom, 'get_info'], [$dom, 'get_xml_description'], [$dom, 'get_xml_description', 1],
    [$dom, 'is_active'], [$dom, 'is_persistent'], [$dom, 'get_autostart'],
    [$dom, 'get_max_memory'], [$dom, 'get_os_type'], [$dom, 'get_scheduler_type'],
    [$net, 'get_name'], [$net, 'get_bridge_name'], [$net, 'get_xml_description'],
    [$net, 'is_active'], [$pool, 'get_name'], [$pool, 'get_info'],
    [$pool, 'list_all_volumes'],
);
for my $c (@same) {
    my ($obj, $m, @args) = @$c;
    my @want = eval { $obj->$m(@args) };
    my $want_err = $@;
    my $f = eval { $obj->async->$m(@args) };
    if (!$f) {
        fail(ref($obj) . "->$m: has an async form") or diag($@);
        next;
    }
    isa_ok($f, 'Future', ref($obj) . "->$m");
    my @got = eval { $f->get };
    if ($want_err) {
        is(ref($@) && $@->message, $want_err->message, ref($obj) . "->$m: the same error");
    } elsif ($m eq 'get_info' && ref($obj) eq 'Sys::Virt::Domain') {
        # The test driver's CPU time moves on between the two calls.
        delete $_->{cpuTime} for @want, @got;
        is_deeply(\@got, \@want, ref($obj) . "->$m: the same result");
    } else {
        is_deeply(\@got, \@want, ref($obj) . "->$m: the same result");
    }
}
cmp_ok(Sys::Virt::Async->pool_threads, '>', 0, 'workers started with the first call');
cmp_ok(Sys::Virt::Async->pool_threads, '<=', Sys::Virt::Async->pool_size, 'no more than the pool size');

# Objects in results are ordinary objects.
{
    my @doms = $conn->async->list_all_domains->get;
    my @blocking = $conn->list_all_domains;
    is(scalar(@doms), scalar(@blocking), 'list_all_domains: as many domains');
    isa_ok($doms[0], 'Sys::Virt::Domain');
    is(ref($doms[0]), 'Sys::Virt::Domain', 'an ordinary Sys::Virt::Domain');
    is($doms[0]->get_name, 'test', 'which works as one');
    my $d = $conn->async->get_domain_by_name('test')->get;
    is(ref($d), 'Sys::Virt::Domain', 'get_domain_by_name (Perl) through its native call');
    is($d->get_uuid_string, $dom->get_uuid_string, 'the same domain');
    is($conn->async->get_version->get, $conn->get_version, 'get_version (Perl)');
    my @stats = $conn->async->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE)->get;
    my @bstats = $conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE);
    is_deeply([map { [$_->{dom}->get_name, $_->{data}] } @stats],
              [map { [$_->{dom}->get_name, $_->{data}] } @bstats],
              'get_all_domain_stats: the same records, with ordinary domain objects');
    @stats = $conn->async->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, [$dom])->get;
    is(scalar(@stats), 1, 'get_all_domain_stats of a list of domains');
    my $dd = $conn->async->get_domain_by_uuid($dom->get_uuid_string)->get;
    is($dd->get_name, 'test', 'get_domain_by_uuid by its string');
    eval { $conn->async->get_domain_by_uuid('short') };
    like($@, qr/\AUUID must be either 16 unsigned bytes/, 'the Perl method\'s own die, at the call');
}

# Errors: the same error object.
{
    my $blocking = eval { $conn->get_domain_by_name('no-such-domain') } ? undef : $@;
    my $f = $conn->async->get_domain_by_name('no-such-domain');
    ok(!eval { $f->get; 1 }, 'a failing call fails its Future');
    my $e = $@;
    isa_ok($e, 'Sys::Virt::Error');
    is_deeply([$e->code, $e->domain, $e->level, $e->message],
              [$blocking->code, $blocking->domain, $blocking->level, $blocking->message],
              'with the blocking call\'s code, domain, level and message');
    is(ref($f->failure), 'Sys::Virt::Error', '->failure is the error object');
    eval { $conn->async->get_domain_by_name("te\0st") };
    like($@, qr/contains a NUL byte/, 'bad arguments die at the call, as in the blocking form');
    eval { $dom->async->del_throttle_group("g\0") };
    like($@, qr/contains a NUL byte/, 'in a row\'s async form too');
}

# Methods without an async form.
{
    eval { $conn->async->domain_event_register_any(undef, 0, sub { }) };
    like($@, qr/takes Perl code .* no async form/, 'a method that takes Perl code dies, saying so');
    eval { $conn->async->list_domains };
    like($@, qr/list_domains has no async form/, 'a Perl method that uses a native result dies');
    eval { $conn->async->no_such_method };
    like($@, qr/Can't locate object method "no_such_method" via package "Sys::Virt"/,
         'an unknown method dies as it does on the object');
}

# No event loop needed.
{
    my @f = map { $dom->async->get_uuid_string } 1 .. 50;
    my @r = map { $_->get } Future->wait_all(@f)->get;
    is(scalar(grep { $_ eq $dom->get_uuid_string } @r), 50, 'wait_all(...)->get of 50 calls in flight');
    SKIP: {
        skip 'Future::AsyncAwait (libfuture-asyncawait-perl) is not installed', 2
            unless eval { require Future::AsyncAwait; 1 };
        my $r = eval q{
            use Future::AsyncAwait;
            async sub names {
                my ($c) = @_;
                my @doms = await $c->async->list_all_domains;
                my @names;
                for my $d (@doms) {
                    push @names, await $d->async->get_name;
                }
                return join ',', @names;
            }
            names($conn)->get;
        };
        is($r, join(',', map { $_->get_name } $conn->list_all_domains), 'await in an async sub');
        is($@, '', 'without error');
    }
}

# fd and dispatch.
{
    my $fd = Sys::Virt::Async->fd;
    ok($fd > 2, 'fd is a descriptor');
    my $f = $dom->async->get_name;
    my $rin = '';
    vec($rin, $fd, 1) = 1;
    my $n = select(my $rout = $rin, undef, undef, 5);
    is($n, 1, 'the descriptor becomes readable when the result waits');
    ok(!$f->is_ready, 'the Future waits for dispatch');
    is(Sys::Virt::Async->dispatch, 1, 'dispatch completes one Future');
    ok($f->is_done, 'which is done');
    is($f->get, 'test', 'with the result');
    is(Sys::Virt::Async->dispatch, 0, 'nothing more to dispatch');
    is(select($rout = $rin, undef, undef, 0), 0, 'the descriptor is no longer readable');
}

# The pool's size.
{
    my $old = Sys::Virt::Async->pool_size;
    is(Sys::Virt::Async->pool_size(3), 3, 'pool_size sets');
    my @f = map { $conn->async->get_hostname } 1 .. 200;
    Future->wait_all(@f)->get;
    is(scalar(grep { $_->is_done } @f), 200, '200 calls complete with 3 workers');
    eval { Sys::Virt::Async->pool_size(0) };
    like($@, qr/at least one worker/, 'a pool of no worker is refused');
    Sys::Virt::Async->pool_size($old);
}

# new_async.
{
    my $c = Sys::Virt->new_async(uri => 'test:///default', readonly => 1)->get;
    is(ref($c), 'Sys::Virt', 'new_async gives a connection');
    is($c->get_uri, 'test:///default', 'to the URI');
    eval { $c->get_domain_by_name('test')->suspend };
    isa_ok($@, 'Sys::Virt::Error', 'read-only, as asked');
    ok(!eval { Sys::Virt->new_async(uri => 'bogus:///x')->get; 1 }, 'a bad URI fails the Future');
    isa_ok($@, 'Sys::Virt::Error');
    eval { Sys::Virt->new_async(uri => 'test:///default', auth => 1) };
    like($@, qr/credential callbacks/, 'credential callbacks are refused, not run on a worker');
}

# An object dropped by Perl while its calls are in flight stays valid until they end.
{
    my $tmp = $conn->create_domain("<domain type='test'><name>async-tmp</name><memory>8192</memory>"
                                   . "<os><type>hvm</type></os></domain>");
    my @f = map { $tmp->async->get_name } 1 .. 100;
    undef $tmp;
    my @r = map { $_->get } Future->wait_all(@f)->get;
    is(scalar(grep { $_ eq 'async-tmp' } @r), 100, 'calls on a dropped object complete');
    $conn->get_domain_by_name('async-tmp')->destroy;
}

# Cancel: the result is dropped.
{
    my $f = $dom->async->get_xml_description;
    $f->cancel;
    ok($f->is_cancelled, 'cancelled');
    Sys::Virt::Async::_wait(5000);
    Sys::Virt::Async->dispatch;
    is(Sys::Virt::Async->pending, 0, 'nothing pending after its result arrived');
}

# A forked child: an empty queue, a pool of its own, no result of its parent's.
{
    my $inflight = $dom->async->get_name;
    pipe(my $r, my $w) or die "pipe: $!";
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        close $r;
        my @out;
        push @out, 'pending=' . Sys::Virt::Async->pending;
        push @out, 'threads=' . Sys::Virt::Async->pool_threads;
        push @out, 'inherited=' . (eval { $inflight->get; 'got' } // ($@ =~ /cannot complete/ ? 'refused' : "other: $@"));
        my $c = Sys::Virt->new(uri => 'test:///default');
        push @out, 'own=' . $c->async->get_hostname->get;
        push @out, 'threadsafter=' . (Sys::Virt::Async->pool_threads > 0 ? 'some' : 'none');
        print $w join("\n", @out), "\n";
        close $w;
        POSIX::_exit(0);
    }
    close $w;
    my @lines = <$r>;
    chomp @lines;
    waitpid($pid, 0);
    is($?, 0, 'the child exited cleanly');
    is_deeply(\@lines,
              ['pending=0', 'threads=0', 'inherited=refused', 'own=' . $conn->get_hostname,
               'threadsafter=some'],
              'the child starts empty, refuses its parent\'s Futures, and calls on its own');
    is($inflight->get, 'test', 'the parent still gets its result');
}

# Each Perl thread has its own queue.
SKIP: {
    skip 'this perl has no ithreads', 3 unless $Config{useithreads};
    require threads;
    my $mine = $dom->async->get_name;
    my $t = threads->create({ context => 'list' }, sub {
        my $c = Sys::Virt->new(uri => 'test:///default');
        my @r = map { $_->get } map { $c->async->get_hostname } 1 .. 20;
        return (scalar(@r), Sys::Virt::Async->pending);
    });
    my ($n, $pending) = $t->join;
    is($n, 20, 'a thread\'s calls complete in that thread');
    is($pending, 0, 'leaving nothing pending there');
    is($mine->get, 'test', 'and the main thread\'s own call completes in it');
}

# A process that exits with calls in flight exits cleanly.
{
    my $code = q{
        use Sys::Virt; require Sys::Virt::Async;
        my $c = Sys::Virt->new(uri => "test:///default");
        my $d = $c->get_domain_by_name("test");
        my @f = map { $d->async->get_xml_description } 1 .. 2000;
        print "submitted\n";
        exit 3;
    };
    my $file = "/tmp/sys-virt-t80-$$.pl";
    open my $fh, '>', $file or die "$file: $!";
    print $fh $code;
    close $fh;
    my $out = `$^X @{[ map { "-I$_" } grep { !ref } @INC ]} $file 2>&1`;
    unlink $file;
    is($? >> 8, 3, 'exit with 2000 calls in flight: the exit code is the program\'s');
    is($out, "submitted\n", 'and nothing else is printed');
}

# RSS over 100,000 calls.
SKIP: {
    skip 'no /proc/self/status', 1 unless -r '/proc/self/status';
    my $rss = sub {
        open my $fh, '<', '/proc/self/status' or return 0;
        while (<$fh>) { return $1 if /^VmRSS:\s+(\d+)/ }
        return 0;
    };
    my $batch = sub {
        for (1 .. $_[0] / 1000) {
            my @f = map { $dom->async->get_info } 1 .. 900;
            push @f, map { my $x = $dom->async->get_name; $x->cancel; $x } 1 .. 100;
            Future->wait_all(grep { !$_->is_cancelled } @f)->get;
            Sys::Virt::Async::_wait(100) while Sys::Virt::Async->dispatch || 0;
        }
    };
    $batch->(20_000);
    my $before = $rss->();
    $batch->(100_000);
    my $after = $rss->();
    cmp_ok($after - $before, '<', 4096, "RSS flat over 100,000 calls ($before KiB, then $after KiB)");
}

done_testing();
