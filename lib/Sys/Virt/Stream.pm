package Sys::Virt::Stream;

use strict;
use warnings;

# Construction, as the XS module does it, blessed into the class it was called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $self = Sys::Virt::Stream::_new_obj($params{connection}, $params{flags});
    return bless $self, $class;
}

1;

__END__

=head1 NAME

Sys::Virt::Stream - a data stream to or from libvirt

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  my $vol = $conn->get_storage_volume_by_path('/var/lib/libvirt/images/new.img');

  # Fill a volume from a local file
  open my $in, '<:raw', 'disk.img' or die $!;
  my $st = $conn->new_stream;
  $vol->upload($st, 0, -s 'disk.img');
  $st->send_all(sub {
      my ($st, undef, $max) = @_;
      return sysread($in, $_[1], $max);
  });
  $st->finish;

=head1 DESCRIPTION

A stream carries bytes between the program and libvirt: the contents of a storage volume
(C<upload>, C<download> in L<Sys::Virt::StorageVol>), and, with the domain methods that
take one, consoles and screenshots. A stream is made by the connection's C<new_stream>,
then handed to the method that starts the transfer; the data moves with C<send> and
C<recv>, or all of it with C<send_all> and C<recv_all>; C<finish> ends a transfer that went
well and C<abort> one that did not.

A stream may carry holes, stretches of zeros that are not sent (the C<SPARSE_STREAM> flags
of the volume methods, and C<sparse_send_all>, C<sparse_recv_all>, C<send_hole>,
C<recv_hole> here).

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $st = $conn->new_stream($flags = 0)

A new stream on the connection (see L<Sys::Virt>); C<NONBLOCK> makes C<send> and C<recv>
return -2 instead of waiting.

=item my $n = $st->send($data, $nbytes)

Sends up to C<$nbytes> bytes of the string C<$data>; returns how many were sent, or -2 if
the stream is non-blocking and cannot take data now.

=item my $n = $st->recv($data, $nbytes, $flags = 0)

Receives up to C<$nbytes> bytes into the scalar C<$data> (which then holds exactly them);
returns how many, 0 at the end of the stream, -2 if a non-blocking stream has nothing for
now, or -3 when C<$flags> has C<RECV_STOP_AT_HOLE> and a hole comes next (C<recv_hole>
gives its length). C<$data> is left as it was unless bytes were received; when they were,
it is a byte string (see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=item my $length = $st->recv_hole($flags = 0)

The length of the hole that comes next in a sparse stream. C<$flags> is unused and should
be 0.

=item $st->send_hole($length, $flags = 0)

Sends a hole of C<$length> bytes. C<$flags> is unused and should be 0.

=item $st->send_all($handler)

Sends everything C<$handler> produces. The handler is called as C<< $handler->($st, $data,
$max) >>: it puts up to C<$max> bytes into C<$_[1]> and returns how many, 0 at the end, or
-1 on failure. The bytes are sent as they are, NUL bytes included (see
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=item $st->recv_all($handler)

Receives everything, calling C<< $handler->($st, $data, $nbytes) >> for each block; the
handler returns how many bytes it took (all of them, normally) or -1 on failure.

=item $st->sparse_send_all($handler, $hole_handler, $skip_handler)

Like C<send_all>, for a source with holes. C<< $hole_handler->($st) >> returns two values:
whether the source is in data (true) or in a hole (false) now, and how many bytes that
section has left. C<< $skip_handler->($st, $length) >> moves the source past a hole of
C<$length> bytes and returns 0, or -1 on failure.

=item $st->sparse_recv_all($handler, $hole_handler)

Like C<recv_all>, for a stream with holes: C<< $hole_handler->($st, $length) >> is called
for each hole and returns 0, or -1 on failure.

=item $st->finish()

Ends a transfer whose data has all been sent or received, and waits for libvirt to confirm
it.

=item $st->abort()

Ends a transfer early: libvirt throws away what it has.

=item $st->add_callback($events, $callback)

For a stream made with C<NONBLOCK>, with an event loop registered (see
L<Sys::Virt::Event>): calls C<< $callback->($st, $events) >> from the loop whenever one of
C<$events> (a mask of the C<EVENT_*> constants) holds, until C<remove_callback>. Inside,
C<recv> returns -2 when no more data is ready; C<send> does likewise. One callback per
stream; it may update or remove itself.

=item $st->update_callback($events)

Changes the events the callback waits for.

=item $st->remove_callback()

Removes the callback (its code is freed once libvirt lets it go). Dies with libvirt's
error if there is none.

=back

In the C<*_all> methods, a handler that dies or returns -1 makes libvirt abort the stream;
the handler's C<die> then reaches the caller (or libvirt's error, for -1), after libvirt's
own code has returned (see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">). Objects
release their handle when they go out of scope (C<DESTROY>).

A stream callback that dies does not unwind through libvirt either: the C<die> is raised by
the event loop call that ran it (C<Sys::Virt::Event::run_default>).

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::Stream::NONBLOCK>; names and values
are those of the XS module. The groups below follow the methods that take or return them.

=head2 STREAM FLAGS

=over 4

=item Sys::Virt::Stream::NONBLOCK

For C<$flags> of L<Sys::Virt/new_stream>: C<send> and C<recv> do not wait, and return -2
instead.

=item Sys::Virt::Stream::RECV_STOP_AT_HOLE

For C<$flags> of C<recv>: stop before a hole (C<recv> returns -3).

=back

=head2 STREAM EVENTS

The bits of the C<$events> masks of C<add_callback> and C<update_callback>, and of the
events the callback gets.

=over 4

=item Sys::Virt::Stream::EVENT_READABLE

Data can be received without blocking.

=item Sys::Virt::Stream::EVENT_WRITABLE

Data can be sent without blocking.

=item Sys::Virt::Stream::EVENT_ERROR

An error occurred on the stream.

=item Sys::Virt::Stream::EVENT_HANGUP

The other end closed the stream.

=back

=head1 SEE ALSO

L<Sys::Virt::StorageVol>, L<Sys::Virt::Domain>, L<Sys::Virt::Event>, L<Sys::Virt>,
L<Sys::Virt::Error>, L<https://libvirt.org/html/libvirt-libvirt-stream.html>

=cut
