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
close, and its close callback runs). The object stays, and its other calls then fail.

=back

All C<$flags> above are unused by libvirt so far and should be 0.

=head1 CONSTANTS

=over 4

=item Transports: C<TRANS_*>

C<TRANS_UNIX>, C<TRANS_TCP> and C<TRANS_TLS>, as C<get_transport> returns them.

=item Identity: C<INFO_*>

C<INFO_READONLY>, C<INFO_SOCKET_ADDR>, C<INFO_SASL_USER_NAME>,
C<INFO_X509_DISTINGUISHED_NAME>, C<INFO_UNIX_USER_ID>, C<INFO_UNIX_USER_NAME>,
C<INFO_UNIX_GROUP_ID>, C<INFO_UNIX_GROUP_NAME>, C<INFO_UNIX_PROCESS_ID> and
C<INFO_SELINUX_CONTEXT>: the keys of C<get_info>'s hash.

=back

=head1 SEE ALSO

L<Sys::Virt::Admin>, L<Sys::Virt::Admin::Server>

=head1 LICENSE

GPL version 2 or later, or the Artistic License, as Perl itself; see L<Sys::Virt>.

=cut
