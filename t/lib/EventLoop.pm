package EventLoop;
# A small event loop written in Perl (IO::Select for files, a list of timers), registered
# with Sys::Virt::Event::register the way an AnyEvent or IO::Async program would register
# its own. It logs what libvirt asks of it (add_handle, add_timeout, ...) and frees
# libvirt's data one iteration after a watch or timer is removed, as the contract asks.
# Used by t/lib/events-script.pl with both modules, and by t/55 and t/68 with ours.

use strict;
use warnings;
use IO::Select;
use Time::HiRes qw(time);
use Sys::Virt::Event;
# The parent a loop class takes where the API has Sys::Virt::EventImpl (9.5.0 and later,
# ours among them), and Sys::Virt::Event with older references, as real loop classes do.
our @ISA = eval { require Sys::Virt::EventImpl; 1 } ? ('Sys::Virt::EventImpl') : ('Sys::Virt::Event');

sub new {
    my ($class) = @_;
    return bless { handles => {}, timers => {}, next => 1, to_free => [], log => [] }, $class;
}

sub log_of { my $s = shift; my @l = @{ $s->{log} }; @{ $s->{log} } = (); @l }

sub add_handle {
    my ($s, $fd, $events, $cb, $opaque, $ff) = @_;
    my $w = $s->{next}++;
    $s->{handles}{$w} = { fd => $fd, events => $events, cb => $cb, opaque => $opaque, ff => $ff };
    push @{ $s->{log} }, "add_handle events=$events refs=" . join(',', map { ref($_) } $cb, $opaque, $ff);
    return $w;
}

sub update_handle {
    my ($s, $w, $events) = @_;
    $s->{handles}{$w}{events} = $events if $s->{handles}{$w};
}

sub remove_handle {
    my ($s, $w) = @_;
    my $h = delete $s->{handles}{$w} or return -1;
    push @{ $s->{log} }, "remove_handle";
    push @{ $s->{to_free} }, $h;
    return 0;
}

sub add_timeout {
    my ($s, $interval, $cb, $opaque, $ff) = @_;
    my $t = $s->{next}++;
    $s->{timers}{$t} = { interval => $interval, cb => $cb, opaque => $opaque, ff => $ff,
                         due => time + ($interval > 0 ? $interval / 1000 : 0) };
    push @{ $s->{log} }, "add_timeout interval=$interval refs=" . join(',', map { ref($_) } $cb, $opaque, $ff);
    return $t;
}

sub update_timeout {
    my ($s, $t, $interval) = @_;
    my $x = $s->{timers}{$t} or return;
    $x->{interval} = $interval;
    $x->{due} = time + ($interval > 0 ? $interval / 1000 : 0);
}

sub remove_timeout {
    my ($s, $t) = @_;
    my $x = delete $s->{timers}{$t} or return -1;
    push @{ $s->{log} }, "remove_timeout";
    push @{ $s->{to_free} }, $x;
    return 0;
}

# One iteration: free what was removed, wait for a file or the next timer (at most
# $max seconds), run what is ready.
sub run_once {
    my ($s, $max) = @_;
    $max //= 1;
    while (my $x = shift @{ $s->{to_free} }) {
        $s->_free_callback_opaque($x->{ff}, $x->{opaque});
    }
    my $now = time;
    my $wait = $max;
    for my $x (values %{ $s->{timers} }) {
        next if $x->{interval} < 0;
        my $d = $x->{due} - $now;
        $wait = $d if $d < $wait;
    }
    $wait = 0 if $wait < 0;
    my (%fd_of, $rs, $ws) = ();
    $rs = IO::Select->new;
    $ws = IO::Select->new;
    for my $w (sort { $a <=> $b } keys %{ $s->{handles} }) {
        my $h = $s->{handles}{$w};
        $rs->add($h->{fd}) if $h->{events} & Sys::Virt::Event::HANDLE_READABLE;
        $ws->add($h->{fd}) if $h->{events} & Sys::Virt::Event::HANDLE_WRITABLE;
    }
    my ($r, $wr) = ([], []);
    if ($rs->count || $ws->count) {
        ($r, $wr) = IO::Select->select($rs, $ws, undef, $wait);
        $r //= [];
        $wr //= [];
    } else {
        select(undef, undef, undef, $wait) if $wait > 0;
    }
    my %ready;
    $ready{$_} |= Sys::Virt::Event::HANDLE_READABLE for @$r;
    $ready{$_} |= Sys::Virt::Event::HANDLE_WRITABLE for @$wr;
    for my $w (sort { $a <=> $b } keys %{ $s->{handles} }) {
        my $h = $s->{handles}{$w} or next;
        my $ev = ($ready{ $h->{fd} } // 0) & $h->{events};
        $s->_run_handle_callback($w, $h->{fd}, $ev, $h->{cb}, $h->{opaque}) if $ev;
    }
    $now = time;
    for my $t (sort { $a <=> $b } keys %{ $s->{timers} }) {
        my $x = $s->{timers}{$t} or next;
        next if $x->{interval} < 0 || $x->{due} > $now;
        $x->{due} = $now + $x->{interval} / 1000;
        $s->_run_timeout_callback($t, $x->{cb}, $x->{opaque});
    }
}

1;
