package Sys::Virt::Async::Mojo;

use strict;
use warnings;

require Sys::Virt::Async;

my %ATTACHED;

sub attach {
    my ($class, $loop) = @_;
    require Mojo::IOLoop;
    $loop = Mojo::IOLoop->singleton if !defined $loop || !ref $loop;
    return $ATTACHED{$loop} if $ATTACHED{$loop};
    # The descriptor stays the queue's: the handle must not close it.
    open(my $fh, '<&=', Sys::Virt::Async->fd) or die "Sys::Virt::Async::Mojo: $!\n";
    my $reactor = $loop->reactor;
    $reactor->io($fh => sub { Sys::Virt::Async->dispatch });
    $reactor->watch($fh, 1, 0);
    return $ATTACHED{$loop} = $fh;
}

1;

__END__

=head1 NAME

Sys::Virt::Async::Mojo - complete Sys::Virt's Futures in a Mojo::IOLoop

=head1 SYNOPSIS

  use Mojo::IOLoop;
  use Sys::Virt;
  use Sys::Virt::Async::Mojo;

  Sys::Virt::Async::Mojo->attach(Mojo::IOLoop->singleton);
  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  $conn->async->get_hostname->on_done(sub { print "@_\n"; Mojo::IOLoop->stop });
  Mojo::IOLoop->start;

=head1 DESCRIPTION

=over 4

=item Sys::Virt::Async::Mojo->attach($loop)

Watches L<Sys::Virt::Async/fd> in the reactor of C<$loop> (a L<Mojo::IOLoop>; the
singleton when left out) and dispatches the waiting results whenever it is readable.
Attaching the same loop again does nothing.

=back

=head1 SEE ALSO

L<Sys::Virt::Async>, L<Mojo::IOLoop>, L<Sys::Virt::Async::IOAsync>,
L<Sys::Virt::Async::AnyEvent>

=head1 LICENSE

This program is free software; you can redistribute it and/or modify it under the terms
of either the GNU General Public License as published by the Free Software Foundation
(either version 2 of the License, or at your option any later version), or the Artistic
License, as Perl itself.

=cut
