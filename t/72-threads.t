#!/usr/bin/perl
# Perl threads and fork with live connection, domain and checkpoint objects.
#
# On thread creation perl clones every object into the new thread; each clone takes its
# own libvirt reference, so a thread ending (and destroying its clones) must leave the
# parent's objects working. (The XS reference frees the parent's handles here.)
# fork: the test driver is in-process, so a child can use inherited objects; its exit,
# normal or POSIX::_exit, must not harm the parent.
use strict;
use warnings;
use Config;
BEGIN {
    unless ($Config{useithreads}) {
        require Test::More;
        Test::More::plan(skip_all => 'perl without ithreads');
    }
}
use threads;
use File::Spec;
use threads::shared;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use TestDriver qw(private_uri);
use POSIX ();
use Sys::Virt;

my $URI = private_uri();

sub cpxml { "<domaincheckpoint><name>$_[0]</name></domaincheckpoint>" }

my $c = Sys::Virt->new(uri => $URI);
my $d = $c->get_domain_by_name('test');
my $root = $d->create_checkpoint(cpxml('root'));
my $leaf = $d->create_checkpoint(cpxml('leaf'));
my @list = $d->list_all_checkpoints;

sub parent_ok {
    my ($what) = @_;
    is($c->get_uri, $URI, "$what: parent's connection works");
    is($d->get_name, 'test', "$what: parent's domain works");
    is($root->get_name, 'root', "$what: parent's checkpoint works");
    is($leaf->get_parent->get_name, 'root', "$what: parent's checkpoint calls libvirt");
    is(scalar(grep { $_->get_name } @list), 2, "$what: parent's listed checkpoints work");
}

# 1. A thread that does nothing with the objects.
threads->create(sub { 1 })->join;
parent_ok('after an idle thread');

# 2. Threads that use the inherited objects.
for my $i (1 .. 3) {
    my $r = threads->create(sub {
        my @names = sort map { $_->get_name } $d->list_all_checkpoints;
        my $p = $leaf->get_parent->get_name;
        my $cp = $d->create_checkpoint(cpxml("thr$i"));
        my $n = $cp->get_name;
        $cp->delete;
        return join(',', @names, $p, $n, $c->get_uri);
    })->join;
    is($r, "leaf,root,root,thr$i,$URI", "thread $i used the inherited objects");
}
parent_ok('after threads that used the objects');

# 3. A thread that destroys its clones by hand and drops them.
threads->create(sub {
    $_->DESTROY for $leaf, $root, @list;
    $d->DESTROY;
    $c->DESTROY;
    undef $_ for $leaf, $root, $d, $c;
    @list = ();
    return;
})->join;
parent_ok('after a thread destroyed its clones');

# 4. Nested threads, and a detached thread that ends on its own.
{
    my $r = threads->create(sub {
        threads->create(sub { $root->get_name })->join . '/' . $leaf->get_name;
    })->join;
    is($r, 'root/leaf', 'nested threads use the objects');
    my $done :shared = 0;
    threads->create(sub { $d->get_name; { lock $done; $done = 1; cond_signal $done } })->detach;
    { lock $done; cond_timedwait($done, time + 30) until $done }
    ok($done, 'a detached thread ran');
    select(undef, undef, undef, 0.2);
}
parent_ok('after nested and detached threads');

# 5. Several threads calling libvirt at once, each on its own private state.
{
    my $go :shared = 0;
    my @thr = map {
        my $i = $_;
        threads->create(sub {
            { lock $go; cond_wait $go until $go }
            my $tc = Sys::Virt->new(uri => $URI);
            my $td = $tc->get_domain_by_name('test');
            my $errors = 0;
            my $prev;
            for my $k (1 .. 50) {
                my $cp = eval { $td->create_checkpoint(cpxml("t${i}_$k")) } or do { $errors++; next };
                my $p = eval { $cp->get_parent };
                $errors++ if $prev && (!$p || $p->get_name ne $prev);
                $prev = $cp->get_name;
                # the shared parent objects, concurrently
                $errors++ unless $root->get_name eq 'root';
            }
            my $n = () = $td->list_all_checkpoints;
            return "$n/$errors";
        });
    } 1 .. 6;
    { lock $go; $go = 1; cond_broadcast $go }
    my @r = map { $_->join } @thr;
    is_deeply(\@r, [ ('50/0') x 6 ], 'six threads, 50 checkpoints each on private states, no errors');
}
parent_ok('after concurrent threads');

# 6. Objects created inside a thread and returned: not possible for objects (perl copies
# return values into the parent); returning their names works and the objects die with
# the thread.
{
    my $name = threads->create(sub {
        my $cp = $d->create_checkpoint(cpxml('inthread'));
        my $keep = [ $cp, $cp->get_parent ];
        $cp->get_name;
    })->join;
    is($name, 'inthread', 'objects made in a thread work there');
    is($d->get_checkpoint_by_name('inthread')->get_name, 'inthread', '... and the parent sees the checkpoint');
}

# 7. fork: the child uses inherited objects; its exit does not harm the parent.
for my $how (qw(exit POSIX::_exit die)) {
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        my $ok = eval {
            $leaf->get_parent->get_name eq 'root'
                && $d->create_checkpoint(cpxml("fork$$"))->get_name eq "fork$$";
        };
        if ($how eq 'exit') { exit($ok ? 0 : 1) }
        if ($how eq 'die') { close STDERR; die "child dies\n" unless 0; }
        POSIX::_exit($ok ? 0 : 1);
    }
    waitpid($pid, 0);
    my $st = $?;
    if ($how eq 'die') {
        ok($st >> 8 && !($st & 127), "fork child that dies: non-zero exit, no signal ($st)");
    } else {
        is($st, 0, "fork child ($how) used the inherited objects and exited cleanly");
    }
    parent_ok("after a fork child ($how)");
}

# 8. Event callbacks and threads, in a child (an event loop is registered once per process):
# a thread started while a callback is registered works; callbacks run only in the thread
# that registered them (an event dispatched by another thread's loop is not delivered to
# it); a thread's own registration gets its own events.
{
    my $code = <<'C';
use strict; use warnings; use threads; use Sys::Virt; use Sys::Virt::Event;
Sys::Virt::Event::register_default();
my $c = Sys::Virt->new(uri => 'test:///default');
my $d = $c->get_domain_by_name('test');
my @main;
my $id = $c->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub { push @main, $_[2] });
sub drain { my $done; my $t = Sys::Virt::Event::add_timeout(30, sub { $done = 1 });
            Sys::Virt::Event::run_default() until $done; Sys::Virt::Event::remove_timeout($t) }
my $r = threads->create(sub {
    my $c2 = Sys::Virt->new(uri => 'test:///default');
    my $d2 = $c2->get_domain_by_name('test');
    my @mine;
    my $id2 = $c2->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub { push @mine, $_[2] });
    $d2->suspend; $d2->resume;
    drain();
    $c2->domain_event_deregister_any($id2);
    drain();
    return "@mine";
})->join;
print "THREAD: $r\n";
$d->suspend; $d->resume;
drain();
print "MAIN: @main\n";
$c->domain_event_deregister_any($id);
drain();
print "END\n";
C
    my @inc = map { "-I$_" } grep { !ref } @INC;
    my $file = File::Spec->catfile(File::Spec->tmpdir, "sys-virt-t72-events-$$.pl");
    open my $fh, '>', $file or die "$file: $!";
    print $fh $code;
    close $fh;
    my $pid = open(my $out_fh, '-|') // die "fork: $!";
    if (!$pid) { open STDERR, '>&', \*STDOUT; exec $^X, @inc, $file or POSIX::_exit(127) }
    my $out = join '', <$out_fh>;
    close $out_fh;
    my $st = $?;
    unlink $file;
    is($st, 0, 'events with threads: the child exited cleanly') or diag($out);
    like($out, qr/^THREAD: 3 4$/m, "a thread's own callback gets its connection's events");
    like($out, qr/^MAIN: 3 4$/m, "the main thread's callback gets its own, none of the thread's");
    like($out, qr/^END$/m, 'and the child reached its end');
}

done_testing();
