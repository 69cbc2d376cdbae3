#!/usr/bin/perl
# libvirt-qemu's calls on the real daemon (tools/libvirtd.sh), with a QEMU guest of this
# test (named sysvirt-qmp-..., removed at the end):
#  - query-status and query-version through the monitor (QMP), and HMP, compared with what
#    `virsh qemu-monitor-command` and `qemu-system-x86_64 --version` say;
#  - a descriptor passed with a command (getfd, closefd);
#  - the guest agent's error when the guest runs no agent;
#  - monitor events: STOP on suspend and RESUME (a case-insensitive regex) on resume at
#    Perl callbacks, with their arguments; none after deregistering; a callback's die;
#  - qemu_attach and the LXC calls answer "not supported" from the QEMU driver;
#  - the QEMU calls from a Perl thread and from a child made by fork;
#  - eg/daemon-clients.pl prints what `virt-admin client-list libvirtd` and
#    `virsh qemu-monitor-command` print.
use strict;
use warnings;
use Test::More;
use Config;
use File::Basename qw(dirname);
use File::Spec;
use JSON::PP ();
use POSIX ();

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use QemuGuest qw(require_daemon run_cmd);
use Sys::Virt;
use Sys::Virt::Event;

Sys::Virt::Event::register_default();
my $conn = require_daemon('qemu:///system');
my $ROOT = File::Spec->rel2abs(File::Spec->catdir(dirname(__FILE__), File::Spec->updir));
my $D = 'Sys::Virt::Domain';

my $g = QemuGuest->new(conn => $conn, tag => 'qmp');
my $PARENT = $$;
END { $g->cleanup if $g && $$ == $PARENT }
my $dom = $g->dom;
$dom->create;

sub run_until {
    my ($cond, $secs) = @_;
    my $end = time + $secs;
    my $tick = Sys::Virt::Event::add_timeout(100, sub { });
    my @err;
    until ($cond->() || time > $end) { eval { Sys::Virt::Event::run_default(); 1 } or push @err, $@ }
    Sys::Virt::Event::remove_timeout($tick);
    return @err;
}
sub json { JSON::PP::decode_json($_[0]) }
sub have { my $t = shift; grep { -x "$_/$t" } split /:/, $ENV{PATH} // '' }

# ---- the monitor ----
my $status = $dom->qemu_monitor_command('{"execute":"query-status"}');
my $st = eval { json($status) } // {};
is($st->{return}{status}, 'running', 'query-status through the monitor: running');
ok($st->{return}{running}, '... running is true');
like($st->{id} // '', qr/\Alibvirt-\d+\z/, '... with libvirt\'s command id');

my $ver = eval { json($dom->qemu_monitor_command('{"execute":"query-version"}', $D->QEMU_MONITOR_COMMAND_DEFAULT)) } // {};
my $q = $ver->{return}{qemu} // {};
my ($rc, $vout) = run_cmd('qemu-system-x86_64', '--version');
my ($want) = $vout =~ /version (\d+\.\d+\.\d+)/;
is(join('.', map { $q->{$_} // '?' } qw(major minor micro)), $want,
   "query-version: the version qemu-system-x86_64 --version gives ($want)");

like($dom->qemu_monitor_command('info status', $D->QEMU_MONITOR_COMMAND_HMP), qr/\AVM status: running\r?\n\z/,
     'HMP info status: running');
like($dom->qemu_monitor_command('{"execute":"no-such-command"}'), qr/"error":\{"class":"CommandNotFound"/,
     'a command QEMU does not know: its error, as the reply');
SKIP: {
    skip 'no virsh', 1 unless have('virsh');
    my ($rc, $out) = run_cmd('virsh', '-c', 'qemu:///system', 'qemu-monitor-command', $g->name,
                             '{"execute":"query-status"}');
    (my $ours = $dom->qemu_monitor_command('{"execute":"query-status"}')) =~ s/"id":"[^"]*"/"id":ID/;
    $out =~ s/"id":"[^"]*"/"id":ID/;
    $out =~ s/\s+\z//;
    is($ours, $out, 'the reply is what virsh qemu-monitor-command prints (but the command id)');
}

# The async form (Sys::Virt::Async): the command runs on a worker.
{
    require Sys::Virt::Async;
    my $f = $dom->async->qemu_monitor_command('{"execute":"query-status"}');
    is(eval { json($f->get)->{return}{status} }, 'running', 'qemu_monitor_command through $dom->async: a Future of the reply')
        or diag($@);
}

# A descriptor with the command: QMP's getfd takes one, closefd lets it go.
{
    open my $fh, '<', '/dev/null' or die;
    my ($reply, @out) = $dom->qemu_monitor_command_with_files(
        '{"execute":"getfd","arguments":{"fdname":"sysvirt"}}', [$fh]);
    is_deeply(eval { json($reply)->{return} }, {}, 'getfd with a file handle: QEMU took it');
    is(scalar(@out), 0, '... and passed none back');
    is_deeply(eval { json($dom->qemu_monitor_command('{"execute":"closefd","arguments":{"fdname":"sysvirt"}}'))->{return} },
              {}, 'closefd: QEMU had it under that name');
    like($dom->qemu_monitor_command('{"execute":"closefd","arguments":{"fdname":"sysvirt"}}'), qr/"error"/,
         '... and has it no more');
}

# ---- the agent ----
for my $timeout ([5 => 5], [NOWAIT => $D->QEMU_AGENT_COMMAND_NOWAIT], [BLOCK => $D->QEMU_AGENT_COMMAND_BLOCK]) {
    my $e = eval { $dom->qemu_agent_command('{"execute":"guest-ping"}', $timeout->[1]); 1 } ? undef : $@;
    ok(ref $e && $e->isa('Sys::Virt::Error'), "agent command (timeout $timeout->[0]) without an agent dies with an error object");
    is(ref $e && $e->code, 74, '... code 74 (argument unsupported)');
    like(ref $e && $e->message, qr/guest agent is not configured/, '... "QEMU guest agent is not configured"');
}

# ---- monitor events ----
{
    my (@stop, @any);
    my $id1 = $conn->qemu_monitor_event_register($dom, 'STOP', sub { push @stop, [@_] });
    my $id2 = $conn->qemu_monitor_event_register(undef, 'resum.*', sub {
        push @any, [@_] if $_[1]->get_name eq $g->name;
    }, Sys::Virt::QEMU_MONITOR_EVENT_REGISTER_REGEX | Sys::Virt::QEMU_MONITOR_EVENT_REGISTER_NOCASE);
    like($id1, qr/\A\d+\z/, "registered for STOP (id $id1)");
    isnt($id2, $id1, "... and for /resum.*/i (id $id2)");
    my $t0 = time;
    $dom->suspend;
    my @err = run_until(sub { @stop }, 30);
    is_deeply(\@err, [], 'no callback died');
    is(scalar(@stop), 1, 'suspend: one STOP event at the callback');
    my ($c, $d, $name, $secs, $us, $details) = @{ $stop[0] // [] };
    isa_ok($c, 'Sys::Virt', '... its first argument');
    is($c && $$c, $$conn, '... the connection registered on');
    isa_ok($d, 'Sys::Virt::Domain', '... then the domain');
    is($d && $d->get_name, $g->name, '... the guest');
    is($name, 'STOP', '... the event\'s name');
    ok(defined $secs && $secs >= $t0 - 5 && $secs <= time + 5, "... its time in seconds ($secs)");
    ok(defined $us && $us =~ /\A\d+\z/ && $us < 1_000_000, "... and microseconds ($us)");
    ok(!defined $details || eval { json($details); 1 }, '... and its details: undef or JSON');
    $dom->resume;
    @err = run_until(sub { @any }, 30);
    is(scalar(@any), 1, 'resume: one RESUME at the regex callback');
    is($any[0][2], 'RESUME', '... named RESUME');
    is(scalar(@stop), 1, '... and no STOP more');

    $conn->qemu_monitor_event_deregister($id1);
    $conn->qemu_monitor_event_deregister($id2);
    ok(!eval { $conn->qemu_monitor_event_deregister($id1); 1 }, 'deregistering again dies');
    is(ref $@ && $@->code, 8, '... with libvirt\'s invalid-argument error') or diag($@);
    $dom->suspend;
    $dom->resume;
    run_until(sub { 0 }, 2);
    is(scalar(@stop) + scalar(@any), 2, 'after deregistering, no more events');

    my $id3 = $conn->qemu_monitor_event_register($dom, undef, sub { die "callback died\n" if $_[2] eq 'STOP' });
    $dom->suspend;
    my @died = run_until(sub { 0 }, 3);
    is_deeply(\@died, ["callback died\n"], 'a callback\'s die is raised by the loop call');
    $conn->qemu_monitor_event_deregister($id3);
    $dom->resume;
}

# ---- the calls the QEMU driver does not have ----
{
    my $qpid = do { my $fh; open($fh, '<', '/var/run/libvirt/qemu/' . $g->name . '.pid') ? <$fh> : undef };
    chomp $qpid if defined $qpid;
    ok(!eval { $conn->qemu_attach($qpid // 1); 1 }, 'qemu_attach of the guest\'s QEMU process dies');
    is(ref $@ && $@->code, 3, '... not supported (removed from libvirt in 5.5.0)');
    ok(!eval { $dom->lxc_open_namespace; 1 }, 'lxc_open_namespace of a QEMU guest dies');
    is(ref $@ && $@->code, 3, '... not supported by the QEMU driver');
}

# ---- threads and fork ----
SKIP: {
    skip 'perl without threads', 2 unless $Config{useithreads};
    require threads;
    my $r = threads->create(sub {
        my $s = eval { json($dom->qemu_monitor_command('{"execute":"query-status"}'))->{return}{status} };
        ($s // "failed: $@") . ' ' . $conn->get_uri;
    })->join;
    is($r, 'running qemu:///system', 'a Perl thread sends monitor commands through the copied objects')
        or diag($r);
    is(eval { json($dom->qemu_monitor_command('{"execute":"query-status"}'))->{return}{status} }, 'running',
       '... and the parent\'s still work');
}
{
    local $SIG{PIPE} = 'IGNORE';
    pipe(my $rd, my $wr) or die;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        close $rd;
        my $s = eval { json($dom->qemu_monitor_command('{"execute":"query-status"}'))->{return}{status} } // 'failed';
        print {$wr} "$s\n";
        close $wr;
        exit 0;
    }
    close $wr;
    my $s = <$rd>;
    waitpid $pid, 0;
    is($s, "running\n", 'a child made by fork sends monitor commands through the inherited objects');
    is(eval { json($dom->qemu_monitor_command('{"execute":"query-status"}'))->{return}{status} }, 'running',
       '... and the parent\'s still work after it exited');
}

# ---- the example ----
SKIP: {
    skip 'no virt-admin and virsh', 2 unless have('virt-admin') && have('virsh');
    skip 'no admin socket', 2 unless -S '/var/run/libvirt/libvirt-admin-sock';
    my ($ok, $va, $eg, $vs);
    # Another program's connection may come or go between the two lists: try again.
    for (1 .. 3) {
        (undef, $va) = run_cmd('virt-admin', '-c', 'libvirtd:///system', 'client-list', 'libvirtd');
        (undef, $eg) = run_cmd($^X, (map { "-I$_" } grep { !ref } @INC), "$ROOT/eg/daemon-clients.pl", $g->name);
        (undef, $vs) = run_cmd('virsh', '-c', 'qemu:///system', 'qemu-monitor-command', $g->name,
                               '{"execute":"query-status"}');
        last if index($eg, $va) == 0;
    }
    is(substr($eg, 0, length $va), $va, 'eg/daemon-clients.pl lists the clients as virt-admin client-list prints them')
        or diag("virt-admin:\n$va\nours:\n$eg");
    (my $reply = substr($eg, length $va)) =~ s/"id":"[^"]*"/"id":ID/;
    $vs =~ s/"id":"[^"]*"/"id":ID/;
    s/\s+\z// for $reply, $vs;
    is($reply, $vs, '... then the reply to query-status as virsh qemu-monitor-command prints it (but the id)');
}

done_testing();
