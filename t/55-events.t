#!/usr/bin/perl
# Events on libvirt's test driver.
#
# 1. Differential: t/lib/events-script.pl runs with the reference Sys::Virt and with ours,
#    with libvirt's default event loop and with a loop written in Perl (t/lib/EventLoop.pm);
#    which events arrive, in which order, with which arguments, and what the Perl loop is
#    asked to do must be the same.
# 2. Ours alone, where the reference is not sane: a callback that dies (the reference lets
#    the die unwind through libvirt and loses the events queued behind it), callbacks that
#    close the connection, forged references given to the Perl loop's helpers, callback data
#    freed exactly once, and memory over 100,000 register/deregister cycles.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason run_perl);
use Differential qw(run_both compare_lines);
use Sys::Virt;
use Sys::Virt::Event;

my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'events-script.pl'));

SKIP: {
    my $no_ref = reference_skip_reason('Sys/Virt/Event.pm');
    skip $no_ref, 2 if defined $no_ref;
    for my $mode (qw(default perl)) {
        subtest "the same events as the reference, $mode event loop" => sub {
            my ($ref_out, $our_out) = run_both($script, 40, $mode);
            cmp_ok(scalar(grep { /\AEV: / } @$ref_out), '>=', 25, 'the reference saw plenty of events');
            compare_lines($ref_out, $our_out, max => 30,
                          summary => sub { "$_[0] lines identical" },
                          count => 'same number of lines');
        };
    }
}

# ---- ours alone, in child perls (an event loop is registered once per process) ----

# Runs perl code in a child with our module; returns (stdout lines, stderr lines, status).
sub ours {
    my ($code, @args) = @_;
    my $file = File::Spec->catfile(File::Spec->tmpdir, "sys-virt-t55-$$.pl");
    open my $fh, '>', $file or die "$file: $!";
    print $fh "use strict; use warnings; use lib '" . File::Spec->catdir(dirname(__FILE__), 'lib')
            . "'; use Sys::Virt; use Sys::Virt::Event; use EventLoop; \$| = 1;\n"
            . "print STDERR \"Sys/Virt.pm: \$INC{'Sys/Virt.pm'}\\n\";\n$code\nprint \"END\\n\";\n";
    close $fh;
    my (undef, $out, $err, $status) = run_perl('ours', $file, @args);
    unlink $file;
    return ($out, $err, $status);
}

my $PRELUDE = <<'P';
my $mode = shift;
my $loop;
if ($mode eq 'perl') { $loop = EventLoop->new; Sys::Virt::Event::register($loop) }
else { Sys::Virt::Event::register_default() }
sub iterate { $loop ? $loop->run_once(1) : Sys::Virt::Event::run_default() }
sub drain {
    my $done = 0;
    my $t = Sys::Virt::Event::add_timeout(30, sub { $done++ });
    my @err;
    until ($done) { eval { iterate(); 1 } or push @err, $@ }
    Sys::Virt::Event::remove_timeout($t);
    iterate();
    return @err;
}
my $conn = Sys::Virt->new(uri => 'test:///default');
my $test = $conn->get_domain_by_name('test');
P

for my $mode (qw(default perl)) {
    my ($out, $err, $status) = ours($PRELUDE . <<'S', $mode);
# Two queued events; the callback dies on the first.
my @seen;
my $id = $conn->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub {
    push @seen, $_[2];
    die "callback died on event $_[2]\n" if @seen == 1;
});
$test->suspend;
$test->resume;
my @err = drain();
print "SEEN: @seen\n";
print "ERRORS: ", scalar(@err), "\n";
print "ERROR: $_" for @err;
# The loop still works afterwards.
$test->suspend;
$test->resume;
@err = drain();
print "AFTER: @seen errors=", scalar(@err), "\n";
$conn->domain_event_deregister_any($id);

# A die object (not a string) comes through as it is.
$id = $conn->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub {
    die bless({ event => $_[2] }, 'My::Error');
});
$test->suspend;
@err = drain();
print "OBJECT: ", ref($err[0]), " event=$err[0]{event}\n";
$conn->domain_event_deregister_any($id);
$test->resume;
drain();

# A callback that closes its connection (drops the last Perl reference to it and
# deregisters itself) while other events are queued.
my $c2 = Sys::Virt->new(uri => 'test:///default');
my $t2 = $c2->get_domain_by_name('test');
my @c2seen;
my $cid;
$cid = $c2->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub {
    my ($c, $d, $ev) = @_;
    push @c2seen, $ev;
    $c->domain_event_deregister_any($cid);
    undef $c2;
    undef $t2;
});
$t2->suspend;
$t2->resume;
@err = drain();
print "CLOSED: @c2seen errors=", scalar(@err), " c2=", (defined $c2 ? 'alive' : 'gone'), "\n";

# Freed exactly once: the callback holds an object that counts its DESTROY calls.
package Counted { our $n = 0; sub new { bless {}, shift } sub DESTROY { $n++ } }
{
    my $cb = do { my $held = Counted->new; sub { $held } };
    my $fid = $conn->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_REBOOT, $cb);
    undef $cb;
    print "BEFORE: $Counted::n\n";
    $conn->domain_event_deregister_any($fid);
    drain();
    print "FREED: $Counted::n\n";
    $conn->domain_event_deregister_any($fid);
    drain();
    print "FREED AGAIN: $Counted::n\n";
}
S
    is($status, 0, "$mode loop: the child ran to its end") or diag(join "\n", @$err, @$out);
    my %l = map { /\A(\w[\w ]*): ?(.*)\z/ ? ($1 => $2) : () } @$out;
    is($l{SEEN}, '3 4', "$mode loop: both queued events reached the callback that died on the first");
    is($l{ERRORS}, 1, "$mode loop: the die reached the caller once");
    is($l{ERROR}, 'callback died on event 3', "$mode loop: with its message");
    is($l{AFTER}, '3 4 3 4 errors=0', "$mode loop: later events are delivered normally");
    is($l{OBJECT}, 'My::Error event=3', "$mode loop: a die object reaches the caller as it is");
    is($l{CLOSED}, '3 errors=0 c2=gone', "$mode loop: a callback may close its connection and deregister itself");
    is($l{BEFORE}, 0, "$mode loop: callback data alive while registered");
    is($l{FREED}, 1, "$mode loop: freed once when libvirt drops the registration");
    is($l{'FREED AGAIN'}, 1, "$mode loop: and never again");
}

# The Perl loop's helpers refuse references libvirt did not give, and free once.
{
    my ($out, $err, $status) = ours(<<'S');
my $loop = EventLoop->new;
Sys::Virt::Event::register($loop);
my $conn = Sys::Virt->new(uri => 'test:///default');
my $id = $conn->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub {});
my ($t) = values %{ $loop->{timers} };
for my $case ([forged => \ 12345, \ 12345], [mixed => $t->{cb}, \ 999], [unblessed_hash => {}, {}],
              [number => 42, 42], [undef => undef, undef]) {
    my ($name, $cb, $op) = @$case;
    eval { Sys::Virt::Event::_run_timeout_callback_helper(1, $cb, $op) };
    print "RUN $name: ", ($@ ? ($@ =~ /not a live callback reference|different registrations/ ? 'refused' : "other: $@") : 'ran'), "\n";
    eval { Sys::Virt::Event::_free_callback_opaque_helper($cb, $op) };
    print "FREE $name: ", ($@ ? ($@ =~ /not a live callback reference|different registrations/ ? 'refused' : "other: $@") : 'ran'), "\n";
}
eval { Sys::Virt::Event::_run_handle_callback_helper(1, 0, 1, $t->{cb}, $t->{opaque}) };
print "KIND: ", ($@ =~ /not a handle callback/ ? 'refused' : "other: $@"), "\n";
$conn->domain_event_deregister_any($id);
undef $conn;
$loop->run_once(0) for 1 .. 3;
eval { Sys::Virt::Event::_free_callback_opaque_helper($t->{ff}, $t->{opaque}) };
print "STALE: ", ($@ =~ /not a live callback reference/ ? 'refused' : "other: $@"), "\n";
S
    is($status, 0, 'helpers: the child ran to its end') or diag(join "\n", @$err, @$out);
    my %l = map { /\A(\w[\w ]*): (.*)\z/ ? ($1 => $2) : () } @$out;
    for my $case (qw(forged mixed unblessed_hash number undef)) {
        is($l{"RUN $case"}, 'refused', "run helper refuses $case references");
        is($l{"FREE $case"}, 'refused', "free helper refuses $case references");
    }
    is($l{KIND}, 'refused', 'a timer given to the handle helper is refused');
    is($l{STALE}, 'refused', 'a second free of the same registration is refused, not run');
}

# A die inside the Perl loop's own method (called by libvirt) fails libvirt's request and
# reaches the program at the next loop call; nothing crashes.
{
    my ($out, $err, $status) = ours(<<'S');
package DyingLoop { our @ISA = ('EventLoop'); sub add_timeout { die "no timers today\n" } }
my $loop = DyingLoop->new;
Sys::Virt::Event::register($loop);
my $conn = Sys::Virt->new(uri => 'test:///default');
my $r = eval { $conn->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub {}) };
print "REGISTER: ", (defined $r ? "id $r" : 'failed: ' . (ref($@) ? 'libvirt error' : $@ =~ s/\n//r)), "\n";
S
    is($status, 0, 'dying loop method: the child ran to its end') or diag(join "\n", @$err, @$out);
    my ($line) = grep { /\AREGISTER: / } @$out;
    like($line // '', qr/\AREGISTER: (failed: (no timers today|libvirt error)|id \d+)\z/,
         "a die in the loop's add_timeout is raised or reported, not a crash ($line)");
}

# Memory: 100,000 register/deregister cycles (with a drain every 1000, so libvirt frees
# what it marked) must not grow the process.
{
    my ($out, $err, $status) = ours($PRELUDE . <<'S', 'default');
sub rss { open my $f, '<', "/proc/$$/status" or return 0; while (<$f>) { return $1 if /^VmRSS:\s+(\d+)/ } 0 }
my $cycle = sub {
    for my $i (1 .. $_[0]) {
        my $id = $conn->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub { $i });
        $conn->domain_event_deregister_any($id);
        my $t = Sys::Virt::Event::add_timeout(-1, sub { $i });
        Sys::Virt::Event::remove_timeout($t);
        drain() if $i % 1000 == 0;
    }
};
$cycle->(10_000);
my $before = rss();
$cycle->(100_000);
my $after = rss();
print "RSS: $before $after\n";
S
    is($status, 0, 'leak check: the child ran to its end') or diag(join "\n", @$err, @$out);
    my ($before, $after) = map { /\ARSS: (\d+) (\d+)/ ? ($1, $2) : () } @$out;
    ok(defined $after && $after - $before < 2048,
       'RSS grows by less than 2 MiB over 100,000 cycles (' . ($before // '?') . ' kB -> ' . ($after // '?') . ' kB)');
}

done_testing();
