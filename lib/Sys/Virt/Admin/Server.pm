package Sys::Virt::Admin::Server;

use strict;
use warnings;

1;

__END__

=head1 NAME

Sys::Virt::Admin::Server - one server of a libvirt daemon

=head1 SYNOPSIS

  my $srv = Sys::Virt::Admin->new(uri => 'libvirtd:///system')->get_server_by_name('libvirtd');
  my $old = $srv->get_threadpool_parameters;
  $srv->set_threadpool_parameters({ Sys::Virt::Admin::Server::THREADPOOL_WORKERS_MAX() => 40 });
  printf "%d clients of at most %d\n",
      @{ $srv->get_client_limits }{qw(nclients nclients_max)};

=head1 DESCRIPTION

A daemon has servers: libvirtd has C<libvirtd>, for its clients, and C<admin>, for its
admin socket. Objects of this class come from L<Sys::Virt::Admin>'s C<list_servers> and
C<get_server_by_name>, and keep their admin connection open.

=head1 METHODS

=over 4

=item my $name = $srv->get_name()

The server's name.

=item my $params = $srv->get_threadpool_parameters($flags = 0)

The server's worker pool, as a hash reference with the keys named by the
C<THREADPOOL_*> constants: C<minWorkers>, C<maxWorkers>, C<prioWorkers>, C<freeWorkers>,
C<nWorkers> and C<jobQueueDepth>.

=item $srv->set_threadpool_parameters(\%params, $flags = 0)

Changes the pool: C<minWorkers>, C<maxWorkers> and C<prioWorkers> of C<%params> are sent
(unsigned numbers); other keys, such as the read-only ones C<get_threadpool_parameters>
returns, are left out, so its hash can be given back as it is.

=item my $limits = $srv->get_client_limits($flags = 0)

The client limits and counts, as a hash reference with the keys named by the C<CLIENTS_*>
constants: C<nclients_max>, C<nclients>, C<nclients_unauth_max> and C<nclients_unauth>.

=item $srv->set_client_limits(\%params, $flags = 0)

Changes the limits C<nclients_max> and C<nclients_unauth_max> of C<%params>; other keys are
left out.

=item my @clients = $srv->list_clients($flags = 0)

The clients connected to this server, as L<Sys::Virt::Admin::Client> objects.

=item my $client = $srv->get_client_by_id($id, $flags = 0)

The client with this ID.

=item $srv->update_tls_files($flags = 0)

Makes the server read its TLS certificates, keys and revocation list again. A server
that does not listen with TLS answers with an error.

=item my $proxy = $srv->async

A proxy whose methods return Futures, for the methods above that have an async form (those
made of a single libvirt call with a plain result), as L<Sys::Virt::Async> describes for
the other classes.

=back

All C<$flags> above are unused by libvirt so far and should be 0.

=head1 CONSTANTS

The names of the typed parameters, from libvirt-admin.h.

=head2 WORKER POOL

The keys of C<get_threadpool_parameters> and C<set_threadpool_parameters>.

=over 4

=item Sys::Virt::Admin::Server::THREADPOOL_WORKERS_MIN

C<minWorkers>: the fewest workers the pool keeps (settable).

=item Sys::Virt::Admin::Server::THREADPOOL_WORKERS_MAX

C<maxWorkers>: the most workers the pool may have (settable).

=item Sys::Virt::Admin::Server::THREADPOOL_WORKERS_PRIORITY

C<prioWorkers>: the workers kept for high-priority calls (settable).

=item Sys::Virt::Admin::Server::THREADPOOL_WORKERS_FREE

C<freeWorkers>: the workers waiting for a call (read-only).

=item Sys::Virt::Admin::Server::THREADPOOL_WORKERS_CURRENT

C<nWorkers>: the workers there are now (read-only).

=item Sys::Virt::Admin::Server::THREADPOOL_JOB_QUEUE_DEPTH

C<jobQueueDepth>: the calls waiting for a worker (read-only).

=back

=head2 CLIENT LIMITS

The keys of C<get_client_limits> and C<set_client_limits>.

=over 4

=item Sys::Virt::Admin::Server::CLIENTS_MAX

C<nclients_max>: the most clients the server takes (settable).

=item Sys::Virt::Admin::Server::CLIENTS_CURRENT

C<nclients>: the clients it has (read-only).

=item Sys::Virt::Admin::Server::CLIENTS_UNAUTH_MAX

C<nclients_unauth_max>: the most clients still authenticating (settable).

=item Sys::Virt::Admin::Server::CLIENTS_UNAUTH_CURRENT

C<nclients_unauth>: the clients still authenticating (read-only).

=back

=head1 SEE ALSO

L<Sys::Virt::Admin>, L<Sys::Virt::Admin::Client>

=head1 LICENSE

GPL version 2 or later, or the Artistic License, as Perl itself; see L<Sys::Virt>.

=cut
