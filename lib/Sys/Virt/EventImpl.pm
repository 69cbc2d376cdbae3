package Sys::Virt::EventImpl;

use strict;
use warnings;

# The native helpers below (_run_handle_callback_helper and the others) are registered by
# the Sys::Virt library, which this loads.
require Sys::Virt;

# The six methods an event loop must provide. Each dies, naming the class, when a loop
# class leaves one out.
for my $method (qw(add_handle update_handle remove_handle add_timeout update_timeout remove_timeout)) {
    no strict 'refs';
    *{$method} = sub {
        my $self = shift;
        die ref($self) . " must provide an impl of '$method'";
    };
}

sub _run_handle_callback {
    my ($self, $watch, $fd, $events, $cb, $opaque) = @_;
    _run_handle_callback_helper($watch, $fd, $events, $cb, $opaque);
}

sub _run_timeout_callback {
    my ($self, $timer, $cb, $opaque) = @_;
    _run_timeout_callback_helper($timer, $cb, $opaque);
}

sub _free_callback_opaque {
    my ($self, $ff, $opaque) = @_;
    _free_callback_opaque_helper($ff, $opaque);
}

1;

__END__

=head1 NAME

Sys::Virt::EventImpl - the base class of an event loop written in Perl

=head1 SYNOPSIS

  package My::Loop;
  use parent 'Sys::Virt::EventImpl';

  sub add_handle     { my ($self, $fd, $events, $cb, $opaque, $ff) = @_; ... }
  sub update_handle  { my ($self, $watch, $events) = @_; ... }
  sub remove_handle  { my ($self, $watch) = @_; ... }
  sub add_timeout    { my ($self, $frequency, $cb, $opaque, $ff) = @_; ... }
  sub update_timeout { my ($self, $timer, $frequency) = @_; ... }
  sub remove_timeout { my ($self, $timer) = @_; ... }

  package main;
  Sys::Virt::Event::register(My::Loop->new);    # before opening connections

=head1 DESCRIPTION

A program that already runs an event loop (AnyEvent, IO::Async, Mojo::IOLoop, its own
C<select> loop) can have libvirt use it instead of libvirt's default loop. It subclasses
C<Sys::Virt::EventImpl>, implements the six methods below, and hands an object of the
subclass to L<Sys::Virt::Event/register>. libvirt then asks that object to watch files and
run timers, and the object calls back into libvirt through the three helper methods when
a file is ready or a timer expires.

This class appeared in the 9.5.0 API. Before it, loop classes subclassed
L<Sys::Virt::Event>, which still works: C<Sys::Virt::Event> is itself a subclass of this
class, but C<register> then warns that subclassing it is deprecated. Code that must also
run with a Sys::Virt older than 9.5.0 can choose its parent when it loads:

  BEGIN {
      our @ISA = eval { require Sys::Virt::EventImpl; 1 }
          ? ('Sys::Virt::EventImpl') : ('Sys::Virt::Event');
  }

=head1 METHODS A LOOP PROVIDES

Each of these, if a subclass leaves it out, dies with "CLASS must provide an impl of
'NAME'".

=over 4

=item my $watch = $self->add_handle($fd, $events, $cb, $opaque, $ff)

Start watching the file descriptor C<$fd> for C<$events>, a mask of
C<Sys::Virt::Event::HANDLE_READABLE> and C<HANDLE_WRITABLE>. Errors and hang-ups
(C<HANDLE_ERROR>, C<HANDLE_HANGUP>) are reported whether asked for or not. Return a
positive number naming the watch, or -1 on failure. When the file is ready, call
C<< $self->_run_handle_callback($watch, $fd, $ready, $cb, $opaque) >> with the events
that happened.

=item $self->update_handle($watch, $events)

Watch for C<$events> from now on; 0 keeps the watch but waits for nothing. The result is
not used.

=item my $ret = $self->remove_handle($watch)

Stop the watch: return 0, or -1 if there is no such watch. Once the loop no longer refers
to it, call C<< $self->_free_callback_opaque($ff, $opaque) >> with what C<add_handle> was
given: after C<remove_handle> has returned, never from inside it, because libvirt may
hold a lock while it runs. A watch whose data is never freed keeps its connection alive.

=item my $timer = $self->add_timeout($frequency, $cb, $opaque, $ff)

Start a timer that fires every C<$frequency> milliseconds: 0 fires on every turn of the
loop, and -1 creates it disabled. Return a positive number naming the timer, or -1 on
failure. When it fires, call C<< $self->_run_timeout_callback($timer, $cb, $opaque) >>.

=item $self->update_timeout($timer, $frequency)

Change the timer's interval, with the same meaning of 0 and -1. The result is not used.

=item my $ret = $self->remove_timeout($timer)

Stop the timer: return 0, or -1 if there is no such timer. As for a watch, call
C<_free_callback_opaque> afterwards, outside this method.

=back

=head1 HELPER METHODS

C<$cb>, C<$opaque> and C<$ff> stand for libvirt's callback, its data and the function that
frees the data. Keep them as they were given and pass them back unchanged. A reference
that libvirt did not give, or one whose data was already freed, makes the helper die
instead of calling an arbitrary address (see
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=over 4

=item $self->_run_handle_callback($watch, $fd, $events, $cb, $opaque)

Runs libvirt's callback for the watch C<$watch> on C<$fd>, which is ready for C<$events>.

=item $self->_run_timeout_callback($timer, $cb, $opaque)

Runs libvirt's callback for the timer C<$timer>, which has fired.

=item $self->_free_callback_opaque($ff, $opaque)

Frees libvirt's data for a removed watch or timer. The data is freed once; a second call
does nothing.

=back

The same helpers exist as the functions
C<Sys::Virt::EventImpl::_run_handle_callback_helper($watch, $fd, $events, $cb, $opaque)>,
C<_run_timeout_callback_helper($timer, $cb, $opaque)> and
C<_free_callback_opaque_helper($ff, $opaque)>, which the methods call. A C<die> in Perl
code that libvirt runs from them (an event callback, say) is raised by the helper once
libvirt's own code has returned; see L<Sys::Virt::Event/CALLBACKS, ERRORS AND THREADS>.

=head1 SEE ALSO

L<Sys::Virt::Event> (registering the loop, libvirt's default loop, the C<HANDLE_*>
constants), L<Sys::Virt>, L<Sys::Virt::Error>,
L<https://libvirt.org/html/libvirt-libvirt-event.html>

=head1 LICENSE

This program is free software; you can redistribute it and/or modify it under the terms
of either the GNU General Public License as published by the Free Software Foundation
(either version 2 of the License, or at your option any later version), or the Artistic
License, as Perl itself.

=cut
