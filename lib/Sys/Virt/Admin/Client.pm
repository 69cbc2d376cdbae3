package Sys::Virt::Admin::Client;

use strict;
use warnings;

1;

__END__

=head1 NAME

Sys::Virt::Admin::Client - one client of a libvirt daemon's server

=head1 SYNOPSIS

  my $srv = Sys::Virt::Admin->new->get_server_by_name('libvirtd');
  for my $client ($srv->list_clients) {
      my $info = $client->get_info;
      printf "%d pid %s%s\n", $client->get_id,
          $info->{Sys::Virt::Admin::Client::INFO_UNIX_PROCESS_ID} // '-',
          $info->{readonly} ? ' (read-only)' : '';
  }

=head1 DESCRIPTION

A client is one connection open to a daemon's server. Objects of this class come from
L<Sys::Virt::Admin::Server>'s C<list_clients> and C<get_client_by_id>.

=head1 METHODS

=over 4

=item my $id = $client->get_id()

The client's ID, unique in its daemon.

=item my $seconds = $client->get_timestamp()

When the client connected, in seconds since the epoch (0 where the daemon does not know).

=item my $transport = $client->get_transport()

How it is connected: one of C<TRANS_UNIX>, C<TRANS_TCP> and C<TRANS_TLS>.

=item my $info = $client->get_info($flags = 0)

Who the client is, as a hash reference whose keys the C<INFO_*> constants name. Which keys
are present depends on the transport and authentication: C<readonly> always; a local
client's C<unix_user_id>, C<unix_user_name>, C<unix_group_id>, C<unix_group_name> and
C<unix_process_id>; a remote one's C<sock_addr>; C<sasl_user_name>,
C<tls_x509_dname> and C<selinux_context> where they apply.

=item $client->close($flags = 0)

Closes the client's connection from the daemon's side (its program sees the connection
close, and its close callback runs). The object stays, and its other calls then fail. A
program that closes a client of one of its own connections, and then uses that
connection, has libvirt write to a socket the daemon closed: it should ignore C<SIGPIPE>
(C<< $SIG{PIPE} = 'IGNORE' >>), so that the call fails instead of the program.

=item my $proxy = $client->async

A proxy whose methods return Futures, for the methods above that have an async form (those
made of a single libvirt call with a plain result), as L<Sys::Virt::Async> describes for
the other classes.

=back

All C<$flags> above are unused by libvirt so far and should be 0.

=head1 CONSTANTS

From libvirt-admin.h.

=head2 TRANSPORTS

What C<get_transport> returns.

=over 4

=item Sys::Virt::Admin::Client::TRANS_UNIX

Through a UNIX socket (local, or the far end of an SSH tunnel).

=item Sys::Virt::Admin::Client::TRANS_TCP

Through unencrypted TCP.

=item Sys::Virt::Admin::Client::TRANS_TLS

Through TCP with TLS.

=back

=head2 IDENTITY

The keys of C<get_info>'s hash.

=over 4

=item Sys::Virt::Admin::Client::INFO_READONLY

C<readonly>: 1 for a read-only connection, else 0.

=item Sys::Virt::Admin::Client::INFO_SOCKET_ADDR

C<sock_addr>: a remote client's address and port.

=item Sys::Virt::Admin::Client::INFO_SASL_USER_NAME

C<sasl_user_name>: the user name SASL authenticated.

=item Sys::Virt::Admin::Client::INFO_X509_DISTINGUISHED_NAME

C<tls_x509_dname>: the distinguished name of the client's TLS certificate.

=item Sys::Virt::Admin::Client::INFO_UNIX_USER_ID

C<unix_user_id>: a local client's user ID.

=item Sys::Virt::Admin::Client::INFO_UNIX_USER_NAME

C<unix_user_name>: its user name.

=item Sys::Virt::Admin::Client::INFO_UNIX_GROUP_ID

C<unix_group_id>: its group ID.

=item Sys::Virt::Admin::Client::INFO_UNIX_GROUP_NAME

C<unix_group_name>: its group name.

=item Sys::Virt::Admin::Client::INFO_UNIX_PROCESS_ID

C<unix_process_id>: its process ID.

=item Sys::Virt::Admin::Client::INFO_SELINUX_CONTEXT

C<selinux_context>: its SELinux context.

=back

=head1 SEE ALSO

L<Sys::Virt::Admin>, L<Sys::Virt::Admin::Server>

=head1 LICENSE

GPL version 2 or later, or the Artistic License, as Perl itself; see L<Sys::Virt>.

=cut
