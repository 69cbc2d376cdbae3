package Sys::Virt::Secret;

use strict;
use warnings;

# Construction, as the XS module does it: by usage (type and id together), by UUID (16 raw
# bytes, or 32 or 36 characters of hex), or by defining it from XML, blessed into the class
# it was called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $con = $params{connection};
    my $self;
    if (exists $params{usageID} || exists $params{usageType}) {
        die "usageID parameter must be provided with usageType" unless exists $params{usageID};
        die "usageType parameter must be provided with usageID" unless exists $params{usageType};
        $self = Sys::Virt::Secret::_lookup_by_usage($con, $params{usageType}, $params{usageID});
    } elsif (exists $params{uuid}) {
        if (length($params{uuid}) == 16) {
            $self = Sys::Virt::Secret::_lookup_by_uuid($con, $params{uuid});
        } elsif (length($params{uuid}) == 32 || length($params{uuid}) == 36) {
            $self = Sys::Virt::Secret::_lookup_by_uuid_string($con, $params{uuid});
        } else {
            die "UUID must be either 16 unsigned bytes, or 32/36 hex characters long";
        }
    } elsif (exists $params{xml}) {
        $self = Sys::Virt::Secret::_define_xml($con, $params{xml}, $params{flags});
    } else {
        die "usageID, xml or uuid parameters are required";
    }
    return bless $self, $class;
}

1;

__END__

=head1 NAME

Sys::Virt::Secret - a secret kept by a libvirt host

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  my $sec = $conn->define_secret(<<'XML');
  <secret ephemeral='no' private='yes'>
    <usage type='volume'><volume>/var/lib/libvirt/images/vault.img</volume></usage>
  </secret>
  XML
  $sec->set_value($key_bytes);

  my $same = $conn->get_secret_by_usage(Sys::Virt::Secret::USAGE_TYPE_VOLUME,
                                        '/var/lib/libvirt/images/vault.img');
  printf "%s is for %s\n", $same->get_uuid_string, $same->get_usage_id;

=head1 DESCRIPTION

A secret is a value that the host keeps for guests and storage: the passphrase of an
encrypted volume, the key of a Ceph or iSCSI user, the password of a TLS key, the state key
of a virtual TPM. Its XML says what it is used for (its I<usage>: a type and an identifier,
such as the path of a volume) and whether libvirt may show its value (C<private>) and keep
it on disk (C<ephemeral>); its value is set separately. Objects come from the connection
(L<Sys::Virt>): C<get_secret_by_uuid>, C<get_secret_by_usage>, C<list_all_secrets>,
C<list_secrets> and C<define_secret>.

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $uuid = $sec->get_uuid()

The secret's UUID as 16 raw bytes.

=item my $uuid = $sec->get_uuid_string()

The UUID in its printable form, C<xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx>.

=item my $type = $sec->get_usage_type()

What the secret is for: one of the C<USAGE_TYPE_*> constants. As in the XS module, a
secret without a usage (C<USAGE_TYPE_NONE>) makes this method die, with libvirt's error or
an error of code 0 and message "Unknown problem".

=item my $id = $sec->get_usage_id()

The identifier of what the secret is for, whose form depends on the usage type: the path of
a volume, the name of a Ceph user or an iSCSI target, ... (an empty string for none).

=item my $xml = $sec->get_xml_description($flags = 0)

The C<< <secret> >> document describing the secret (never its value). C<$flags> is unused
and should be 0.

=item my $bytes = $sec->get_value($flags = 0)

The secret's value, as a string of bytes of its full length (NUL bytes included). libvirt
refuses for a private secret, and for one whose value was never set. The buffer libvirt
handed over is zeroed before it is freed (see
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">); the string returned is the caller's to
look after. C<$flags> is unused and should be 0.

=item $sec->set_value($bytes, $flags = 0)

Sets the secret's value to C<$bytes>, which may be any bytes (NUL bytes included, none
cut off). libvirt refuses an empty value. A copy this module makes of the value (when
reading the argument runs Perl code, as for a tied scalar) is zeroed once libvirt has it.
C<$flags> is unused and should be 0.

=item $sec->undefine()

Removes the secret and its value.

=back

Objects release their handle when they go out of scope (C<DESTROY>). Like every method of
this class, the methods above may also be called as functions
(C<Sys::Virt::Secret::get_value($sec)>); they carry the prototypes of the XS module.

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::Secret::USAGE_TYPE_VOLUME>; names
and values are those of the XS module. The groups below follow the methods that take or
return them.

=head2 USAGE TYPES

What C<get_usage_type> returns, and the C<$type> of L<Sys::Virt/get_secret_by_usage>.

=over 4

=item Sys::Virt::Secret::USAGE_TYPE_NONE

No usage.

=item Sys::Virt::Secret::USAGE_TYPE_VOLUME

The passphrase of an encrypted volume; the identifier is the volume's path.

=item Sys::Virt::Secret::USAGE_TYPE_CEPH

The key of a Ceph user; the identifier is the usage name from the XML.

=item Sys::Virt::Secret::USAGE_TYPE_ISCSI

The password of an iSCSI user; the identifier is the target from the XML.

=item Sys::Virt::Secret::USAGE_TYPE_TLS

The passphrase of a TLS private key; the identifier is the name from the XML.

=item Sys::Virt::Secret::USAGE_TYPE_VTPM

The key of a virtual TPM's state; the identifier is the name from the XML.

=back

=head2 DEFINING

For C<$flags> of L<Sys::Virt/define_secret>.

=over 4

=item Sys::Virt::Secret::DEFINE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head2 LISTING

For C<$flags> of L<Sys::Virt/list_all_secrets>. The filters of one pair together mean
either; filters of different pairs must all hold.

=over 4

=item Sys::Virt::Secret::LIST_EPHEMERAL

Only secrets kept in memory only.

=item Sys::Virt::Secret::LIST_NO_EPHEMERAL

Only secrets also kept on disk.

=item Sys::Virt::Secret::LIST_PRIVATE

Only secrets whose value libvirt will not reveal.

=item Sys::Virt::Secret::LIST_NO_PRIVATE

Only secrets whose value it will.

=back

=head2 EVENTS

C<EVENT_ID_*> are the C<$eventID> of L<Sys::Virt/secret_event_register_any>; the callback
gets the connection and the secret first, then what each ID says.

=over 4

=item Sys::Virt::Secret::EVENT_ID_LIFECYCLE

A secret was defined or undefined: C<$event> (one of the C<EVENT_*> values below) and
C<$detail> (always 0 for now).

=item Sys::Virt::Secret::EVENT_ID_VALUE_CHANGED

The secret's value changed. Nothing more.

=item Sys::Virt::Secret::EVENT_DEFINED

The secret was defined.

=item Sys::Virt::Secret::EVENT_UNDEFINED

The secret was undefined.

=back

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::StorageVol>, L<Sys::Virt::Event>, L<Sys::Virt::Error>,
L<https://libvirt.org/formatsecret.html>

=cut
