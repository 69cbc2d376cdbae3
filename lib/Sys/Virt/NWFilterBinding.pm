package Sys::Virt::NWFilterBinding;

use strict;
use warnings;

# Construction, as the XS module does it: by the port device it is bound to, or created
# from XML, blessed into the class it was called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $con = $params{connection};
    my $self;
    if (exists $params{portdev}) {
        $self = Sys::Virt::NWFilterBinding::_lookup_by_port_dev($con, $params{portdev});
    } elsif (exists $params{xml}) {
        $self = Sys::Virt::NWFilterBinding::_create_xml($con, $params{xml}, $params{flags});
    } else {
        die "portdev or xml parameters are required";
    }
    return bless $self, $class;
}

1;

__END__

=head1 NAME

Sys::Virt::NWFilterBinding - a network filter applied to a port device

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  for my $binding ($conn->list_all_nwfilter_bindings) {
      printf "%s filtered by %s\n", $binding->get_port_dev, $binding->get_filter_name;
  }

=head1 DESCRIPTION

A binding ties a network filter (L<Sys::Virt::NWFilter>) to one port device of the host,
the tap device of a guest's network interface. libvirt makes one for each filtered
interface of a running guest; other programs can make their own with the connection's
C<create_nwfilter_binding>, from a C<< <filterbinding> >> document naming the owner, the
port device, its MAC address and the filter. Objects also come from
C<get_nwfilter_binding_by_port_dev> and C<list_all_nwfilter_bindings>.

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $dev = $binding->get_port_dev()

The name of the port device the filter is applied to.

=item my $name = $binding->get_filter_name()

The name of the filter applied.

=item my $xml = $binding->get_xml_description($flags = 0)

The C<< <filterbinding> >> document describing the binding. C<$flags> is unused and should
be 0.

=item $binding->delete()

Removes the binding: the filter no longer applies to the port device.

=back

Objects release their handle when they go out of scope (C<DESTROY>). Like every method of
this class, the methods above may also be called as functions; they carry the prototypes of
the XS module.

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::NWFilterBinding::CREATE_VALIDATE>;
names and values are those of the XS module. The groups below follow the methods that take
or return them.

=head2 CREATING

For C<$flags> of L<Sys::Virt/create_nwfilter_binding>.

=over 4

=item Sys::Virt::NWFilterBinding::CREATE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head1 SEE ALSO

L<Sys::Virt::NWFilter>, L<Sys::Virt::NetworkPort>, L<Sys::Virt>, L<Sys::Virt::Error>,
L<https://libvirt.org/formatnwfilter.html>

=cut
