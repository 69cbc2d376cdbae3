package Sys::Virt::Async::IOAsync;

use strict;
use warnings;

require Sys::Virt::Async;

# The loops attached in this interpreter, and the handle each watches.
my %ATTACHED;

sub attach {
    my ($class, $loop) = @_;
    require IO::Async::Handle;
    return $ATTACHED{$loop} if $ATTACHED{$loop};
    # The descriptor stays the queue's: the handle must not close it.
    open(my $fh, '<&=', Sys::Virt::Async->fd) or die "Sys::Virt::Async::IOAsync: $!\n";
    my $handle = IO::Async::Handle->new(
        read_handle   => $fh,
        on_read_ready => sub { Sys::Virt::Async->dispatch },
        on_closed     => sub { },
    );
    $loop->add($handle);
    return $ATTACHED{$loop} = $handle;
}

1;

__END__

=head1 NAME

Sys::Virt::Async::IOAsync - complete Sys::Virt's Futures in an IO::Async loop

=head1 SYNOPSIS

  use IO::Async::Loop;
  use Sys::Virt;
  use Sys::Virt::Async::IOAsync;

  my $loop = IO::Async::Loop->new;
  Sys::Virt::Async::IOAsync->attach($loop);
  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  $conn->async->list_all_domains->on_done(sub { print $_->get_name, "\n" for @_ });
  $loop->run;

=head1 DESCRIPTION

=over 4

=item Sys::Virt::Async::IOAsync->attach($loop)

Adds to C<$loop> a handle that watches L<Sys::Virt::Async/fd> and dispatches the waiting
results whenever it is readable, so that the Futures of async calls complete, and their
callbacks run, inside the loop. Attaching the same loop again does nothing. Returns the
L<IO::Async::Handle>.

=back

=head1 SEE ALSO

L<Sys::Virt::Async>, L<IO::Async::Loop>, L<Sys::Virt::Async::AnyEvent>,
L<Sys::Virt::Async::Mojo>

=head1 LICENSE

This program is free software; you can redistribute it and/or modify it under the terms
of either the GNU General Public License as published by the Free Software Foundation
(either version 2 of the License, or at your option any later version), or the Artistic
License, as Perl itself.

=cut
