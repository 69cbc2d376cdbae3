package Sys::Virt::Admin;

use strict;
use warnings;

# The native part (the admin classes' XSUBs and constants) is registered when Sys::Virt's
# library loads.
use Sys::Virt ();
use Sys::Virt::Admin::Server;
use Sys::Virt::Admin::Client;

sub new {
    my ($proto, %args) = @_;
    my $class = ref($proto) || $proto;
    my $uri = exists $args{uri} ? $args{uri} : undef;
    my $flags = exists $args{flags} ? $args{flags} : 0;
    my $self = Sys::Virt::Admin::_open($uri, $flags);
    return bless $self, $class;
}

sub get_version {
    return Sys::Virt::Admin::_get_version();
}

# $obj->async, as for Sys::Virt's classes: a proxy whose methods return Futures
# (Sys::Virt::Async, loaded at the first use).
for my $class (qw(Sys::Virt::Admin Sys::Virt::Admin::Server Sys::Virt::Admin::Client)) {
    no strict 'refs';
    *{"${class}::async"} = sub {
        require Sys::Virt::Async;
        Sys::Virt::Async::proxy($_[0], $class);
    };
}

1;

__END__

=head1 NAME

Sys::Virt::Admin - a libvirt daemon's administration interface

=head1 SYNOPSIS

  use Sys::Virt::Admin;

  my $adm = Sys::Virt::Admin->new(uri => 'libvirtd:///system');
  for my $srv ($adm->list_servers) {
      my $pool = $srv->get_threadpool_parameters;
      printf "%s: %d of %d workers free\n", $srv->get_name,
          $pool->{Sys::Virt::Admin::Server::THREADPOOL_WORKERS_FREE},
          $pool->{Sys::Virt::Admin::Server::THREADPOOL_WORKERS_CURRENT};
      for my $client ($srv->list_clients) {
          printf "  client %d since %s\n", $client->get_id,
              scalar localtime $client->get_timestamp;
      }
  }
  $adm->set_logging_filters('1:qemu 3:*');

=head1 DESCRIPTION

A C<Sys::Virt::Admin> object is a connection to a libvirt daemon's admin socket, through
libvirt's admin library (C<libvirt-admin>). It shows the daemon's servers
(L<Sys::Virt::Admin::Server>), their worker pools, limits and clients
(L<Sys::Virt::Admin::Client>), and sets its logging and its idle timeout: what the
C<virt-admin> tool does. The admin socket belongs to root (or to the user, for a session
daemon).

B<One process, one kind of connection.> libvirt-admin carries its own copy of libvirt's
object types, which since libvirt 6 are registered by name with GLib, once per process:
whichever of libvirt and libvirt-admin opens a connection first owns them, and the other
would crash on its first object. So a process that has opened a L<Sys::Virt> connection
cannot open an admin connection, and a process that has opened an admin connection cannot
open a L<Sys::Virt> connection: the second kind dies with a L<Sys::Virt::Error> of code 3
(not supported) saying so, instead of crashing. A child made by C<fork> inherits its
parent's choice. A program that needs both opens one kind in a child process: fork before
opening any connection (or run a new perl), as F<eg/daemon-clients.pl> does.

The admin library is not linked: it is loaded with the module if the host has it
(C<libvirt-admin.so.0>, Debian's C<libvirt0> package). Where it is missing, the module
still loads, and every call of this class dies with a L<Sys::Virt::Error> of code 3
(C<Sys::Virt::Error::ERR_NO_SUPPORT>) naming the function and the library. Every failure
of libvirt dies with a L<Sys::Virt::Error>, as for the rest of the module.

=head1 METHODS

=over 4

=item my $adm = Sys::Virt::Admin->new(uri => $uri, flags => $flags)

Dies in a process that has opened a L<Sys::Virt> connection (see above). Otherwise,
connects to the admin socket of the daemon named by C<$uri>: C<libvirtd:///system> for
the monolithic daemon, C<virtqemud:///system>, C<virtnetworkd:///system> and the other
modular daemons by their name, C<virtproxyd:///system>, or C<...:///session> for a user's
daemon. Without C<uri>, libvirt's default (C<LIBVIRT_ADMIN_DEFAULT_URI>, its
configuration, or C<libvirtd:///system>). C<$flags> may be C<Sys::Virt::CONNECT_NO_ALIASES>.

=item my $version = Sys::Virt::Admin->get_version()

The version of the admin library this process loaded, as major * 1,000,000 + minor *
1,000 + micro.

=item my $version = $adm->get_library_version()

The version of libvirt the daemon runs, in the same form.

=item my $uri = $adm->get_uri()

The URI of the connection (the default one resolved).

=item my $bool = $adm->is_alive()

Whether the connection is still open.

=item $adm->register_close_callback($callback)

Calls C<$callback> with the admin connection and a C<Sys::Virt::CLOSE_REASON_*> constant
when the connection is lost (the daemon exited) or closed. It needs an event loop (see
L<Sys::Virt::Event>), registered before the connection is opened. One per connection.

=item $adm->unregister_close_callback()

Removes the close callback. libvirt forgets the callback once it has run: removing it
then dies with libvirt's error (code 55, operation invalid).

=item my @servers = $adm->list_servers($flags = 0)

The daemon's servers, as L<Sys::Virt::Admin::Server> objects: C<libvirtd> and C<admin> in
libvirtd. C<$flags> is unused and should be 0.

=item my $srv = $adm->get_server_by_name($name, $flags = 0)

The server called C<$name>. C<$flags> is unused and should be 0.

=item my $outputs = $adm->get_logging_outputs($flags = 0)

The daemon's log outputs, as in its configuration file's C<log_outputs>
(C<3:file:/var/log/libvirt/libvirtd.log>), separated by spaces.

=item $adm->set_logging_outputs($outputs, $flags = 0)

Replaces the daemon's log outputs; C<""> or undef restores libvirt's default.

=item my $filters = $adm->get_logging_filters($flags = 0)

The daemon's log filters, as in C<log_filters> (C<1:qemu 3:remote>), separated by spaces;
undef when there are none.

=item $adm->set_logging_filters($filters, $flags = 0)

Replaces the daemon's log filters; C<""> or undef removes them all.

=item $adm->set_daemon_timeout($seconds, $flags = 0)

Makes the daemon exit after C<$seconds> without clients or running guests; 0 turns this
off. (There is no call to read it back.)

=item my $proxy = $adm->async

A proxy whose methods return Futures, for the methods above that have an async form (those
made of a single libvirt call with a plain result), as L<Sys::Virt::Async> describes for
the other classes.

=back

All C<$flags> above are unused by libvirt so far and should be 0.

=head1 THREADS AND FORK

As the other objects of this module: a Perl thread's copy of an admin connection, server or
client works and holds its own reference; a child made by C<fork> may use the objects it
inherited (one process at a time on the shared socket) and never releases them.

=head1 SEE ALSO

L<Sys::Virt::Admin::Server>, L<Sys::Virt::Admin::Client>, L<Sys::Virt>, C<virt-admin(1)>,
L<https://libvirt.org/html/libvirt-libvirt-admin.html>

=head1 LICENSE

GPL version 2 or later, or the Artistic License, as Perl itself; see L<Sys::Virt>.

=cut
