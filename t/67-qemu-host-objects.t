#!/usr/bin/perl
# Secrets, network filters and bindings, node devices and interfaces on the real libvirtd
# (qemu:///system, started by tools/libvirtd.sh): what the test driver does not do.
# t/lib/qemu-host-objects-script.pl defines a secret and stores and reads binary values
# (NUL bytes included), looks it up by UUID and by usage, and undefines it; defines a
# filter, looks it up, binds it to a port device, unbinds and undefines it; lists the host's
# node devices with their parents, capabilities and XML, and its interfaces.
#
# The script runs in a child with whichever Sys::Virt is first in @INC (under prove -b, the
# built one), and its main facts are checked here. When the reference module is installed
# the script runs once more with it, and the two outputs must agree line by line. Each run
# gets its own names (sysvirt-t67-...); whatever a run leaves behind is removed here and
# counts as a failure.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;
use Digest::MD5 qw(md5_hex);

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason);
use Differential qw(quiet qemu_connect_or_skip run_tracked check_current_run facts check_facts
                    check_reference_run compare_lines);
my $SOCK = '/var/run/libvirt/libvirt-sock';
my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'qemu-host-objects-script.pl'));

plan skip_all => 'needs root (the real libvirtd runs as root)' if $> != 0;
plan skip_all => "no libvirtd socket $SOCK (run tools/libvirtd.sh start)" unless -S $SOCK;
plan skip_all => "$script not found" unless -f $script;
qemu_connect_or_skip();
{
    my $c = Sys::Virt->new(uri => 'qemu:///system');
    for my $need (['num_of_secrets', 'the secret driver'], ['num_of_nwfilters', 'the nwfilter driver'],
                  ['num_of_node_devices', 'the node device driver', undef],
                  ['num_of_interfaces', 'the interface driver']) {
        my ($m, $what, @a) = @$need;
        next if eval { $c->$m(@a); 1 };
        my $e = ref $@ ? $@->message : $@;
        plan skip_all => "the daemon lacks $what ($m: $e)";
    }
}

# ---------------------------------------------------------------- leftovers
# Removes what a run may have left, by its names, with virsh (which does not depend on the
# module under test). Returns descriptions of what had to be removed.
sub remove_leftovers {
    my ($name, $secuuid, $fltuuid, $portdev) = @_;
    my ($virsh) = grep { -x } map { "$_/virsh" } split(/:/, $ENV{PATH} // ''), '/usr/bin';
    return () unless $virsh;
    my @v = ($virsh, '-q', '-c', 'qemu:///system');
    my @left;
    if (quiet(@v, 'nwfilter-binding-dumpxml', $portdev)) {
        push @left, "binding $portdev";
        quiet(@v, 'nwfilter-binding-delete', $portdev);
    }
    if (quiet(@v, 'nwfilter-dumpxml', $name)) {
        push @left, "filter $name";
        quiet(@v, 'nwfilter-undefine', $name);
    }
    my $bare = 'eeeeeeee-0067-4000-8000-' . substr($secuuid =~ s/-//gr, 0, 12);
    for my $u ($secuuid, $bare) {
        if (quiet(@v, 'secret-dumpxml', $u)) {
            push @left, "secret $u";
            quiet(@v, 'secret-undefine', $u);
        }
    }
    return @left;
}

sub uuid_of { my $h = md5_hex($_[0]); substr($h, 12, 1) = '4'; join '-', unpack 'A8 A4 A4 A4 A12', $h }

sub run_script {
    my ($which, $tag) = @_;
    my $name = "sysvirt-t67-$tag-$$";
    return run_tracked($which, $script, \&remove_leftovers, $name, uuid_of("s$name"),
                       uuid_of("f$name"), "svt67$tag$$");
}

my ($pm, $out, $err, $status) = run_script('current', 'c');
check_current_run($pm, $out, $err, $status);

my @expect = (
    ['define_secret'            => '1 [Sys::Virt::Secret/SCALAR(SECUUID)]', 'define_secret'],
    ['get_usage_type'           => '1 [1]', 'get_usage_type: USAGE_TYPE_VOLUME'],
    ['get_usage_id'             => '1 [/var/lib/libvirt/images/NAME.img]', 'get_usage_id: the volume path'],
    ['get_value before set'     => qr/\ADIE ERR ref=Sys::Virt::Error code=66 /, 'no value yet: error 66'],
    ['get_value binary hex'     => '1 [00' . join('', map { sprintf '%02x', $_ } 0 .. 255) . '007461696c00]',
        'a binary value (all 256 bytes, NULs around) comes back whole'],
    ['get_value binary length'  => '1 [263]', '... of its full length'],
    ['get_value one NUL'        => '1 [00]', 'a single NUL byte is a value'],
    ['get_value text'           => '1 [passphrase]', 'a text value'],
    ['get_value 64 KiB'         => '2 [65536 | equal]', 'a 64 KiB value'],
    ['get_value after tied'     => '1 [7469006564ff]', 'a tied value is read once and stored whole'],
    ['tied value fetches'       => '1 [1]', '... with one FETCH'],
    ['get_value after overloaded' => '1 [6f76006572]', 'an overloaded object is stored as its string'],
    ['set_value dying fetch'    => 'DIE no value today\\n', "a FETCH's die reaches the caller"],
    ['get_value after dying fetch' => '1 [6f76006572]', '... and the value is unchanged'],
    ['set_value empty'          => qr/\ADIE ERR ref=Sys::Virt::Error code=8 /, 'an empty value is refused by libvirt'],
    ['by uuid 36'               => '1 [Sys::Virt::Secret/SCALAR(SECUUID)]', 'get_secret_by_uuid (36)'],
    ['by uuid raw'              => '1 [Sys::Virt::Secret/SCALAR(SECUUID)]', 'get_secret_by_uuid (16 raw bytes)'],
    ['by usage'                 => '1 [Sys::Virt::Secret/SCALAR(SECUUID)]', 'get_secret_by_usage'],
    ['by usage value length'    => '1 [5]', '... and its value (the last one set)'],
    ['list_all_secrets has it'  => '1 [1]', 'list_all_secrets lists it'],
    ['list_secrets has it'      => '1 [1]', 'list_secrets lists it'],
    ['bare get_usage_type'      => qr/\ADIE ERR ref=Sys::Virt::Error code=0 domain=0 message=Unknown problem\z/,
        'a secret without a usage: get_usage_type dies as in the reference'],
    ['undefine'                 => '0 []', 'undefine'],
    ['by uuid after undefine'   => qr/\ADIE ERR ref=Sys::Virt::Error code=66 /, 'gone after undefine'],
    ['define_nwfilter'          => '1 [Sys::Virt::NWFilter/SCALAR(NAME)]', 'define_nwfilter'],
    ['filter get_uuid_string'   => '1 [FLTUUID]', 'the filter keeps its UUID'],
    ['filter by uuid 32'        => '1 [Sys::Virt::NWFilter/SCALAR(NAME)]', 'get_nwfilter_by_uuid (32)'],
    ['filter by uuid raw'       => '1 [Sys::Virt::NWFilter/SCALAR(NAME)]', 'get_nwfilter_by_uuid (16 raw bytes)'],
    ['list_all_nwfilters has it' => '1 [1]', 'list_all_nwfilters lists it'],
    ['create_nwfilter_binding'  => '1 [Sys::Virt::NWFilterBinding/SCALAR(PORTDEV)]', 'create_nwfilter_binding'],
    ['binding get_filter_name'  => '1 [NAME]', 'the binding names its filter'],
    ['binding by port dev'      => '1 [Sys::Virt::NWFilterBinding/SCALAR(PORTDEV)]', 'get_nwfilter_binding_by_port_dev'],
    ['binding delete'           => '0 []', 'the binding is deleted'],
    ['undefine filter in use'   => '0 []', 'a filter can be undefined while a binding uses it'],
    ['filter by name after undefine' => qr/\ADIE ERR ref=Sys::Virt::Error code=62 /, 'the filter is gone: error 62'],
    ['node devices some'        => '1 [yes]', 'the host has node devices'],
    ['computer parent'          => '1 [undef]', 'computer has no parent: undef'],
    ['computer caps'            => '1 [system]', 'computer is the system'],
    ['END'                      => undef, 'unused'],
);
pop @expect;
check_facts(facts($out), \@expect);
my $f = facts($out);
my @caps_ok = grep { /\A(\S+) caps\z/ && defined $f->{"$1 caps in xml"} && $f->{$_} eq $f->{"$1 caps in xml"} }
    grep { /\A\S+ caps\z/ } keys %$f;
my @caps = grep { /\A\S+ caps\z/ } keys %$f;
is(scalar(@caps_ok), scalar(@caps), 'every device lists the capabilities its XML shows (' . scalar(@caps) . ' devices)');
like($f->{interfaces} // '', qr/\A1 \[\S+\]\z/, 'the host lists its interfaces');

# ---------------------------------------------------------------- against the reference
SKIP: {
    my $no_ref = reference_skip_reason('Sys/Virt/Secret.pm');
    skip "$no_ref: no comparison", 1 if defined $no_ref;
    my ($ref_pm, $ref_out, $ref_err, $ref_status) = run_script('reference', 'r');
    check_reference_run($ref_pm, $ref_out, $ref_err, $ref_status);
    compare_lines($ref_out, $out, max => 40, summary => sub { "$_[0] lines identical to the reference's" },
                  count => 'same number of lines as the reference');
}

done_testing();
