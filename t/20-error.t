#!/usr/bin/perl
# Sys::Virt::Error: the object every libvirt failure dies with.
use strict;
use warnings;
use Test::More;
use Scalar::Util qw(blessed reftype);
use Sys::Virt;
use FindBin;
use lib "$FindBin::Bin/lib";
use TestDriver qw(malformed_domain_message);

my $FILE = __FILE__;

my $conn = Sys::Virt->new(uri => 'test:///default');

eval { $conn->get_domain_by_name('no-such-domain') };
my $err = $@;

ok(blessed($err), '$@ is an object');
is(ref $err, 'Sys::Virt::Error', 'of class Sys::Virt::Error');
isa_ok($err, 'Sys::Virt::Error');
is(reftype $err, 'HASH', 'a blessed hash');
is_deeply([sort keys %$err], [qw(code domain level message)], 'exactly four keys');
is_deeply({%$err}, { code => 42, domain => 12, level => 2, message => 'Domain not found' },
          'the values of a lookup failure');

is($err->code, 42, 'code: ERR_NO_DOMAIN');
is($err->code, Sys::Virt::Error::ERR_NO_DOMAIN, 'code == ERR_NO_DOMAIN');
is($err->domain, 12, 'domain: FROM_TEST');
is($err->domain, Sys::Virt::Error::FROM_TEST, 'domain == FROM_TEST');
is($err->message, 'Domain not found', 'message');
# The one intended difference from the XS module, whose level() returns the code.
is($err->level, 2, 'level returns the level (LEVEL_ERROR), not the code');
is($err->level, Sys::Virt::Error::LEVEL_ERROR, 'level == LEVEL_ERROR');
is($err->{level}, 2, '{level} is the level');

# Stringification.
is($err->stringify, "libvirt error code: 42, message: Domain not found\n", 'stringify');
is("$err", "libvirt error code: 42, message: Domain not found\n", 'the "" overload gives stringify');
ok($err ? 1 : 0, 'the object is true');
{
    my $printed = '';
    open(my $fh, '>', \$printed) or die;
    print $fh $err;
    close $fh;
    is($printed, "libvirt error code: 42, message: Domain not found\n", 'print uses the overload');
}

my $mk = sub { bless { code => 1, domain => 2, level => 2, message => $_[0] }, 'Sys::Virt::Error' };
is($mk->("one\n")->stringify, "libvirt error code: 1, message: one\n",
   'a message ending with a newline gets no second one');
is($mk->("a\nb")->stringify, "libvirt error code: 1, message: a\nb\n",
   'a multi-line message gets one final newline');
is($mk->("a\nb\n")->stringify, "libvirt error code: 1, message: a\nb\n",
   'a multi-line message ending with a newline: as is');
is($mk->('')->stringify, "libvirt error code: 1, message: \n", 'an empty message');
{
    my @w;
    local $SIG{__WARN__} = sub { push @w, $_[0] };
    is($mk->(undef)->stringify, "libvirt error code: 1, message: \n", 'an undefined message');
    is(scalar @w, 2, 'an undefined message warns twice');
    like($w[0], qr/^Use of uninitialized value in pattern match/, 'first from the newline test');
    like($w[1], qr/^Use of uninitialized value in concatenation/, 'then from the concatenation');
}

# A multi-line libvirt message.
eval { $conn->define_domain('<domain') };
my $xmlerr = $@;
is($xmlerr->code, 35, 'malformed XML: code 35 (ERR_XML_DETAIL)');
is($xmlerr->domain, 20, 'malformed XML: domain 20 (FROM_DOMAIN)');
like($xmlerr->message, qr/\n-------\^\z/, 'malformed XML: a multi-line message');
like("$xmlerr", malformed_domain_message('stringified'), 'stringified with one final newline');

# Only "" is overloaded, with no fallback: other operators die.
eval { my $x = ($err eq 'x') };
like($@, qr/^Operation "eq": no method found,\n\tleft argument in overloaded package Sys::Virt::Error,\n\tright argument has no overloaded magic at \Q$FILE\E line \d+\.\n\z/,
     'eq dies: no method found');
eval { my $x = ($err == 42) };
like($@, qr/^Operation "==": no method found,/, '== dies: no method found');
ok(overload::Method($err, '""'), '"" is overloaded');
ok(!overload::Method($err, 'eq'), 'eq is not');
ok(!overload::Method($err, '=='), '== is not');

# Mistakes in the call are plain strings, not error objects.
eval { &Sys::Virt::get_uri() };
ok(!ref($@), 'a usage error is a plain string');
like($@, qr/^Usage: Sys::Virt::get_uri\(con\)/, 'usage text');

# Each failure gives a fresh object.
eval { $conn->get_domain_by_id(99) };
my $err2 = $@;
is(Scalar::Util::refaddr($err2) == Scalar::Util::refaddr($err) ? 'same' : 'new', 'new', 'a new object per failure');
is($err2->code, 42, 'get_domain_by_id(99): 42');
eval { $conn->get_domain_by_id(-1) };
is($@->{code} . '/' . $@->{domain}, '8/20', 'get_domain_by_id(-1): 8/20');
is($@->message, 'id in virDomainLookupByID must be zero or greater', 'and its message');

# Some constants.
my %const = (
    ERR_OK => 0, ERR_INTERNAL_ERROR => 1, ERR_NO_SUPPORT => 3, ERR_INVALID_ARG => 8,
    ERR_OPERATION_FAILED => 9, ERR_XML_ERROR => 27, ERR_OPERATIONED_DENIED => 29,
    ERR_NO_DOMAIN => 42, ERR_OPERATION_INVALID => 55, ERR_CONFIG_UNSUPPORTED => 67,
    ERR_INVALID_SCHEMA => 92, ERR_INVALID_DOMAIN_CHECKPOINT => 102,
    ERR_NO_DOMAIN_CHECKPOINT => 103, ERR_NO_DOMAIN_BACKUP => 104,
    ERR_CHECKPOINT_INCONSISTENT => 109,
    FROM_NONE => 0, FROM_DOM => 6, FROM_RPC => 7, FROM_TEST => 12, FROM_DOMAIN => 20,
    FROM_URI => 45, FROM_DOMAIN_CHECKPOINT => 69,
    LEVEL_NONE => 0, LEVEL_WARNING => 1, LEVEL_ERROR => 2,
);
for my $name (sort keys %const) {
    no strict 'refs';
    is(&{"Sys::Virt::Error::$name"}(), $const{$name}, "Sys::Virt::Error::$name is $const{$name}");
}

done_testing;
