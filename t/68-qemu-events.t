#!/usr/bin/perl
# Events and callbacks against real daemons:
#  - a QEMU guest's lifecycle and device events on the shared libvirtd (qemu:///system);
#  - stream callbacks (add_callback/update_callback/remove_callback) on a non-blocking
#    stream downloading a volume of a 'dir' pool on that daemon, with the default loop;
#  - the close callback, when a libvirtd of this test's own (t/lib/OwnDaemon.pm: its own
#    config, socket dir, pid file and port; the shared daemons are never touched) is killed;
#  - credential callbacks against another own libvirtd that requires SASL (DIGEST-MD5 on a
#    loopback TCP listener), with the reference and with ours.
# Everything made here has a name starting with sysvirt-evt- and is removed at the end.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;
use File::Temp qw(tempdir);

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_missing run_perl);
use QemuGuest qw(require_daemon);
use OwnDaemon;
use Sys::Virt;
use Sys::Virt::Event;

Sys::Virt::Event::register_default();
my $conn = require_daemon('qemu:///system');

# Runs the default loop until $cond is true or $secs pass; returns the dies it raised.
sub run_until {
    my ($cond, $secs) = @_;
    my $end = time + $secs;
    my $tick = Sys::Virt::Event::add_timeout(100, sub { });
    my @err;
    until ($cond->() || time > $end) { eval { Sys::Virt::Event::run_default(); 1 } or push @err, $@ }
    Sys::Virt::Event::remove_timeout($tick);
    return @err;
}

# ---- 1. a QEMU guest's lifecycle and device events ----
{
    my $g = QemuGuest->new(conn => $conn, tag => 'evt');
    my (@life, @dev);
    my $D = 'Sys::Virt::Domain';
    my @ids = (
        $conn->domain_event_register_any($g->dom, $D->EVENT_ID_LIFECYCLE,
            sub { push @life, "$_[2]/$_[3]" if $_[1]->get_name eq $g->name }),
        $conn->domain_event_register_any(undef, $D->EVENT_ID_DEVICE_ADDED,
            sub { push @dev, "added $_[2]" if $_[1]->get_name eq $g->name }),
    );
    $g->dom->create;
    $g->dom->suspend;
    $g->dom->resume;
    my $disk2 = $g->dir . '/disk2.img';
    QemuGuest::run_cmd('qemu-img', 'create', '-q', '-f', 'raw', $disk2, '1M');
    my $attached = eval {
        $g->dom->attach_device("<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                               . "<source file='$disk2'/><target dev='sdb' bus='usb'/>"
                               . "<alias name='ua-evtdisk'/></disk>", Sys::Virt::Domain::AFFECT_LIVE);
        1;
    };
    my $attach_err = $@;
    $g->dom->destroy;
    my @err = run_until(sub { grep { m{\A5/} } @life }, 20);
    is_deeply(\@err, [], 'no callback died');
    my $S = sub { join '/', $D->can("EVENT_$_[0]")->(), $D->can("EVENT_$_[1]")->() };
    # QEMU adds events of its own around these (a resume while starting, a shutdown
    # before the stop): the four must come in this order, with these details.
    my @want = ($S->('STARTED', 'STARTED_BOOTED'), $S->('SUSPENDED', 'SUSPENDED_PAUSED'),
                $S->('RESUMED', 'RESUMED_UNPAUSED'), $S->('STOPPED', 'STOPPED_DESTROYED'));
    my @left = @want;
    for my $e (@life) { shift @left if @left && $e eq $left[0] }
    is_deeply(\@left, [], "lifecycle: started, suspended, resumed, stopped, in order, with details (@life)");
    SKIP: {
        skip "attaching a disk to the running guest failed: " . (ref $attach_err ? $attach_err->message : $attach_err), 1
            unless $attached;
        is_deeply(\@dev, ['added ua-evtdisk'], 'device added event with the alias');
    }
    $conn->domain_event_deregister_any($_) for @ids;
    $g->cleanup;
}

# ---- 2. stream callbacks on a volume download ----
{
    my $dir = tempdir('sysvirt-evt-pool-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    chmod 0755, $dir;
    my $name = "sysvirt-evt-pool-$$";
    my $pool = $conn->define_storage_pool("<pool type='dir'><name>$name</name><target><path>$dir</path></target></pool>");
    $pool->create;
    my $size = 3 * 1024 * 1024 + 123;
    my $vol = $pool->create_volume("<volume><name>v.img</name><capacity>$size</capacity>"
                                   . "<target><format type='raw'/></target></volume>");
    {
        open my $fh, '+<', "$dir/v.img" or die "$dir/v.img: $!";
        my $chunk = join '', map { chr(($_ * 7) % 256) } 0 .. 4095;
        print $fh substr($chunk x (int($size / 4096) + 1), 0, $size);
        close $fh;
    }
    my $st = $conn->new_stream(Sys::Virt::Stream::NONBLOCK);
    $vol->download($st, 0, $size);
    my ($got, $calls, $done, $updated, $events_seen) = ('', 0, 0, 0, 0);
    $st->add_callback(Sys::Virt::Stream::EVENT_READABLE, sub {
        my ($s, $events) = @_;
        $calls++;
        $events_seen |= $events;
        die "wrong stream object\n" unless $s == $st;
        while (1) {
            my $buf;
            my $n = $s->recv($buf, 65536);
            if ($n == -2) { return }            # would block: wait for the next event
            if ($n == 0) {                      # end of data
                $done = 1;
                $s->remove_callback;
                return;
            }
            $got .= $buf;
            if (!$updated && length($got) > $size / 2) {
                $s->update_callback(Sys::Virt::Stream::EVENT_READABLE | Sys::Virt::Stream::EVENT_HANGUP);
                $updated = 1;
            }
        }
    });
    my @err = run_until(sub { $done }, 30);
    is_deeply(\@err, [], 'no stream callback died');
    ok($done, "the stream reached its end through callbacks ($calls calls)");
    ok($events_seen & Sys::Virt::Stream::EVENT_READABLE, 'the callback got EVENT_READABLE');
    is(length($got), $size, 'every byte arrived');
    my $want = do { open my $fh, '<', "$dir/v.img" or die; local $/; <$fh> };
    ok($got eq $want, 'the bytes are the volume\'s');
    ok($updated, 'update_callback was called from inside the callback');
    eval { $st->finish };
    eval { $st->remove_callback };
    ok($@, 'remove_callback after removal fails with libvirt\'s error');
    $vol->delete(0);
    $pool->destroy;
    $pool->undefine;
}

# ---- 3. the close callback when a daemon of our own is killed ----
SKIP: {
    my ($d, $why) = OwnDaemon->start(auth => 'none');
    skip "own libvirtd: $why", 5 unless $d;
    my $c = Sys::Virt->new(uri => $d->uri);
    my @closed;
    $c->register_close_callback(sub { push @closed, [ref($_[0]), $_[1]] });
    ok($c->is_alive, 'connected to our own daemon');
    $d->kill;
    my @err = run_until(sub { @closed }, 20);
    is_deeply(\@err, [], 'no callback died');
    is(scalar(@closed), 1, 'the close callback fired once');
    is($closed[0][0], 'Sys::Virt', 'with the connection');
    ok($closed[0][1] == Sys::Virt::CLOSE_REASON_EOF || $closed[0][1] == Sys::Virt::CLOSE_REASON_ERROR,
       "and CLOSE_REASON_EOF or _ERROR (a killed daemon's socket: $closed[0][1])");
    undef $c;
}

# ---- 4. credential callbacks against a daemon that requires SASL ----
SKIP: {
    my ($d, $why) = OwnDaemon->start(auth => 'sasl', users => { 'sysvirt-evt' => 'pa55-word' });
    skip "SASL daemon: $why", 6 unless $d;
    my $script = File::Spec->catfile(File::Spec->tmpdir, "sys-virt-t68-auth-$$.pl");
    open my $fh, '>', $script or die;
    print $fh <<'S';
use strict; use warnings; use Sys::Virt; $| = 1;
print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
my $uri = shift;
sub try {
    my ($label, $answer) = @_;
    my @seen;
    my $c = eval { Sys::Virt->new(uri => $uri, auth => 1,
        credlist => [Sys::Virt::CRED_AUTHNAME, Sys::Virt::CRED_PASSPHRASE],
        callback => sub {
            my ($creds) = @_;
            for my $cr (@$creds) {
                push @seen, join ' ', map { "$_=" . ($cr->{$_} // 'undef') } sort keys %$cr;
            }
            return $answer->($creds);
        }) };
    print "$label CRED: $_\n" for @seen;
    print "$label: ", ($c ? 'connected, ' . ($c->get_hostname ne '' ? 1 : 0) : 'failed: ' . (ref $@ ? $@->message : $@ =~ s/\n//r)), "\n";
}
try(good => sub { $_->{result} = $_->{type} == Sys::Virt::CRED_AUTHNAME ? 'sysvirt-evt' : 'pa55-word' for @{$_[0]}; 0 });
try(wrong => sub { $_->{result} = 'nope' for @{$_[0]}; 0 });
try(refuse => sub { -1 });
try(dies => sub { die "no credentials here\n" });
print "END\n";
S
    close $fh;
    my (undef, $ours, $oerr, $ost) = run_perl('ours', $script, $d->uri);
    is($ost, 0, 'auth script ran (ours)') or diag(join "\n", @$oerr);
    my %l = map { /\A(\w+): (.*)\z/ ? ($1 => $2) : () } @$ours;
    is($l{good}, 'connected, 1', 'the right credentials connect');
    like($l{wrong}, qr/\Afailed: authentication failed/, 'wrong credentials fail with libvirt\'s error');
    like($l{dies}, qr/\Afailed: no credentials here\z/, 'a die in the callback reaches the caller of new');
    ok((grep { /\Agood CRED: challenge=.+ prompt=.+ result=undef type=2\z/ } @$ours), 'the callback got type, prompt, challenge and result')
        or diag(join "\n", @$ours);
    SKIP: {
        skip reference_missing, 1 if defined reference_missing;
        my (undef, $ref, $rerr, $rst) = run_perl('reference', $script, $d->uri);
        is_deeply($ours, $ref, 'the same callback arguments and outcomes as the reference')
            or diag(join "\n", 'reference:', @$ref, @$rerr, 'ours:', @$ours);
    }
    unlink $script;
}

done_testing();
