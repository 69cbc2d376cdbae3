package Sys::Virt::Event;

use strict;
use warnings;

# The native calls live in the Sys::Virt library; loading it makes this class usable on
# its own (`use Sys::Virt::Event;` without `use Sys::Virt;` first).
require Sys::Virt;

use Sys::Virt::EventImpl;

# Loop classes subclassed this class before Sys::Virt::EventImpl existed; they still work,
# as this class is one of its subclasses.
our @ISA = ('Sys::Virt::EventImpl');

# The helper methods, which the 9.0 API had in this package: the base class's.
sub _run_handle_callback  { my $self = shift; $self->Sys::Virt::EventImpl::_run_handle_callback(@_) }
sub _run_timeout_callback { my $self = shift; $self->Sys::Virt::EventImpl::_run_timeout_callback(@_) }
sub _free_callback_opaque { my $self = shift; $self->Sys::Virt::EventImpl::_free_callback_opaque(@_) }

# The event loop object given to register, whose methods libvirt's requests are sent to.
our $eventimpl = undef;

sub register {
    my $impl = shift;

    unless (ref($impl) && $impl->isa("Sys::Virt::EventImpl")) {
        die "event implementation must be a subclass of Sys::Virt::EventImpl";
    }
    # The reference's wording, misspelling included: scripts and logs match on it.
    warn "DECPRECATION WARNING: event implementation is a subclass of Sys::Virt::Event"
        if $impl->isa("Sys::Virt::Event");
    $eventimpl = $impl;
    Sys::Virt::Event::_register_impl();
}

# What libvirt calls (through the native layer) when it wants a file watched or a timer
# set: each request goes to the registered object's method of the same name.
sub _add_handle     { $eventimpl->add_handle(@_) }
sub _update_handle  { $eventimpl->update_handle(@_) }
sub _remove_handle  { $eventimpl->remove_handle(@_) }
sub _add_timeout    { $eventimpl->add_timeout(@_) }
sub _update_timeout { $eventimpl->update_timeout(@_) }
sub _remove_timeout { $eventimpl->remove_timeout(@_) }

1;

__END__

=head1 NAME

Sys::Virt::Event - libvirt's event loop, the default one or one written in Perl

=head1 SYNOPSIS

  use Sys::Virt;
  use Sys::Virt::Event;

  Sys::Virt::Event::register_default();      # before opening connections
  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  $conn->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub {
      my ($conn, $dom, $event, $detail) = @_;
      printf "%s: event %d detail %d\n", $dom->get_name, $event, $detail;
  });
  Sys::Virt::Event::run_default() while 1;

=head1 DESCRIPTION

libvirt delivers events (a guest stopped, a stream became readable, a remote connection
was lost) from an event loop that the program runs. This class offers two ways to have
one: libvirt's own loop (C<register_default> once, then C<run_default> repeatedly), or a
loop the program already has (AnyEvent, IO::Async, a hand-written C<select> loop), by
registering an object of a subclass that implements the six methods described under
L</WRITING AN EVENT LOOP IN PERL>.

An event loop must be registered before the connections whose events it is to carry are
opened.

=head1 THE DEFAULT EVENT LOOP

=over 4

=item Sys::Virt::Event::register_default()

Makes libvirt's own event loop the one libvirt uses. Call it once, early.

=item Sys::Virt::Event::run_default()

Runs one iteration of the default loop: waits until a watched file is ready or a timer is
due, then runs the callbacks that are due. Callbacks run inside this call.

If a callback C<die>s, the error is held until libvirt has finished the iteration (no
C<die> travels through libvirt's own code), and then C<run_default> dies with it. The
other callbacks of that iteration still run, so no event is lost; if several C<die>, the
first error is the one raised. This differs from the XS module (see
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=item my $watch = Sys::Virt::Event::add_handle($fd, $events, $coderef)

Watches the file descriptor C<$fd> for C<$events>, a mask of the C<HANDLE_*> constants.
C<$coderef> is called with the watch number, the file descriptor and the events that
occurred. Returns the watch number.

=item Sys::Virt::Event::update_handle($watch, $events)

Changes the events watched for by C<$watch>.

=item Sys::Virt::Event::remove_handle($watch)

Stops the watch C<$watch>; dies if there is no such watch.

=item my $timer = Sys::Virt::Event::add_timeout($frequency, $coderef)

Calls C<$coderef> with the timer number every C<$frequency> milliseconds (0: on every
iteration; -1: never, until updated). Returns the timer number.

=item Sys::Virt::Event::update_timeout($timer, $frequency)

Changes the interval of C<$timer>.

=item Sys::Virt::Event::remove_timeout($timer)

Removes C<$timer>; dies if there is no such timer.

=back

These six functions go to whichever event loop is registered: with a loop written in Perl
they reach its methods.

=head1 WRITING AN EVENT LOOP IN PERL

=over 4

=item Sys::Virt::Event::register($impl)

Makes C<$impl> the loop libvirt uses. C<$impl> is an object of a subclass of
L<Sys::Virt::EventImpl>, which describes the six methods the loop implements and the
helpers it calls back. Dies with "event implementation must be a subclass of
Sys::Virt::EventImpl" for anything else.

A loop class written for an API older than 9.5.0 subclasses C<Sys::Virt::Event> itself. It
still works, as C<Sys::Virt::Event> is a subclass of C<Sys::Virt::EventImpl>, but
C<register> warns "DECPRECATION WARNING: event implementation is a subclass of
Sys::Virt::Event" (the reference module's wording, kept letter for letter). Change the
parent class to C<Sys::Virt::EventImpl> to silence it.

=back

The helpers are also callable under this package's name, as the API before 9.5.0 had them:
C<Sys::Virt::Event::_run_handle_callback_helper>, C<_run_timeout_callback_helper> and
C<_free_callback_opaque_helper> are the same functions as those of
L<Sys::Virt::EventImpl>.

The result of a loop's C<update_handle> and C<update_timeout> is never read, and its
C<remove_handle> and C<remove_timeout> are called in void context too: a method that
ends in a bare C<return> is fine.

=head1 CALLBACKS, ERRORS AND THREADS

Callbacks registered with this module (domain and other object events, the close
callback, stream callbacks, C<add_handle> and C<add_timeout>) may deregister themselves,
register other callbacks or close the connection. The callback's code and data are kept
until libvirt releases the registration, and freed then, once.

A callback that dies does not unwind through libvirt (unlike with the XS module: see
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">): its error is raised by the call that
ran libvirt's dispatch (C<run_default>, or one of the helpers above) once libvirt has
returned. When a callback runs from inside another call (a Perl event loop's methods,
called from libvirt while it registers a timer, for example), a C<die> there makes that
libvirt request fail, and the error is raised by the next C<run_default>, helper, or
callback registration call.

Perl threads: a callback runs only in the Perl thread (interpreter) that registered it,
and only when libvirt dispatches it on that thread. Run the event loop in the thread that
registers the callbacks. An event that libvirt dispatches on another thread is not
delivered to the callback (calling into another thread's interpreter is not possible), and
a registration released on another thread leaks its Perl values rather than touching that
interpreter. A Perl event loop (C<register>) is served by the thread that registered it;
requests libvirt makes from other threads fail.

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::Event::HANDLE_READABLE>; names and
values are those of the XS module. The groups below follow the methods that take or return
them.

=head2 HANDLE EVENTS

The bits of the C<$events> masks of C<add_handle> and C<update_handle>, of the events a
handle callback gets, and of those an event loop written in Perl is given
(L<Sys::Virt::EventImpl>).

=over 4

=item Sys::Virt::Event::HANDLE_READABLE

Data can be read from the file without blocking.

=item Sys::Virt::Event::HANDLE_WRITABLE

Data can be written to the file without blocking.

=item Sys::Virt::Event::HANDLE_ERROR

An error occurred on the file (reported whether asked for or not).

=item Sys::Virt::Event::HANDLE_HANGUP

The other end of the file closed it (reported whether asked for or not).

=back

=head1 SEE ALSO

L<Sys::Virt::EventImpl>, L<Sys::Virt>, L<Sys::Virt::Domain>, L<Sys::Virt::Stream>,
L<Sys::Virt::Error>, L<https://libvirt.org/html/libvirt-libvirt-event.html>

=head1 LICENSE

This program is free software; you can redistribute it and/or modify it under the terms
of either the GNU General Public License as published by the Free Software Foundation
(either version 2 of the License, or at your option any later version), or the Artistic
License, as Perl itself.

=cut
