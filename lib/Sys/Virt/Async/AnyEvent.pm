package Sys::Virt::Async::AnyEvent;

use strict;
use warnings;

require Sys::Virt::Async;

my $WATCHER;

sub attach {
    my ($class, $loop) = @_;
    require AnyEvent;
    return $WATCHER if $WATCHER;
    my $fd = Sys::Virt::Async->fd;
    $WATCHER = AnyEvent->io(fh => $fd, poll => 'r', cb => sub { Sys::Virt::Async->dispatch });
    return $WATCHER;
}

1;

__END__

=head1 NAME

Sys::Virt::Async::AnyEvent - complete Sys::Virt's Futures in AnyEvent's loop

=head1 SYNOPSIS

  use AnyEvent;
  use Sys::Virt;
  use Sys::Virt::Async::AnyEvent;

  Sys::Virt::Async::AnyEvent->attach;
  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  my $cv = AnyEvent->condvar;
  $conn->async->get_hostname->on_done(sub { print "@_\n"; $cv->send });
  $cv->recv;

=head1 DESCRIPTION

=over 4

=item Sys::Virt::Async::AnyEvent->attach($loop)

Starts an AnyEvent I/O watcher on L<Sys::Virt::Async/fd> that dispatches the waiting
results whenever it is readable. AnyEvent has one loop per process, so C<$loop> may be
left out; it is accepted for symmetry with the other adapters. Attaching again does
nothing. Returns the watcher, which stays alive as long as the program.

=back

=head1 SEE ALSO

L<Sys::Virt::Async>, L<AnyEvent>, L<Sys::Virt::Async::IOAsync>, L<Sys::Virt::Async::Mojo>

=head1 LICENSE

This program is free software; you can redistribute it and/or modify it under the terms
of either the GNU General Public License as published by the Free Software Foundation
(either version 2 of the License, or at your option any later version), or the Artistic
License, as Perl itself.

=cut
