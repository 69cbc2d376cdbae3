package Sys::Virt::Interface;

use strict;
use warnings;

# Construction, as the XS module does it: by name, by MAC address, or by defining it from
# XML (create_interface on the connection defines too), blessed into the class it was
# called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $con = $params{connection};
    my $self;
    if (exists $params{name}) {
        $self = Sys::Virt::Interface::_lookup_by_name($con, $params{name});
    } elsif (exists $params{mac}) {
        $self = Sys::Virt::Interface::_lookup_by_mac($con, $params{mac});
    } elsif (exists $params{xml}) {
        $self = Sys::Virt::Interface::_define_xml($con, $params{xml}, $params{flags});
    } else {
        die "name, mac or xml parameters are required";
    }
    return bless $self, $class;
}

1;

__END__

=head1 NAME

Sys::Virt::Interface - a network interface of a libvirt host

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  for my $iface ($conn->list_all_interfaces) {
      printf "%-10s %s %s\n", $iface->get_name, $iface->get_mac,
          $iface->is_active ? 'up' : 'down';
  }

=head1 DESCRIPTION

An object of this class stands for one network interface of the host: an Ethernet card, a
bridge, a bond or a VLAN, as the host's interface driver reports it. Objects come from the
connection (L<Sys::Virt>): C<get_interface_by_name>, C<get_interface_by_mac>,
C<list_all_interfaces>, C<list_interfaces>, C<list_defined_interfaces>, C<define_interface>
and C<create_interface>. Where the host's driver allows it, an interface can be defined from
XML, brought up and down, and undefined; changes can be grouped into a transaction with
the connection's C<interface_change_begin>, C<interface_change_commit> and
C<interface_change_rollback>.

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $name = $iface->get_name()

The interface's name on the host (C<eth0>, C<br0>, ...).

=item my $mac = $iface->get_mac()

Its hardware address, in the form C<aa:bb:cc:dd:ee:ff>.

=item my $bool = $iface->is_active()

True while the interface is up.

=item my $xml = $iface->get_xml_description($flags = 0)

The XML document that describes the interface. With C<XML_INACTIVE> it is the
configuration it will have when next brought up, rather than its current state.

=item $iface->create($flags = 0)

Brings up an interface that is defined but down. C<$flags> is unused and should be 0.

=item $iface->destroy($flags = 0)

Brings the interface down. Its definition stays. C<$flags> is unused and should be 0.

=item $iface->undefine()

Removes the interface's definition from the host's configuration.

=back

Objects release their handle when they go out of scope (C<DESTROY>). Like every method of
this class, the methods above may also be called as functions
(C<Sys::Virt::Interface::get_name($iface)>); they carry the prototypes of the XS module.

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::Interface::LIST_ACTIVE>; names and
values are those of the XS module. The groups below follow the methods that take or return
them.

=head2 DEFINING

For C<$flags> of L<Sys::Virt/define_interface>.

=over 4

=item Sys::Virt::Interface::DEFINE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head2 DESCRIBING

For C<$flags> of C<get_xml_description>.

=over 4

=item Sys::Virt::Interface::XML_INACTIVE

Describe the configuration of the next start instead of the current state.

=back

=head2 LISTING

For C<$flags> of L<Sys::Virt/list_all_interfaces>; both together, or neither, list all.

=over 4

=item Sys::Virt::Interface::LIST_ACTIVE

Only the interfaces that are up.

=item Sys::Virt::Interface::LIST_INACTIVE

Only the interfaces that are down.

=back

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::Network>, L<Sys::Virt::NodeDevice>, L<Sys::Virt::Error>,
L<https://libvirt.org/html/libvirt-libvirt-interface.html>

=cut
