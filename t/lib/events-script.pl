#!/usr/bin/perl
# Events on libvirt's test driver, printed one per line, run by t/55-events.t with the
# reference Sys::Virt and with ours, whose outputs must be the same. Argument: "default"
# (libvirt's default event loop) or "perl" (t/lib/EventLoop.pm, a loop written in Perl).
# Only what the reference does sanely is here; dying callbacks, where it loses events, are
# tested with ours alone in t/55.

use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use Sys::Virt;
use Sys::Virt::Event;
use EventLoop;

print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
$| = 1;

my $mode = shift // 'default';
my $loop;
if ($mode eq 'perl') {
    $loop = EventLoop->new;
    Sys::Virt::Event::register($loop);
} else {
    Sys::Virt::Event::register_default();
}
sub iterate { $loop ? $loop->run_once(1) : Sys::Virt::Event::run_default() }
sub loop_log { print "LOOP: $_\n" for $loop ? $loop->log_of : () }

# Runs the loop until a 30 ms timer fires: every event queued before is delivered by then.
sub drain {
    my $done = 0;
    my $t = Sys::Virt::Event::add_timeout(30, sub { $done++ });
    iterate() until $done;
    Sys::Virt::Event::remove_timeout($t);
    iterate();    # lets a Perl loop free the removed timer
}

sub show {
    my $v = shift;
    return 'undef' unless defined $v;
    if (ref($v) eq 'HASH') {
        return '{' . join(',', map { "$_=" . show($v->{$_}) } sort keys %$v) . '}';
    }
    if (ref($v) eq 'ARRAY') {
        return '[' . join(',', map { show($_) } @$v) . ']';
    }
    if (ref($v) && $v->can('get_name')) {
        return ref($v) . '(' . $v->get_name . ')';
    }
    return ref($v) ? ref($v) : "$v";
}

my @EVENTS;
sub recorder {
    my ($tag) = @_;
    return sub { push @EVENTS, "$tag " . join(' ', map { show($_) } @_) };
}
sub flush_events { print "EV: $_\n" for @EVENTS; @EVENTS = () }

my $conn = Sys::Virt->new(uri => 'test:///default');
loop_log();
my $D = 'Sys::Virt::Domain';

# 1. Domain lifecycle, every domain.
my $lifecycle_id = $conn->domain_event_register_any(undef, $D->EVENT_ID_LIFECYCLE, recorder('lifecycle'));
print "ID lifecycle: $lifecycle_id\n";
my $id;
loop_log();
my $xml = "<domain type='test'><name>evt-a</name><memory>65536</memory>"
        . "<os><type>hvm</type></os></domain>";
my $dom = $conn->define_domain($xml);
$dom->create;
$dom->suspend;
$dom->resume;
drain();
flush_events();
$dom->reboot(0);
$dom->shutdown;
drain();
flush_events();

# 2. More IDs at once, and a filter on one domain.
my @ids;
push @ids, $conn->domain_event_register_any($dom, $D->EVENT_ID_LIFECYCLE, recorder('evt-a-only'));
push @ids, $conn->domain_event_register_any(undef, $D->EVENT_ID_REBOOT, recorder('reboot'));
push @ids, $conn->domain_event_register_any(undef, $D->EVENT_ID_TUNABLE, recorder('tunable'));
push @ids, $conn->domain_event_register_any(undef, $D->EVENT_ID_BALLOON_CHANGE, recorder('balloon'));
push @ids, $conn->domain_event_register_any(undef, $D->EVENT_ID_DEVICE_ADDED, recorder('device-added'));
print "IDS: @ids\n";
my $test = $conn->get_domain_by_name('test');
$test->suspend;
$test->resume;
$dom->create;
$dom->reboot(0);
eval { $dom->set_memory(32768) };
eval { $test->set_scheduler_parameters({ weight => 100 }) };
$dom->destroy;
drain();
flush_events();
$conn->domain_event_deregister_any($_) for @ids, $lifecycle_id;

# 3. A callback that deregisters itself: one event only. One that registers another (for
# another ID: libvirt takes one registration per event ID and filter on a connection).
my $self_id;
$self_id = $conn->domain_event_register_any($test, $D->EVENT_ID_LIFECYCLE, sub {
    push @EVENTS, "self-deregister " . show($_[1]) . " $_[2]";
    $conn->domain_event_deregister_any($self_id);
});
eval { $conn->domain_event_register_any($test, $D->EVENT_ID_LIFECYCLE, sub {}) };
print "DUPLICATE: ", (ref($@) ? $@->message : $@ || 'accepted'), "\n";
my $late;
my $adder = $conn->domain_event_register_any(undef, $D->EVENT_ID_LIFECYCLE, sub {
    push @EVENTS, "adder " . show($_[1]) . " $_[2]";
    $late //= $conn->domain_event_register_any(undef, $D->EVENT_ID_REBOOT, recorder('late'));
});
$test->suspend;
$test->resume;
drain();
$test->suspend;
$test->resume;
$test->reboot(0);
drain();
flush_events();
$conn->domain_event_deregister_any($_) for $adder, $late;

# 4. The legacy registration.
$conn->domain_event_register(recorder('legacy'));
$test->suspend;
$test->resume;
drain();
$conn->domain_event_deregister();
$test->suspend;
$test->resume;
drain();
flush_events();

# 5. Networks and storage pools.
$id = $conn->network_event_register_any(undef, Sys::Virt::Network::EVENT_ID_LIFECYCLE, recorder('network'));
print "ID network: $id\n";
my $net = $conn->define_network("<network><name>evt-net</name><bridge name='virbrevt0'/>"
                                . "<ip address='192.168.222.1' netmask='255.255.255.0'/></network>");
$net->create;
$net->destroy;
$net->undefine;
drain();
flush_events();
$conn->network_event_deregister_any($id);

my @pids = (
    $conn->storage_pool_event_register_any(undef, Sys::Virt::StoragePool::EVENT_ID_LIFECYCLE, recorder('pool')),
    $conn->storage_pool_event_register_any(undef, Sys::Virt::StoragePool::EVENT_ID_REFRESH, recorder('pool-refresh')),
);
print "IDS pool: @pids\n";
my $pool = $conn->define_storage_pool("<pool type='dir'><name>evt-pool</name>"
                                      . "<target><path>/evt-pool</path></target></pool>");
$pool->create;
$pool->refresh;
$pool->destroy;
$pool->undefine;
drain();
flush_events();
$conn->storage_pool_event_deregister_any($_) for @pids;

# 6. Node devices and secrets: registration only (nothing here makes their events).
$id = $conn->node_device_event_register_any(undef, 0, recorder('nodedev'));
print "ID nodedev: $id\n";
$conn->node_device_event_deregister_any($id);
$id = eval { $conn->secret_event_register_any(undef, 1, recorder('secret')) };
print "ID secret: ", $id // (ref($@) ? $@->message : $@), "\n";
$conn->secret_event_deregister_any($id // 0);
for my $m (qw(domain network storage_pool node_device secret)) {
    my $reg = "${m}_event_register_any";
    eval { $conn->$reg(undef, 9999, sub {}) };
    print "BADID $m: ", (ref($@) ? $@->message : $@), "\n";
}

# 7. Timers and the close callback of an in-process driver (accepted, never called).
my @fired;
my $t1 = Sys::Virt::Event::add_timeout(0, sub { push @fired, "t1 @_" });
print "TIMER: ", ($t1 > 0 ? 'positive' : $t1), "\n";
iterate();
Sys::Virt::Event::update_timeout($t1, -1);
drain();
Sys::Virt::Event::remove_timeout($t1);
print "FIRED: ", scalar(@fired), " first=", ($fired[0] =~ s/\d+/N/gr), "\n";
$conn->register_close_callback(recorder('close'));
$conn->unregister_close_callback();
flush_events();

# 8. Undefine, then the last events.
$id = $conn->domain_event_register_any(undef, $D->EVENT_ID_LIFECYCLE, recorder('final'));
$dom->undefine;
drain();
flush_events();
$conn->domain_event_deregister_any($id);
undef $dom;
undef $test;
undef $conn;
drain();
loop_log();
print "END\n";
