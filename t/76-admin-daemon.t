#!/usr/bin/perl
# Sys::Virt::Admin on the real daemon's admin socket (tools/libvirtd.sh), compared with
# what virt-admin says:
#  - versions, the URI, is_alive; the servers (libvirtd and admin);
#  - the worker pool and the client limits read, changed, and set back;
#  - the clients while a second connection is open (in another process: a process cannot
#    have admin and Sys::Virt connections at once, see Sys::Virt::Admin), its identity, and
#    closing it: that connection's close callback runs; an admin connection's close callback
#    the same way;
#  - log filters set and restored, log outputs read and set again, the idle timeout;
#  - the objects in a Perl thread and in a child made by fork, outliving their admin
#    connection object, and DESTROYed by hand.
# Whatever is changed is set back, at the end at the latest.
use strict;
use warnings;
use Test::More;
use Config;
use File::Basename qw(dirname);
use File::Spec;
use POSIX ();

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use QemuGuest qw(run_cmd);
use Sys::Virt;
use Sys::Virt::Event;
use Sys::Virt::Admin;

my $ADMIN_SOCK = '/var/run/libvirt/libvirt-admin-sock';
plan(skip_all => 'needs root (the real libvirtd runs as root)') if $> != 0;
plan(skip_all => "no libvirtd admin socket $ADMIN_SOCK (run tools/libvirtd.sh start)") unless -S $ADMIN_SOCK;

Sys::Virt::Event::register_default();
my $URI = 'libvirtd:///system';
my $adm = eval { Sys::Virt::Admin->new(uri => $URI) }
    or plan(skip_all => "cannot connect to $URI: " . (ref $@ ? $@->message : $@));
my $HAVE_VA = grep { -x "$_/virt-admin" } split /:/, $ENV{PATH} // '';
my $PARENT = $$;

sub virt_admin {
    my ($rc, $out) = run_cmd('virt-admin', '-c', $URI, @_);
    return $rc ? undef : $out;
}
sub run_until {
    my ($cond, $secs) = @_;
    my $end = time + $secs;
    my $tick = Sys::Virt::Event::add_timeout(100, sub { });
    my @err;
    until ($cond->() || time > $end) { eval { Sys::Virt::Event::run_default(); 1 } or push @err, $@ }
    Sys::Virt::Event::remove_timeout($tick);
    return @err;
}
sub code_of { my $e = shift; ref($e) && eval { $e->isa('Sys::Virt::Error') } ? $e->code : "not an error: $e" }

# ---- the connection ----
is($adm->get_uri, $URI, 'get_uri');
is($adm->is_alive, 1, 'is_alive');
like(Sys::Virt::Admin->get_version, qr/\A\d{7,}\z/, 'Sys::Virt::Admin->get_version: the library\'s');
my $libver = $adm->get_library_version;
like($libver, qr/\A\d{7,}\z/, "get_library_version: the daemon's ($libver)");
SKIP: {
    skip 'no virt-admin', 1 unless $HAVE_VA;
    my ($v) = (virt_admin('version') // '') =~ /Running against daemon: (\d+)\.(\d+)\.(\d+)/ ? ($1 * 1_000_000 + $2 * 1000 + $3) : ();
    is($libver, $v, '... as virt-admin version says');
}
ok(!eval { Sys::Virt->new(uri => 'qemu:///system'); 1 }, 'this process cannot open Sys::Virt connections now');
is(code_of($@), 3, '... not supported');

# ---- servers ----
my @servers = $adm->list_servers;
is_deeply([sort map { $_->get_name } @servers], [qw(admin libvirtd)], 'list_servers: admin and libvirtd');
isa_ok($servers[0], 'Sys::Virt::Admin::Server');
SKIP: {
    skip 'no virt-admin', 1 unless $HAVE_VA;
    my @names = (virt_admin('srv-list') // '') =~ /^\s*\d+\s+(\S+)\s*$/mg;
    is_deeply([sort @names], [qw(admin libvirtd)], '... as virt-admin srv-list');
}
my $srv = $adm->get_server_by_name('libvirtd');
is($srv->get_name, 'libvirtd', 'get_server_by_name');
ok(!eval { $adm->get_server_by_name('no-such-server'); 1 }, 'an unknown server dies');
like(ref $@ && $@->message, qr/no-such-server/, '... naming it');

# ---- the worker pool ----
my $SP = 'Sys::Virt::Admin::Server';
my $pool0 = $srv->get_threadpool_parameters;
is_deeply([sort keys %$pool0], [sort map { $SP->can($_)->() } qw(THREADPOOL_WORKERS_MIN THREADPOOL_WORKERS_MAX
    THREADPOOL_WORKERS_PRIORITY THREADPOOL_WORKERS_FREE THREADPOOL_WORKERS_CURRENT THREADPOOL_JOB_QUEUE_DEPTH)],
    'get_threadpool_parameters: the six fields');
END { eval { $srv->set_threadpool_parameters($pool0) } if $srv && $pool0 && $$ == $PARENT }
SKIP: {
    skip 'no virt-admin', 1 unless $HAVE_VA;
    my %va = (virt_admin('srv-threadpool-info', 'libvirtd') // '') =~ /^(\w+)\s*:\s*(\d+)/mg;
    is_deeply({ map { $_ => $va{$_} } qw(minWorkers maxWorkers prioWorkers) },
              { map { $_ => $pool0->{$_} } qw(minWorkers maxWorkers prioWorkers) },
              '... the limits virt-admin srv-threadpool-info shows');
}
$srv->set_threadpool_parameters({ maxWorkers => $pool0->{maxWorkers} + 3, minWorkers => $pool0->{minWorkers} + 1 });
my $pool1 = $srv->get_threadpool_parameters;
is_deeply([ @$pool1{qw(minWorkers maxWorkers prioWorkers)} ],
          [ $pool0->{minWorkers} + 1, $pool0->{maxWorkers} + 3, $pool0->{prioWorkers} ],
          'set_threadpool_parameters: minWorkers and maxWorkers changed, prioWorkers not');
SKIP: {
    skip 'no virt-admin', 1 unless $HAVE_VA;
    my %va = (virt_admin('srv-threadpool-info', 'libvirtd') // '') =~ /^(\w+)\s*:\s*(\d+)/mg;
    is($va{maxWorkers}, $pool0->{maxWorkers} + 3, '... as virt-admin sees it');
}
$srv->set_threadpool_parameters($pool0);    # the read-only fields are left out
my $pool2 = $srv->get_threadpool_parameters;
is_deeply([ @$pool2{qw(minWorkers maxWorkers prioWorkers)} ], [ @$pool0{qw(minWorkers maxWorkers prioWorkers)} ],
          '... and back, from the hash get_threadpool_parameters gave');

# ---- client limits ----
my $lim0 = $srv->get_client_limits;
is_deeply([sort keys %$lim0], [sort map { $SP->can($_)->() } qw(CLIENTS_MAX CLIENTS_CURRENT CLIENTS_UNAUTH_MAX CLIENTS_UNAUTH_CURRENT)],
          'get_client_limits: the four fields');
END { eval { $srv->set_client_limits($lim0) } if $srv && $lim0 && $$ == $PARENT }
$srv->set_client_limits({ nclients_max => $lim0->{nclients_max} + 1 });
is($srv->get_client_limits->{nclients_max}, $lim0->{nclients_max} + 1, 'set_client_limits: nclients_max changed');
$srv->set_client_limits($lim0);
is($srv->get_client_limits->{nclients_max}, $lim0->{nclients_max}, '... and back');

# ---- clients: a second connection, in another process ----
# The other process: a new perl that opens a connection with a close callback, says
# "ready PID", and runs its event loop until the callback runs (or 60 s pass), then says
# "closed REASON ALIVE".
my $OTHER = <<'P';
use strict; use warnings; use Sys::Virt; use Sys::Virt::Event; $| = 1;
Sys::Virt::Event::register_default();
my $c = Sys::Virt->new(uri => 'test+unix:///default');
my $reason;
$c->register_close_callback(sub { $reason = $_[1] });
print "ready $$\n";
my $end = time + 60;
Sys::Virt::Event::add_timeout(100, sub { });
Sys::Virt::Event::run_default() until defined $reason || time > $end;
print 'closed ', $reason // 'never', ' ', $c->is_alive ? 1 : 0, "\n";
P
{
    my %before = map { $_->get_id => 1 } $srv->list_clients;
    my $t0 = time;
    my $pid = open(my $other, '-|') // die "fork: $!";
    if (!$pid) {
        exec $^X, (map { "-I$_" } grep { !ref } @INC), '-e', $OTHER or POSIX::_exit(127);
    }
    my $ready = <$other> // '';
    like($ready, qr/\Aready (\d+)\n\z/, 'a second connection is open, in another process');
    my ($opid) = $ready =~ /(\d+)/;
    my @new = grep { !$before{ $_->get_id } } $srv->list_clients;
    my ($client) = grep { ($_->get_info->{unix_process_id} // 0) == ($opid // -1) } @new;
    ok($client, 'list_clients: its client is there, with its process id')
        or diag('new clients: ' . join ', ', map { $_->get_id } @new);
    SKIP: {
        skip 'no client', 12 unless $client;
        isa_ok($client, 'Sys::Virt::Admin::Client');
        my $id = $client->get_id;
        like($id, qr/\A\d+\z/, "get_id ($id)");
        is($client->get_transport, Sys::Virt::Admin::Client::TRANS_UNIX(), 'get_transport: TRANS_UNIX');
        my $ts = $client->get_timestamp;
        ok($ts >= $t0 - 5 && $ts <= time + 5, "get_timestamp: when it connected ($ts)");
        my $info = $client->get_info;
        is($info->{Sys::Virt::Admin::Client::INFO_READONLY()}, 0, 'get_info: not read-only');
        is($info->{Sys::Virt::Admin::Client::INFO_UNIX_USER_ID()}, $<, '... our user id');
        is($info->{unix_user_name}, scalar getpwuid($<), '... and name');
        is($srv->get_client_by_id($id)->get_id, $id, 'get_client_by_id finds it');
        SKIP: {
            skip 'no virt-admin', 2 unless $HAVE_VA;
            like(virt_admin('client-list', 'libvirtd') // '', qr/^ \Q$id\E\s+unix\s/m, 'virt-admin client-list lists it');
            like(virt_admin('client-info', 'libvirtd', $id) // '', qr/^unix_process_id\s*:\s*\Q$opid\E$/m,
                 '... and virt-admin client-info gives its process id');
        }

        $client->close;
        my $closed = <$other> // '';
        chomp(my $closed_line = $closed);
        like($closed, qr/\Aclosed [0-3] 0\n\z/, "close: the connection's close callback ran, with a reason, and it is not alive ($closed_line)");
        ok(!grep({ $_->get_id == $id } $srv->list_clients), '... and the client is gone');
    }
    close $other;
}

# ---- an admin connection's close callback ----
{
    my $asrv = $adm->get_server_by_name('admin');
    my %before = map { $_->get_id => 1 } $asrv->list_clients;
    my $adm2 = Sys::Virt::Admin->new(uri => $URI);
    my @got;
    $adm2->register_close_callback(sub { push @got, [@_] });
    my @new = grep { !$before{ $_->get_id } } $asrv->list_clients;
    is(scalar(@new), 1, 'a second admin connection: one more client of the admin server');
    $new[0]->close if @new;
    my @err = run_until(sub { @got }, 30);
    is(scalar(@got), 1, 'closing it: its close callback ran');
    is($got[0] && ${ $got[0][0] }, $$adm2, '... with the admin connection');
    like($got[0] && $got[0][1], qr/\A[0-3]\z/, '... and a CLOSE_REASON_*');
    ok(!$adm2->is_alive, '... which is not alive');
    # libvirt forgets the callback once it ran: removing it then is libvirt's error.
    ok(!eval { $adm2->unregister_close_callback; 1 }, 'unregister_close_callback after it ran dies');
    is(code_of($@), 55, '... with libvirt\'s operation-invalid error');
    $adm->register_close_callback(sub { });
    ok(eval { $adm->unregister_close_callback; 1 }, 'register and unregister on a live connection') or diag($@);
}

# ---- logging ----
my $filters0 = $adm->get_logging_filters;
my $outputs0 = $adm->get_logging_outputs;
END { if ($adm && $$ == $PARENT) { eval { $adm->set_logging_filters($filters0) }; eval { $adm->set_logging_outputs($outputs0) } } }
$adm->set_logging_filters('1:qemu 3:remote');
my $filters1 = $adm->get_logging_filters;
# libvirt 9 shows them as the match patterns it made of them: "1:*qemu* 3:*remote* ".
like($filters1, qr/\A1:\*?qemu\*? 3:\*?remote\*?\s*\z/, "set_logging_filters, get_logging_filters ($filters1)");
SKIP: {
    skip 'no virt-admin', 1 unless $HAVE_VA;
    like(virt_admin('daemon-log-filters') // '', qr/Logging filters: \Q$filters1\E\s*$/m, '... as virt-admin daemon-log-filters shows');
}
$adm->set_logging_filters($filters0);
is($adm->get_logging_filters, $filters0, 'filters restored (' . ($filters0 // 'none') . ')');
ok(!eval { $adm->set_logging_filters('bogus'); 1 }, 'a filter libvirt cannot parse dies');
is($adm->get_logging_filters, $filters0, '... and changes nothing');
like($outputs0, qr/\A\d:\w+/, "get_logging_outputs ($outputs0)");
$adm->set_logging_outputs($outputs0);
is($adm->get_logging_outputs, $outputs0, 'set_logging_outputs with the same outputs');
ok(eval { $adm->set_daemon_timeout(0); 1 }, 'set_daemon_timeout(0): no idle timeout') or diag($@);
my $tls = eval { $srv->update_tls_files; 1 } ? 'updated' : code_of($@);
like($tls, qr/\A(?:updated|\d+)\z/, "update_tls_files: done or libvirt's error ($tls)");

# ---- the async forms ----
{
    require Sys::Virt::Async;
    is(eval { $adm->async->get_logging_outputs->get }, $outputs0, '$adm->async->get_logging_outputs: a Future of the outputs')
        or diag($@);
    my @s = eval { $adm->async->list_servers->get };
    is_deeply([sort map { $_->get_name } @s], [qw(admin libvirtd)], '$adm->async->list_servers: a Future of server objects')
        or diag($@);
    my ($c) = $adm->get_server_by_name('admin')->list_clients;
    is(eval { $c->async->get_transport->get }, Sys::Virt::Admin::Client::TRANS_UNIX(), '$client->async->get_transport');
}

# ---- threads, fork, lifetimes ----
my ($aclient) = $adm->get_server_by_name('admin')->list_clients;
SKIP: {
    skip 'perl without threads', 3 unless $Config{useithreads};
    require threads;
    my $r = threads->create(sub {
        my @names = sort map { $_->get_name } $adm->list_servers;
        join ' ', $srv->get_name, scalar(@names), $aclient->get_id, $adm->is_alive,
            threads->create(sub { $srv->get_threadpool_parameters->{maxWorkers} })->join;
    })->join;
    is($r, join(' ', 'libvirtd', 2, $aclient->get_id, 1, $pool0->{maxWorkers}),
       'a Perl thread (and a thread of it) uses copies of the admin connection, server and client');
    is($srv->get_name . ' ' . $aclient->get_id, 'libvirtd ' . $aclient->get_id, '... and ours still work');
    threads->create(sub { my $s = $srv; my @c = $s->list_clients; undef $s; scalar @c })->join;
    ok($srv->get_client_limits->{nclients} >= 0, '... also after a thread freed its copies');
}
{
    local $SIG{PIPE} = 'IGNORE';
    for my $how (qw(exit _exit)) {
        pipe(my $rd, my $wr) or die;
        my $pid = fork // die "fork: $!";
        if (!$pid) {
            close $rd;
            my $n = eval { my @c = $srv->list_clients; scalar(@c) . ' ' . $aclient->get_id } // 'failed';
            print {$wr} "$n\n";
            close $wr;
            $how eq 'exit' ? exit 0 : POSIX::_exit(0);
        }
        close $wr;
        my $got = <$rd> // '';
        waitpid $pid, 0;
        like($got, qr/\A\d+ \Q@{[ $aclient->get_id ]}\E\n\z/, "a child made by fork uses the inherited objects ($how)");
        my $alive = eval { my @c = $srv->list_clients; my @s = $adm->list_servers;
                           $adm->is_alive . ' ' . scalar(@s) . ' ' . $aclient->get_id };
        is($alive, '1 2 ' . $aclient->get_id, '... and the parent\'s still work after it ended') or diag($@);
    }
}
{
    my $s = do { my $a = Sys::Virt::Admin->new(uri => $URI); $a->get_server_by_name('libvirtd') };
    is($s->get_threadpool_parameters->{maxWorkers}, $pool0->{maxWorkers},
       'a server works after its admin connection object is gone');
    my ($c) = $s->list_clients;
    undef $s;
    ok(!$c || eval { $c->get_id; 1 }, '... and a client after its server object is gone');
    my $d = $adm->get_server_by_name('libvirtd');
    $d->DESTROY;
    $d->DESTROY;
    ok(!eval { $d->get_name; 1 } || 1, 'DESTROY by hand twice: later calls do not crash');
    ok(!eval { $d->get_threadpool_parameters; 1 }, '... and die');
    like(code_of($@), qr/\A\d+\z/, '... with a libvirt error (' . code_of($@) . ')');
}

done_testing();
