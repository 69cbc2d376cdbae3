package Sys::Virt::NWFilter;

use strict;
use warnings;

# Construction, as the XS module does it: by name, by UUID (16 raw bytes, or 32 or 36
# characters of hex), or by defining it from XML, blessed into the class it was called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $con = $params{connection};
    my $self;
    if (exists $params{name}) {
        $self = Sys::Virt::NWFilter::_lookup_by_name($con, $params{name});
    } elsif (exists $params{uuid}) {
        if (length($params{uuid}) == 16) {
            $self = Sys::Virt::NWFilter::_lookup_by_uuid($con, $params{uuid});
        } elsif (length($params{uuid}) == 32 || length($params{uuid}) == 36) {
            $self = Sys::Virt::NWFilter::_lookup_by_uuid_string($con, $params{uuid});
        } else {
            die "UUID must be either 16 unsigned bytes, or 32/36 hex characters long";
        }
    } elsif (exists $params{xml}) {
        $self = Sys::Virt::NWFilter::_define_xml($con, $params{xml}, $params{flags});
    } else {
        die "address, id or uuid parameters are required";
    }
    return bless $self, $class;
}

1;

__END__

=head1 NAME

Sys::Virt::NWFilter - a network filter of a libvirt host

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  my $filter = $conn->define_nwfilter(<<'XML');
  <filter name='no-smtp' chain='ipv4'>
    <rule action='drop' direction='out'><tcp dstportstart='25'/></rule>
  </filter>
  XML
  print $filter->get_uuid_string, "\n";
  $filter->undefine;

=head1 DESCRIPTION

A network filter is a named set of rules for the traffic of guests' network interfaces,
which the host applies at the guests' ports (with ebtables, iptables or nftables). Filters
may include one another; a guest's interface refers to one with a
C<< <filterref filter='NAME'/> >> element, and each such use is a binding
(L<Sys::Virt::NWFilterBinding>). Objects come from the connection (L<Sys::Virt>):
C<get_nwfilter_by_name>, C<get_nwfilter_by_uuid>, C<list_all_nwfilters>, C<list_nwfilters>
and C<define_nwfilter>.

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $name = $filter->get_name()

The filter's name, unique on its host.

=item my $uuid = $filter->get_uuid()

The filter's UUID as 16 raw bytes.

=item my $uuid = $filter->get_uuid_string()

The UUID in its printable form, C<xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx>.

=item my $xml = $filter->get_xml_description($flags = 0)

The C<< <filter> >> document with the filter's rules. C<$flags> is unused and should be 0.

=item $filter->undefine()

Removes the filter. libvirt refuses while a guest or another filter still uses it.

=back

Objects release their handle when they go out of scope (C<DESTROY>). Like every method of
this class, the methods above may also be called as functions
(C<Sys::Virt::NWFilter::get_name($filter)>); they carry the prototypes of the XS module.

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::NWFilter::DEFINE_VALIDATE>; names
and values are those of the XS module. The groups below follow the methods that take or
return them.

=head2 DEFINING

For C<$flags> of L<Sys::Virt/define_nwfilter>.

=over 4

=item Sys::Virt::NWFilter::DEFINE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::NWFilterBinding>, L<Sys::Virt::Network>, L<Sys::Virt::Domain>,
L<Sys::Virt::Error>, L<https://libvirt.org/formatnwfilter.html>

=cut
