package Sys::Virt::NetworkPort;

use strict;
use warnings;

# Construction, as the XS module does it: by UUID (16 raw bytes, or 32 or 36 characters of
# hex) or from XML, blessed into the class it was called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "network parameter is required" unless exists $params{network};
    my $net = $params{network};
    my $self;
    if (exists $params{uuid}) {
        if (length($params{uuid}) == 16) {
            $self = Sys::Virt::NetworkPort::_lookup_by_uuid($net, $params{uuid});
        } elsif (length($params{uuid}) == 32 || length($params{uuid}) == 36) {
            $self = Sys::Virt::NetworkPort::_lookup_by_uuid_string($net, $params{uuid});
        } else {
            die "UUID must be either 16 unsigned bytes, or 32/36 hex characters long";
        }
    } elsif (exists $params{xml}) {
        $self = Sys::Virt::NetworkPort::_create_xml($net, $params{xml}, $params{flags} || 0);
    } else {
        die "uuid or xml parameters are required";
    }
    return bless $self, $class;
}

1;

__END__

=head1 NAME

Sys::Virt::NetworkPort - a guest's connection to a virtual network

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  my $net = $conn->get_network_by_name('lan');
  for my $port ($net->list_all_ports) {
      my $bw = $port->get_parameters;
      printf "%s inbound average %s KiB/s\n", $port->get_uuid_string,
          $bw->{Sys::Virt::NetworkPort::BANDWIDTH_IN_AVERAGE} // 'unlimited';
  }

=head1 DESCRIPTION

A port is the attachment of one guest interface to a virtual network
(L<Sys::Virt::Network>), with its MAC address, owner and bandwidth limits. libvirt makes
ports itself when guests start; a management tool may make its own with the network's
C<create_port>. Ports come from the network: C<create_port>, C<get_port_by_uuid> and
C<list_all_ports>. libvirt's test driver has no ports: a real daemon is needed.

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $uuid = $port->get_uuid()

The port's UUID as 16 raw bytes.

=item my $uuid = $port->get_uuid_string()

The UUID in its printable form.

=item my $xml = $port->get_xml_description($flags = 0)

The C<< <networkport> >> document that describes the port. C<$flags> is unused and should
be 0.

=item my $params = $port->get_parameters($flags = 0)

The port's tunable parameters, as a hash reference keyed by the C<BANDWIDTH_*> constants
below (only the ones the port has). An unsigned value of 2**31 or more comes back as it is
(see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">). C<$flags> is unused and should be
0.

=item $port->set_parameters($params, $flags = 0)

Changes the port's parameters to the values in the hash reference C<$params>. As with the
XS module, only the parameters that C<get_parameters> reports are taken from the hash,
each converted to the type libvirt gives it; other keys are ignored. C<$flags> is unused
and should be 0.

=item $port->delete($flags = 0)

Removes the port from its network. C<$flags> is unused and should be 0.

=back

Objects release their handle when they go out of scope (C<DESTROY>).

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::NetworkPort::BANDWIDTH_IN_AVERAGE>;
names and values are those of the XS module. The groups below follow the methods that take
or return them.

=head2 CREATING

For C<$flags> of L<Sys::Virt::Network/create_port>.

=over 4

=item Sys::Virt::NetworkPort::CREATE_RECLAIM

Take over the resources of a port that existed before (its C<< <plug> >> element is kept).

=item Sys::Virt::NetworkPort::CREATE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head2 PARAMETERS

The keys of C<get_parameters> and C<set_parameters>. Rates are in KiB per second, bursts
in KiB.

=over 4

=item Sys::Virt::NetworkPort::BANDWIDTH_IN_AVERAGE

C<inbound.average>: the average rate of incoming traffic.

=item Sys::Virt::NetworkPort::BANDWIDTH_IN_PEAK

C<inbound.peak>: the highest rate of incoming traffic.

=item Sys::Virt::NetworkPort::BANDWIDTH_IN_BURST

C<inbound.burst>: how much incoming traffic may go at the peak rate.

=item Sys::Virt::NetworkPort::BANDWIDTH_IN_FLOOR

C<inbound.floor>: the incoming rate guaranteed to the port.

=item Sys::Virt::NetworkPort::BANDWIDTH_OUT_AVERAGE

C<outbound.average>: the average rate of outgoing traffic.

=item Sys::Virt::NetworkPort::BANDWIDTH_OUT_PEAK

C<outbound.peak>: the highest rate of outgoing traffic.

=item Sys::Virt::NetworkPort::BANDWIDTH_OUT_BURST

C<outbound.burst>: how much outgoing traffic may go at the peak rate.

=back

=head1 SEE ALSO

L<Sys::Virt::Network>, L<Sys::Virt::NWFilterBinding>, L<Sys::Virt>, L<Sys::Virt::Error>,
L<https://libvirt.org/formatnetworkport.html>

=cut
