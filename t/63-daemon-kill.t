#!/usr/bin/perl
# What happens to a connection and its checkpoint objects when the daemon dies: a private
# libvirtd (test driver only, its own unix socket in a tempdir) is started, checkpoints are
# made through test+unix:///default?socket=..., the daemon is killed by its PID, and then
# every call must die with a Sys::Virt::Error (no crash, no hang), the objects must be
# releasable, and a restarted daemon must accept a new connection.
use strict;
use warnings;
use Test::More;
use File::Temp ();
use POSIX ();
use Time::HiRes qw(sleep time);
use FindBin;
use lib "$FindBin::Bin/lib";
use UnixDaemon;
use Sys::Virt;

my ($daemon, $why) = UnixDaemon->new('sysvirt-kill');
plan(skip_all => $why) unless $daemon;
my $dir = $daemon->dir;

my $pid;
END {
    if ($pid) { kill 'KILL', $pid; waitpid $pid, 0 }
}

sub start_daemon { $daemon->start }

my $uri = $daemon->uri;
$pid = start_daemon();
plan(skip_all => "the private libvirtd did not start (see above)") unless $pid;
plan tests => 28;
# libvirt writes to its sockets with plain write(2): a client talking to a dead daemon gets
# SIGPIPE, which kills perl unless ignored (as virsh does, and as libvirt advises); this
# holds for the XS reference too
$SIG{PIPE} = "IGNORE";
pass("private libvirtd started (pid $pid)");

my $conn = eval { Sys::Virt->new(uri => $uri) };
ok($conn, "connected to $uri") or BAIL_OUT("cannot connect: $@");
my $dom = $conn->get_domain_by_name('test');
my @cps = map { $dom->create_checkpoint("<domaincheckpoint><name>$_</name></domaincheckpoint>", 0) } qw(k1 k2);
is(scalar @cps, 2, 'two checkpoints made through the daemon');
is($cps[1]->get_parent->get_name, 'k1', 'k2 follows k1');

# --- kill the daemon -----------------------------------------------------------------------
ok(kill('KILL', $pid), 'daemon killed with SIGKILL');
is(waitpid($pid, 0), $pid, 'daemon reaped');
$pid = undef;

# each call must fail promptly with a Sys::Virt::Error
sub dies_ok_error {
    my ($name, $code) = @_;
    my $t0 = time;
    local $SIG{ALRM} = sub { die "timeout\n" };
    alarm 30;
    my $ok = eval { $code->(); 1 };
    alarm 0;
    my $e = $@;
    my $took = time - $t0;
    ok(!$ok && ref $e && $e->isa('Sys::Virt::Error'), "$name dies with a Sys::Virt::Error")
      or diag($ok ? 'it succeeded' : "it died with: $e");
    cmp_ok($took, '<', 15, "... within keepalive time (${\ sprintf '%.2f', $took}s)");
    note(ref $e ? sprintf('%s: code %d domain %d: %s', $name, $e->code, $e->domain, $e->message) : '');
    return $e;
}

my $e = dies_ok_error('checkpoint get_xml_description', sub { $cps[0]->get_xml_description });
ok(ref $e && $e->code != 0, '... with a real error code (' . (ref $e ? $e->code : '?') . ')');
dies_ok_error('checkpoint get_parent', sub { $cps[1]->get_parent });
dies_ok_error('checkpoint list_all_children', sub { $cps[0]->list_all_children });
dies_ok_error('list_all_checkpoints', sub { $dom->list_all_checkpoints });
dies_ok_error('create_checkpoint', sub { $dom->create_checkpoint('<domaincheckpoint><name>k3</name></domaincheckpoint>') });
dies_ok_error('get_domain_by_name', sub { $conn->get_domain_by_name('test') });
dies_ok_error('checkpoint delete', sub { $cps[1]->delete });
is($cps[0]->get_name, 'k1', 'get_name still answers (it is local)');

# releasing the objects must not crash or hang
my $released = eval {
    local $SIG{ALRM} = sub { die "timeout\n" };
    alarm 30;
    @cps = ();
    undef $dom;
    undef $conn;
    alarm 0;
    1;
};
ok($released, 'checkpoint, domain and connection objects released') or diag($@);

# --- restart: a new connection works, with a fresh test state ------------------------------
$pid = start_daemon();
ok($pid, "daemon restarted (pid " . ($pid // '-') . ")");
my $conn2 = eval { Sys::Virt->new(uri => $uri) };
ok($conn2, 'a new connection works') or diag($@);
SKIP: {
    skip 'no new connection', 2 unless $conn2;
    my $dom2 = $conn2->get_domain_by_name('test');
    is_deeply([$dom2->list_all_checkpoints], [], 'the restarted daemon starts from a fresh test state');
    ok($dom2->create_checkpoint('<domaincheckpoint><name>k9</name></domaincheckpoint>'),
        'and checkpoints can be made again');
}
undef $conn2;
kill 'TERM', $pid;
is(waitpid($pid, 0), $pid, 'restarted daemon stopped');
$pid = undef;
