package Sys::Virt::Error;

use strict;
use warnings;

use overload '""' => \&stringify;

sub stringify {
    my $self = shift;
    # The newline test comes first, so warnings about an undefined message come in the
    # same order as with the XS module.
    my $end = $self->{message} =~ /\n\z/ ? "" : "\n";
    return "libvirt error code: " . $self->{code} . ", message: " . $self->{message} . $end;
}

sub level   { $_[0]->{level} }
sub code    { $_[0]->{code} }
sub domain  { $_[0]->{domain} }
sub message { $_[0]->{message} }

1;

__END__

=head1 NAME

Sys::Virt::Error - what a failing libvirt call dies with

=head1 SYNOPSIS

  use Sys::Virt;

  my $dom = eval { $conn->get_domain_by_name('no-such-guest') };
  if (my $err = $@) {
      die $err unless ref $err && $err->isa('Sys::Virt::Error');
      if ($err->code == Sys::Virt::Error::ERR_NO_DOMAIN) {
          print "no such guest: ", $err->message, "\n";
      }
  }

=head1 DESCRIPTION

When libvirt reports a failure, the method that called it dies with an object of this
class. It is a blessed hash with exactly four keys, C<level>, C<code>, C<domain> and
C<message>, copied from libvirt's error record at the moment of the failure. When libvirt
failed without saying why, they are 0, 0, 0 and C<Unknown problem>.

Mistakes in the call itself (a wrong number of arguments, a missing constructor parameter)
die with a plain string instead, as in the XS module.

=head1 METHODS

=over 4

=item $err->code

The error number: one of the C<ERR_*> constants.

=item $err->domain

The part of libvirt that raised the error: one of the C<FROM_*> constants.

=item $err->level

How serious it is: one of the C<LEVEL_*> constants. B<This differs from the XS module>,
whose C<level> method returns the error code by mistake; read C<< $err->{level} >> for a
value that is the same with both.

=item $err->message

libvirt's description, as bytes.

=item $err->stringify

C<libvirt error code: CODE, message: MESSAGE> and a newline (unless the message already ends
with one). Using the object as a string calls this; no other operator is overloaded, so
compare C<< $err->code >>, not the object.

=back

=head1 CONSTANTS

All are subs with an empty prototype. Their names and values are those of libvirt 9.0.0,
as the XS module exposes them.

=over 4

=item Levels: C<LEVEL_NONE> (0), C<LEVEL_WARNING> (1), C<LEVEL_ERROR> (2)

=item Sources: C<FROM_*>

One for each part of libvirt, from C<FROM_NONE> (0) through, for example, C<FROM_DOM> (6),
C<FROM_RPC> (7), C<FROM_TEST> (12), C<FROM_DOMAIN> (20), C<FROM_URI> (45) and
C<FROM_DOMAIN_CHECKPOINT> (69).

=item Error numbers: C<ERR_*>

From C<ERR_OK> (0) and C<ERR_INTERNAL_ERROR> (1) on; those a checkpoint script meets
most are C<ERR_NO_SUPPORT> (3), C<ERR_INVALID_ARG> (8), C<ERR_OPERATION_FAILED> (9),
C<ERR_XML_ERROR> (27), C<ERR_NO_DOMAIN> (42), C<ERR_OPERATION_INVALID> (55),
C<ERR_CONFIG_UNSUPPORTED> (67), C<ERR_INVALID_SCHEMA> (92),
C<ERR_INVALID_DOMAIN_CHECKPOINT> (102), C<ERR_NO_DOMAIN_CHECKPOINT> (103),
C<ERR_NO_DOMAIN_BACKUP> (104) and C<ERR_CHECKPOINT_INCONSISTENT> (109). The spelling
C<ERR_OPERATIONED_DENIED> (29) is the XS module's, kept for compatibility; libvirt's own
name for it is C<VIR_ERR_OPERATION_DENIED>.

=item Warnings: C<WAR_NO_NETWORK>, C<WAR_NO_STORAGE>, and the other C<WAR_*> numbers

=back

=head1 SEE ALSO

L<Sys::Virt>, L<https://libvirt.org/html/libvirt-virterror.html>

=cut
