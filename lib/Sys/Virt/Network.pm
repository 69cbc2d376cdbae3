package Sys::Virt::Network;

use strict;
use warnings;

# Construction, as the XS module does it: by name, by UUID (16 raw bytes, or 32 or 36
# characters of hex), or from XML (started at once, or only defined with nocreate), blessed
# into the class it was called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $con = $params{connection};
    my $self;
    if (exists $params{name}) {
        $self = Sys::Virt::Network::_lookup_by_name($con, $params{name});
    } elsif (exists $params{uuid}) {
        if (length($params{uuid}) == 16) {
            $self = Sys::Virt::Network::_lookup_by_uuid($con, $params{uuid});
        } elsif (length($params{uuid}) == 32 || length($params{uuid}) == 36) {
            $self = Sys::Virt::Network::_lookup_by_uuid_string($con, $params{uuid});
        } else {
            die "UUID must be either 16 unsigned bytes, or 32/36 hex characters long";
        }
    } elsif (exists $params{xml}) {
        if ($params{nocreate}) {
            $self = Sys::Virt::Network::_define_xml($con, $params{xml}, $params{flags});
        } else {
            $self = Sys::Virt::Network::_create_xml($con, $params{xml}, $params{flags});
        }
    } else {
        die "address, id or uuid parameters are required";
    }
    return bless $self, $class;
}

sub create_port {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::NetworkPort->_new(network => $self, xml => $xml, flags => $flags || 0);
}

sub get_port_by_uuid {
    my $self = shift;
    my ($uuid) = @_;
    return Sys::Virt::NetworkPort->_new(network => $self, uuid => $uuid);
}

1;

__END__

=head1 NAME

Sys::Virt::Network - a virtual network of a libvirt host

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'test:///default');
  my $net = $conn->get_network_by_name('default');
  printf "%s on bridge %s, %s\n", $net->get_name, $net->get_bridge_name,
      $net->is_active ? 'running' : 'stopped';

  # Add a fixed DHCP address, in the running network and in its saved configuration
  $net->update(Sys::Virt::Network::UPDATE_COMMAND_ADD_LAST,
               Sys::Virt::Network::SECTION_IP_DHCP_HOST, -1,
               "<host mac='52:54:00:00:00:01' ip='192.168.122.10'/>",
               Sys::Virt::Network::UPDATE_AFFECT_LIVE | Sys::Virt::Network::UPDATE_AFFECT_CONFIG);

=head1 DESCRIPTION

An object of this class stands for one virtual network: a bridge, with the addressing,
DHCP and DNS service and forwarding that libvirt sets up for it. Objects come from the
connection (L<Sys::Virt>): C<get_network_by_name>, C<get_network_by_uuid>,
C<list_all_networks>, C<list_networks>, C<list_defined_networks>, C<create_network> and
C<define_network>. A network may be running (I<active>) or only defined, and persistent
(with a saved configuration) or transient (gone once it stops).

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $name = $net->get_name()

The network's name, unique on its host.

=item my $uuid = $net->get_uuid()

The network's UUID as 16 raw bytes.

=item my $uuid = $net->get_uuid_string()

The UUID in its printable form, C<xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx>.

=item my $xml = $net->get_xml_description($flags = 0)

The XML document that describes the network. With C<XML_INACTIVE> it is the configuration
the network will have when it next starts, rather than the one in force.

=item my $bool = $net->is_active()

True while the network is running.

=item my $bool = $net->is_persistent()

True when the network has a saved configuration (it was defined, not only created).

=item my $bridge = $net->get_bridge_name()

The name of the host's bridge device that the network uses.

=item $net->create()

Starts a network that was defined with C<define_network>.

=item $net->destroy()

Stops the network at once. A persistent network stays defined and can be started again; a
transient one is gone, and its object can then only be freed.

=item $net->undefine()

Removes the saved configuration. A running network keeps running, as a transient one.

=item $net->update($command, $section, $parent_index, $xml, $flags = 0)

Changes one part of the network's configuration without redefining it. C<$command> is one
of the C<UPDATE_COMMAND_*> constants, C<$section> one of the C<SECTION_*> constants naming
the part that C<$xml> describes (for instance C<SECTION_IP_DHCP_HOST> with a
C<< <host mac='...' ip='...'/> >> element), and C<$parent_index> says which of several
parent elements is meant (-1 for the first, or when there is only one). C<$flags> take the
C<UPDATE_AFFECT_*> constants: the running network, its saved configuration, or both.

=item my $bool = $net->get_autostart()

True when the network is started with the host.

=item $net->set_autostart($bool)

Sets whether the network is started with the host.

=item my $text = $net->get_metadata($type, $uri = undef, $flags = 0)

The network's title or description (C<$type> C<METADATA_TITLE>, C<METADATA_DESCRIPTION>),
or with C<METADATA_ELEMENT> the custom XML element in the namespace C<$uri>. Dies with
C<Sys::Virt::Error::ERR_NO_NETWORK_METADATA> when there is none. C<$flags> say which
definition is read, the live one or the persistent one (C<UPDATE_AFFECT_LIVE>,
C<UPDATE_AFFECT_CONFIG>). Needs libvirt 9.7.0 or later (see
L<Sys::Virt/"LIBVIRT VERSIONS">).

=item $net->set_metadata($type, $metadata = undef, $key = undef, $uri = undef, $flags = 0)

Sets that metadata, or removes it when C<$metadata> is C<undef>. A custom element needs a
namespace prefix C<$key> and its C<$uri>. A change is reported to the network's
C<EVENT_ID_METADATA_CHANGE> callbacks. Needs libvirt 9.7.0 or later.

=item my @leases = $net->get_dhcp_leases($mac = undef, $flags = 0)

The DHCP leases the network has handed out, all of them or, with C<$mac>, those of one MAC
address. Each lease is a hash reference with the keys C<iface>, C<expirytime> (seconds since
the epoch), C<type> (C<Sys::Virt::IP_ADDR_TYPE_IPV4> or C<_IPV6>), C<mac>, C<iaid>,
C<ipaddr>, C<prefix>, C<hostname> and C<clientid>; a value libvirt does not know is
C<undef>. C<$flags> is unused and should be 0.

=item my @ports = $net->list_all_ports($flags = 0)

The network's ports (the connections of guests to it), as L<Sys::Virt::NetworkPort>
objects. C<$flags> is unused and should be 0.

=item my $port = $net->create_port($xml, $flags = 0)

Creates a port from a C<< <networkport> >> document, giving a
L<Sys::Virt::NetworkPort>. See that class for the C<CREATE_*> flags.

=item my $port = $net->get_port_by_uuid($uuid)

The port with this UUID, raw (16 bytes) or printable.

=back

Objects release their handle when they go out of scope (C<DESTROY>). Like every method of
this class, the methods above may also be called as functions
(C<Sys::Virt::Network::get_name($net)>); they carry the prototypes of the XS module.

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::Network::LIST_ACTIVE>; names and
values are those of the XS module. The groups below follow the methods that take or return
them.

=head2 CREATING AND DEFINING

=over 4

=item Sys::Virt::Network::CREATE_VALIDATE

For C<$flags> of L<Sys::Virt/create_network>: check the XML against libvirt's schema
first.

=item Sys::Virt::Network::DEFINE_VALIDATE

For C<$flags> of L<Sys::Virt/define_network>: check the XML against libvirt's schema
first.

=back

=head2 DESCRIBING

For C<$flags> of C<get_xml_description>.

=over 4

=item Sys::Virt::Network::XML_INACTIVE

Describe the configuration of the next start instead of the running one.

=back

=head2 LISTING

For C<$flags> of L<Sys::Virt/list_all_networks>. The filters of one pair together mean
either; filters of different pairs must all hold.

=over 4

=item Sys::Virt::Network::LIST_ACTIVE

Only running networks.

=item Sys::Virt::Network::LIST_INACTIVE

Only stopped networks.

=item Sys::Virt::Network::LIST_PERSISTENT

Only networks with a saved configuration.

=item Sys::Virt::Network::LIST_TRANSIENT

Only networks without one.

=item Sys::Virt::Network::LIST_AUTOSTART

Only networks started with the host.

=item Sys::Virt::Network::LIST_NO_AUTOSTART

Only networks that are not.

=back

=head2 UPDATING

C<UPDATE_COMMAND_*> are the C<$command> of C<update>, C<SECTION_*> its C<$section> (the
element C<$xml> is), and C<UPDATE_AFFECT_*> its C<$flags>, which also serve
C<get_metadata> and C<set_metadata>.

=over 4

=item Sys::Virt::Network::UPDATE_COMMAND_NONE

No change (not a valid command).

=item Sys::Virt::Network::UPDATE_COMMAND_MODIFY

Replace the matching element.

=item Sys::Virt::Network::UPDATE_COMMAND_DELETE

Remove the matching element.

=item Sys::Virt::Network::UPDATE_COMMAND_ADD_LAST

Add the element after its siblings.

=item Sys::Virt::Network::UPDATE_COMMAND_ADD_FIRST

Add the element before its siblings.

=item Sys::Virt::Network::SECTION_NONE

No section (not a valid one).

=item Sys::Virt::Network::SECTION_BRIDGE

The C<< <bridge> >> element.

=item Sys::Virt::Network::SECTION_DOMAIN

The C<< <domain> >> element.

=item Sys::Virt::Network::SECTION_IP

An C<< <ip> >> element.

=item Sys::Virt::Network::SECTION_IP_DHCP_HOST

A C<< <host> >> of C<< <ip><dhcp> >>: a fixed address.

=item Sys::Virt::Network::SECTION_IP_DHCP_RANGE

A C<< <range> >> of C<< <ip><dhcp> >>.

=item Sys::Virt::Network::SECTION_FORWARD

The C<< <forward> >> element.

=item Sys::Virt::Network::SECTION_FORWARD_INTERFACE

An C<< <interface> >> of C<< <forward> >>.

=item Sys::Virt::Network::SECTION_FORWARD_PF

The C<< <pf> >> of C<< <forward> >>.

=item Sys::Virt::Network::SECTION_PORTGROUP

A C<< <portgroup> >> element.

=item Sys::Virt::Network::SECTION_DNS_HOST

A C<< <host> >> of C<< <dns> >>.

=item Sys::Virt::Network::SECTION_DNS_TXT

A C<< <txt> >> of C<< <dns> >>.

=item Sys::Virt::Network::SECTION_DNS_SRV

An C<< <srv> >> of C<< <dns> >>.

=item Sys::Virt::Network::UPDATE_AFFECT_CURRENT

The running network if it runs, else its configuration.

=item Sys::Virt::Network::UPDATE_AFFECT_LIVE

The running network.

=item Sys::Virt::Network::UPDATE_AFFECT_CONFIG

The saved configuration.

=back

=head2 METADATA

The C<$type> of C<get_metadata> and C<set_metadata>, and the C<$type> an
C<EVENT_ID_METADATA_CHANGE> event reports.

=over 4

=item Sys::Virt::Network::METADATA_DESCRIPTION

The C<< <description> >> of the network, free text.

=item Sys::Virt::Network::METADATA_TITLE

The C<< <title> >> of the network, one short line.

=item Sys::Virt::Network::METADATA_ELEMENT

An element of the C<< <metadata> >> section, in the XML namespace of an application.

=back

=head2 EVENTS

C<EVENT_ID_*> are the C<$eventID> of L<Sys::Virt/network_event_register_any>; the callback
gets the connection and the network first, then what each ID says.

=over 4

=item Sys::Virt::Network::EVENT_ID_LIFECYCLE

A network was defined, undefined, started or stopped: C<$event> (one of the C<EVENT_*>
values below) and C<$detail> (always 0 for now).

=item Sys::Virt::Network::EVENT_ID_METADATA_CHANGE

The network's metadata changed: C<$type> (a C<METADATA_*> value) and C<$nsuri>, the
namespace of a changed element (C<undef> for the title and the description). Needs libvirt
9.8.0 or later.

=item Sys::Virt::Network::EVENT_DEFINED

The network was defined.

=item Sys::Virt::Network::EVENT_UNDEFINED

The network was undefined.

=item Sys::Virt::Network::EVENT_STARTED

The network was started.

=item Sys::Virt::Network::EVENT_STOPPED

The network was stopped.

=back

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::NetworkPort>, L<Sys::Virt::NWFilter>, L<Sys::Virt::Interface>,
L<Sys::Virt::Event>, L<Sys::Virt::Error>, L<https://libvirt.org/formatnetwork.html>

=cut
