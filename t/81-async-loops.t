#!/usr/bin/perl
# The event-loop adapters of Sys::Virt::Async: under IO::Async, AnyEvent and Mojo::IOLoop,
# attach makes the loop dispatch results, so Futures complete and their callbacks run
# inside the loop while it runs (and not before). Under AnyEvent, libvirt's own event
# integration (a Sys::Virt::EventImpl written on AnyEvent) runs beside it in the same
# loop: lifecycle events of calls made through the proxy arrive. Each loop runs in a child
# perl of its own (an event loop implementation is registered once per process).
use strict;
use warnings;
use Test::More;
use File::Spec;
use Sys::Virt;

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}

my @INCS = map { "-I$_" } grep { !ref } @INC;

sub child {
    my ($code) = @_;
    my $file = File::Spec->catfile(File::Spec->tmpdir, "sys-virt-t81-$$.pl");
    open my $fh, '>', $file or die "$file: $!";
    print $fh "use strict; use warnings; use Sys::Virt; require Sys::Virt::Async; \$| = 1;\n$code";
    close $fh;
    my @out = `$^X @INCS $file 2>&1`;
    my $status = $?;
    unlink $file;
    chomp @out;
    return ($status, @out);
}

# What each loop's child prints: the order of things, then "END".
my $CALLS = <<'PERL';
my $c = Sys::Virt->new(uri => 'test:///default');
my $d = $c->get_domain_by_name('test');
my @got;
my $f1 = $c->async->get_hostname->on_done(sub { push @got, "hostname" });
my $f2 = $d->async->get_info->on_done(sub { push @got, "info:" . (ref $_[0]) });
my $f3 = $c->async->get_domain_by_name('nope')->on_fail(sub { push @got, "fail:" . ref($_[0]) . ':' . $_[0]->code });
select(undef, undef, undef, 0.2);
print "before loop: ", scalar(@got), " callbacks\n";
my $all = Future->wait_all($f1, $f2, $f3);
PERL

SKIP: {
    skip 'IO::Async (libio-async-perl) is not installed', 2 unless eval { require IO::Async::Loop; 1 };
    my ($st, @out) = child($CALLS . <<'PERL');
use IO::Async::Loop;
require Sys::Virt::Async::IOAsync;
my $loop = IO::Async::Loop->new;
Sys::Virt::Async::IOAsync->attach($loop);
Sys::Virt::Async::IOAsync->attach($loop);    # twice: no second watcher
$all->on_ready(sub { $loop->stop });
$loop->watch_time(after => 10, code => sub { print "timeout\n"; $loop->stop });
$loop->run;
print "in loop: @got\n";
print "END\n";
PERL
    is($st, 0, 'IO::Async: the child ran cleanly') or diag(join "\n", @out);
    is_deeply(\@out, ['before loop: 0 callbacks', 'in loop: ' . join(' ', sort_like(@out)), 'END'],
              'IO::Async: the callbacks ran in the loop, not before');
}

SKIP: {
    skip 'Mojo::IOLoop (libmojolicious-perl) is not installed', 2 unless eval { require Mojo::IOLoop; 1 };
    my ($st, @out) = child($CALLS . <<'PERL');
use Mojo::IOLoop;
require Sys::Virt::Async::Mojo;
Sys::Virt::Async::Mojo->attach(Mojo::IOLoop->singleton);
$all->on_ready(sub { Mojo::IOLoop->stop });
Mojo::IOLoop->timer(10 => sub { print "timeout\n"; Mojo::IOLoop->stop });
Mojo::IOLoop->start;
print "in loop: @got\n";
print "END\n";
PERL
    is($st, 0, 'Mojo: the child ran cleanly') or diag(join "\n", @out);
    is_deeply(\@out, ['before loop: 0 callbacks', 'in loop: ' . join(' ', sort_like(@out)), 'END'],
              'Mojo: the callbacks ran in the loop, not before');
}

SKIP: {
    skip 'AnyEvent (libanyevent-perl) is not installed', 3 unless eval { require AnyEvent; 1 };
    my ($st, @out) = child(<<'PERL' . $CALLS . <<'PERL2');
use AnyEvent;
# libvirt's events through a loop implementation written on AnyEvent.
package AELoop;
our @ISA = ('Sys::Virt::EventImpl');
sub new { bless { n => 1, w => {} }, shift }
sub add_handle {
    my ($s, $fd, $ev, $cb, $op, $ff) = @_;
    my $id = $s->{n}++;
    $s->{w}{$id} = { fd => $fd, cb => $cb, op => $op, ff => $ff };
    $s->update_handle($id, $ev);
    return $id;
}
sub update_handle {
    my ($s, $id, $ev) = @_;
    my $h = $s->{w}{$id} or return;
    delete @$h{qw(r w)};
    $h->{r} = AnyEvent->io(fh => $h->{fd}, poll => 'r', cb => sub { $s->_run_handle_callback($id, $h->{fd}, Sys::Virt::Event::HANDLE_READABLE, $h->{cb}, $h->{op}) })
        if $ev & Sys::Virt::Event::HANDLE_READABLE;
    $h->{w} = AnyEvent->io(fh => $h->{fd}, poll => 'w', cb => sub { $s->_run_handle_callback($id, $h->{fd}, Sys::Virt::Event::HANDLE_WRITABLE, $h->{cb}, $h->{op}) })
        if $ev & Sys::Virt::Event::HANDLE_WRITABLE;
    return;
}
sub remove_handle {
    my ($s, $id) = @_;
    my $h = delete $s->{w}{$id} or return -1;
    my $t; $t = AnyEvent->timer(after => 0, cb => sub { undef $t; $s->_free_callback_opaque($h->{ff}, $h->{op}) });
    return 0;
}
sub add_timeout {
    my ($s, $ms, $cb, $op, $ff) = @_;
    my $id = $s->{n}++;
    $s->{t}{$id} = { cb => $cb, op => $op, ff => $ff };
    $s->update_timeout($id, $ms);
    return $id;
}
sub update_timeout {
    my ($s, $id, $ms) = @_;
    my $t = $s->{t}{$id} or return;
    delete $t->{w};
    $t->{w} = AnyEvent->timer(after => $ms / 1000, interval => ($ms || 1) / 1000,
                              cb => sub { $s->_run_timeout_callback($id, $t->{cb}, $t->{op}) }) if $ms >= 0;
    return;
}
sub remove_timeout {
    my ($s, $id) = @_;
    my $t = delete $s->{t}{$id} or return -1;
    my $w; $w = AnyEvent->timer(after => 0, cb => sub { undef $w; $s->_free_callback_opaque($t->{ff}, $t->{op}) });
    return 0;
}
package main;
Sys::Virt::Event::register(AELoop->new);
PERL
require Sys::Virt::Async::AnyEvent;
Sys::Virt::Async::AnyEvent->attach;
my @events;
$c->domain_event_register_any($d, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub { push @events, $_[2] });
my $cv = AnyEvent->condvar;
my $seq;    # a sequence Future is kept, or Future cancels it
$all->on_ready(sub {
    $seq = $d->async->suspend->then(sub { $d->async->resume })->on_ready(sub {
        my $t; $t = AnyEvent->timer(after => 0.5, cb => sub { undef $t; $cv->send });
    });
});
my $timeout = AnyEvent->timer(after => 10, cb => sub { print "timeout\n"; $cv->send });
$cv->recv;
print "in loop: @got\n";
print "events: @events\n";
print "END\n";
PERL2
    is($st, 0, 'AnyEvent: the child ran cleanly') or diag(join "\n", @out);
    is_deeply([@out[0, 1, 3]], ['before loop: 0 callbacks', 'in loop: ' . join(' ', sort_like(@out)), 'END'],
              'AnyEvent: the callbacks ran in the loop, not before');
    is($out[2], 'events: ' . Sys::Virt::Domain::EVENT_SUSPENDED() . ' ' . Sys::Virt::Domain::EVENT_RESUMED(),
       'and libvirt\'s events, through an EventImpl on the same loop, arrived beside them');
}

# The "in loop" line lists the three callbacks in the order they ran, which is the order
# the workers finished: compare as a set, in the order printed.
sub sort_like {
    my ($line) = grep { /\Ain loop: / } @_;
    my @got = split ' ', ($line // '') =~ s/\Ain loop: //r;
    my %want = map { $_ => 1 } ('hostname', 'info:HASH', 'fail:Sys::Virt::Error:' . Sys::Virt::Error::ERR_NO_DOMAIN());
    return (grep { $want{$_} } @got) == 3 && @got == 3 ? @got : sort keys %want;
}

done_testing();
