#!/usr/bin/perl
# The async forms of the admin classes' methods (Sys::Virt::Admin, ::Admin::Server,
# ::Admin::Client), on the real daemon's admin socket (tools/libvirtd.sh) as t/76 connects:
# each gives what the blocking form gives, or fails with an equal Sys::Virt::Error (code
# and message).
#  - the connection: the URI, is_alive, the daemon's version, the servers and a server by
#    name (an unknown one's error), the log filters and outputs read and set again (a filter
#    libvirt cannot parse: the same error), the idle timeout with flags libvirt refuses;
#  - a server: its name, the worker pool and the client limits read, changed by the async
#    form and seen by the blocking one, set back, a hash argument that is not one (the same
#    die, before anything is submitted), a tied hash whose FETCH dies (the die comes from
#    the call, nothing is submitted); its clients, one by ID, update_tls_files;
#  - a client (a second admin connection of this process): its ID, timestamp, transport and
#    identity; closed by the async form (its close callback runs), and a second close gives
#    the same error in both forms;
#  - _open's async form (an admin connection opened on a worker), get_version;
#  - register_close_callback and unregister_close_callback have no async form: the proxy
#    dies, saying why.
# Whatever is changed is set back, at the end at the latest.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use AsyncSame;
use Sys::Virt::Event;
use Sys::Virt::Admin;

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}
require Sys::Virt::Async;

my $ADMIN_SOCK = '/var/run/libvirt/libvirt-admin-sock';
plan(skip_all => 'needs root (the real libvirtd runs as root)') if $> != 0;
plan(skip_all => "no libvirtd admin socket $ADMIN_SOCK (run tools/libvirtd.sh start)") unless -S $ADMIN_SOCK;

Sys::Virt::Event::register_default();
my $URI = 'libvirtd:///system';
my $adm = eval { Sys::Virt::Admin->new(uri => $URI) }
    or plan(skip_all => "cannot connect to $URI: " . (ref $@ ? $@->message : $@));
my $PARENT = $$;

sub code_of { my $e = shift; ref($e) && eval { $e->isa('Sys::Virt::Error') } ? $e->code : "not an error: $e" }


# Both forms die at the call (before anything is submitted) with the same message.
sub same_die {
    my ($label, $obj, $m, @args) = @_;
    my $want = eval { $obj->$m(@args); 'no error' } // $@;
    my $got = eval { $obj->async->$m(@args); 'no error' } // $@;
    s/ at \S+ line \d+\.?\n?\z// for $want, $got;
    # (The async form's own name is in a message that names the sub, as for every class.)
    $got =~ s/\ASys::Virt::Async::XS:://;
    isnt($want, 'no error', "$label: the blocking form dies");
    is($got, $want, "$label: the async form dies the same way, at the call");
}

my $SP = 'Sys::Virt::Admin::Server';
my $names = sub { [sort map { ref($_) . ' ' . $_->get_name } @_] };
my $ids = sub { [sort { $a <=> $b } map { $_->get_id } @_] };

# ---- the connection ----
same('get_uri', $adm, 'get_uri', []);
same('is_alive', $adm, 'is_alive', []);
same('get_library_version', $adm, 'get_library_version', []);
same('list_servers', $adm, 'list_servers', [], $names);
same('list_servers(0)', $adm, 'list_servers', [0], $names);
same('get_server_by_name', $adm, 'get_server_by_name', ['libvirtd'], $names);
same('get_server_by_name of an unknown server', $adm, 'get_server_by_name', ['no-such-server']);
same('get_version (Perl, one native call)', $adm, 'get_version', []);
is(eval { $adm->async->get_version->get }, Sys::Virt::Admin::_get_version(), '... the library\'s version');

my $filters0 = $adm->get_logging_filters;
my $outputs0 = $adm->get_logging_outputs;
END { if ($adm && $$ == $PARENT) { eval { $adm->set_logging_filters($filters0) }; eval { $adm->set_logging_outputs($outputs0) } } }
same('get_logging_filters', $adm, 'get_logging_filters', []);
same('get_logging_outputs', $adm, 'get_logging_outputs', []);
ok(eval { $adm->async->set_logging_filters('1:qemu 3:remote')->get; 1 }, 'set_logging_filters (async)') or diag($@);
my $filters1 = $adm->get_logging_filters;
like($filters1, qr/\A1:\*?qemu\*? 3:\*?remote\*?\s*\z/, "... the blocking form sees it ($filters1)");
same('get_logging_filters, changed', $adm, 'get_logging_filters', []);
same('set_logging_filters, a filter libvirt cannot parse', $adm, 'set_logging_filters', ['bogus']);
same('set_logging_filters back', $adm, 'set_logging_filters', [$filters0]);
is($adm->get_logging_filters, $filters0, '... filters restored');
same('set_logging_outputs with the same outputs', $adm, 'set_logging_outputs', [$outputs0]);
is($adm->get_logging_outputs, $outputs0, '... unchanged');
same('set_daemon_timeout with flags libvirt refuses', $adm, 'set_daemon_timeout', [0, 1 << 30]);

# ---- a server ----
my $srv = $adm->get_server_by_name('libvirtd');
same('Server get_name', $srv, 'get_name', []);
my $settable = sub { my $h = shift; [ map { $_ => $h->{$_} } sort grep { exists $h->{$_} } @_ ] };
my $pool0 = $srv->get_threadpool_parameters;
END { eval { $srv->set_threadpool_parameters($pool0) } if $srv && $pool0 && $$ == $PARENT }
my ($pool) = same('get_threadpool_parameters', $srv, 'get_threadpool_parameters', [],
                  sub { [ sort(keys %{ $_[0] }), @{ $settable->($_[0], qw(minWorkers maxWorkers prioWorkers)) } ] });
same('get_threadpool_parameters with flags libvirt refuses', $srv, 'get_threadpool_parameters', [1 << 30]);
ok(eval { $srv->async->set_threadpool_parameters({ maxWorkers => $pool0->{maxWorkers} + 3,
                                                   minWorkers => $pool0->{minWorkers} + 1 })->get; 1 },
   'set_threadpool_parameters (async)') or diag($@);
is_deeply([ @{ $srv->get_threadpool_parameters }{qw(minWorkers maxWorkers prioWorkers)} ],
          [ $pool0->{minWorkers} + 1, $pool0->{maxWorkers} + 3, $pool0->{prioWorkers} ],
          '... minWorkers and maxWorkers changed, prioWorkers not, as the blocking form reads them');
same('set_threadpool_parameters back (the read-only fields left out)', $srv, 'set_threadpool_parameters', [$pool0]);
is_deeply([ @{ $srv->get_threadpool_parameters }{qw(minWorkers maxWorkers prioWorkers)} ],
          [ @$pool0{qw(minWorkers maxWorkers prioWorkers)} ], '... back');
same('set_threadpool_parameters with flags libvirt refuses', $srv, 'set_threadpool_parameters', [{ maxWorkers => 1 }, 1 << 30]);
same('set_threadpool_parameters with minWorkers over maxWorkers', $srv, 'set_threadpool_parameters',
     [{ minWorkers => $pool0->{maxWorkers} + 10 }]);
same_die('set_threadpool_parameters with an array', $srv, 'set_threadpool_parameters', []);
same_die('set_client_limits with a string', $srv, 'set_client_limits', 'x');
{
    package DyingHash;
    sub TIEHASH { bless {}, shift }
    sub EXISTS { 1 }
    sub FETCH { die "FETCH dies\n" }
}
{
    tie my %h, 'DyingHash';
    same_die('set_threadpool_parameters with a tied hash whose FETCH dies', $srv, 'set_threadpool_parameters', \%h);
    is(Sys::Virt::Async::pending(), 0, '... nothing was submitted') if defined &Sys::Virt::Async::pending;
}
is_deeply([ @{ $srv->get_threadpool_parameters }{qw(minWorkers maxWorkers prioWorkers)} ],
          [ @$pool0{qw(minWorkers maxWorkers prioWorkers)} ], '... the pool is unchanged');

my $lim0 = $srv->get_client_limits;
END { eval { $srv->set_client_limits($lim0) } if $srv && $lim0 && $$ == $PARENT }
same('get_client_limits', $srv, 'get_client_limits', [],
     sub { [ sort(keys %{ $_[0] }), @{ $settable->($_[0], qw(nclients_max nclients_unauth_max)) } ] });
ok(eval { $srv->async->set_client_limits({ nclients_max => $lim0->{nclients_max} + 1 })->get; 1 },
   'set_client_limits (async)') or diag($@);
is($srv->get_client_limits->{nclients_max}, $lim0->{nclients_max} + 1, '... the blocking form sees it');
same('set_client_limits back', $srv, 'set_client_limits', [$lim0]);
is($srv->get_client_limits->{nclients_max}, $lim0->{nclients_max}, '... back');
same('set_client_limits with flags libvirt refuses', $srv, 'set_client_limits', [{}, 1 << 30]);

my $asrv = $adm->get_server_by_name('admin');
same('list_clients of the admin server', $asrv, 'list_clients', [], $ids);
my ($me) = $asrv->list_clients;
same('get_client_by_id', $asrv, 'get_client_by_id', [$me->get_id], $ids);
same('get_client_by_id of no client', $asrv, 'get_client_by_id', [999_999_999]);
same('update_tls_files', $srv, 'update_tls_files', []);

# ---- a client: a second admin connection of this process ----
{
    my %before = map { $_->get_id => 1 } $asrv->list_clients;
    my $adm2 = Sys::Virt::Admin->new(uri => $URI);
    my @closed;
    $adm2->register_close_callback(sub { push @closed, $_[1] });
    my ($c) = grep { !$before{ $_->get_id } } $asrv->list_clients;
    ok($c, 'a second admin connection: its client is there');
    SKIP: {
        skip 'no client', 12 unless $c;
        my ($id) = same('Client get_id', $c, 'get_id', []);
        like($id, qr/\A\d+\z/, "... an ID ($id)");
        same('Client get_timestamp', $c, 'get_timestamp', []);
        same('Client get_transport', $c, 'get_transport', []);
        my ($info) = same('Client get_info', $c, 'get_info', []);
        is($info && $info->{unix_process_id}, $$, '... this process');
        same('Client get_info with flags libvirt refuses', $c, 'get_info', [1 << 30]);
        ok(eval { $c->async->close->get; 1 }, 'close (async)') or diag($@);
        my $end = time + 30;
        my $tick = Sys::Virt::Event::add_timeout(100, sub { });
        Sys::Virt::Event::run_default() until @closed || time > $end;
        Sys::Virt::Event::remove_timeout($tick);
        is(scalar(@closed), 1, '... the connection\'s close callback ran');
        ok(!grep({ $_->get_id == $id } $asrv->list_clients), '... and the client is gone');
        same('close of a closed client', $c, 'close', []);
        same('get_info of a closed client', $c, 'get_info', []);
    }
}

# ---- _open's async form, and the methods without one ----
{
    $adm->async;    # boots the async forms
    my $f = eval { Sys::Virt::Async::_track(Sys::Virt::Async::XS::Sys::Virt::Admin::_open($URI, 0)) };
    ok($f, '_open has an async form') or diag($@);
    my ($a2) = $f ? eval { $f->get } : ();
    isa_ok($a2, 'Sys::Virt::Admin', '... which opens an admin connection');
    is($a2 && $a2->get_uri, $URI, '... to the URI given');
    $f = Sys::Virt::Async::_track(Sys::Virt::Async::XS::Sys::Virt::Admin::_open('libvirtd:///no-such', 0));
    my $e1 = eval { $f->get; 'no error' } // $@;
    my $e2 = eval { Sys::Virt::Admin::_open('libvirtd:///no-such', 0); 'no error' } // $@;
    is_deeply([code_of($e1), ref $e1 && $e1->message], [code_of($e2), ref $e2 && $e2->message],
              '... or fails with the blocking form\'s error (' . code_of($e2) . ')');
    for my $m (qw(register_close_callback unregister_close_callback)) {
        eval { $adm->async->$m(sub { }) };
        like($@, qr/takes Perl code .* no async form/, "$m: no async form, the proxy says why");
    }
}

done_testing();
