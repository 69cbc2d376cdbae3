#!/usr/bin/perl
# The module loads, with the reference's version and the four classes.
use strict;
use warnings;
use Test::More;

BEGIN { use_ok('Sys::Virt') or BAIL_OUT('Sys::Virt does not load') }

is($Sys::Virt::VERSION, '12.7.0', '$Sys::Virt::VERSION is 12.7.0, the API implemented');
# Scripts written for the releases Debian ships ask for their version.
for my $want (qw(9.0 11.0 11.1.0 12.7.0)) {
    ok(eval "use Sys::Virt $want; 1", "use Sys::Virt $want loads") or diag($@);
}
ok(!eval "use Sys::Virt 13.0; 1", 'use Sys::Virt 13.0 fails');
like($@, qr/Sys::Virt version 13/, 'saying which version was asked for');
ok(!ref($Sys::Virt::VERSION), 'version is a plain string');

for my $mod (qw(Sys/Virt.pm Sys/Virt/Domain.pm Sys/Virt/DomainCheckpoint.pm Sys/Virt/Error.pm Sys/Virt/Network.pm Sys/Virt/NetworkPort.pm
                 Sys/Virt/StoragePool.pm Sys/Virt/StorageVol.pm Sys/Virt/Stream.pm
                 Sys/Virt/Interface.pm Sys/Virt/NodeDevice.pm Sys/Virt/Secret.pm
                 Sys/Virt/NWFilter.pm Sys/Virt/NWFilterBinding.pm)) {
    ok(exists $INC{$mod}, "$mod is loaded by 'use Sys::Virt'");
}

my %methods = (
    'Sys::Virt' => [qw(new get_uri get_type get_hostname get_version get_library_version
                       get_major_version get_minor_version get_micro_version
                       is_alive is_secure is_encrypted get_capabilities get_node_info
                       get_max_vcpus get_node_free_memory get_node_cells_free_memory
                       list_all_domains list_domains list_defined_domains list_domain_ids
                       list_defined_domain_names num_of_domains num_of_defined_domains
                       get_domain_by_name get_domain_by_id get_domain_by_uuid
                       define_domain create_domain bootstrap DESTROY)],
    'Sys::Virt::Domain' => [qw(_new get_name get_id get_uuid get_uuid_string
                               get_xml_description get_info get_state is_active
                               is_persistent is_updated create destroy undefine suspend
                               resume shutdown get_scheduler_parameters
                               set_scheduler_parameters get_job_info get_job_stats
                               abort_job list_all_checkpoints get_checkpoint_by_name
                               create_checkpoint backup_begin backup_get_xml_description
                               DESTROY)],
    'Sys::Virt::DomainCheckpoint' => [qw(_new get_name get_xml_description delete
                                         get_parent list_all_children DESTROY)],
    'Sys::Virt::Error' => [qw(code domain level message stringify)],
);
for my $class (sort keys %methods) {
    for my $m (@{ $methods{$class} }) {
        ok($class->can($m), "$class can $m");
    }
}

# Only Sys::Virt has a $VERSION; none of the packages inherits from anything.
{
    no strict 'refs';
    for my $class (qw(Sys::Virt::Domain Sys::Virt::DomainCheckpoint Sys::Virt::Error)) {
        ok(!defined ${"${class}::VERSION"}, "$class has no \$VERSION");
    }
    for my $class (qw(Sys::Virt Sys::Virt::Domain Sys::Virt::DomainCheckpoint Sys::Virt::Error)) {
        is(scalar @{"${class}::ISA"}, 0, "$class has no \@ISA");
    }
}

# The XSUBs have the XS module's prototypes: "$" per required argument, ";$" for flags.
my %proto = (
    'Sys::Virt::get_uri' => '$', 'Sys::Virt::is_alive' => '$', 'Sys::Virt::_open' => '$$',
    'Sys::Virt::get_max_vcpus' => '$$', 'Sys::Virt::get_node_cells_free_memory' => '$$$',
    'Sys::Virt::list_all_domains' => '$;$', 'Sys::Virt::list_domain_ids' => '$$',
    'Sys::Virt::_get_library_version' => '$', 'Sys::Virt::DESTROY' => '$',
    'Sys::Virt::Domain::get_name' => '$', 'Sys::Virt::Domain::get_xml_description' => '$;$',
    'Sys::Virt::Domain::_define_xml' => '$$;$', 'Sys::Virt::Domain::_lookup_by_uuid' => '$$',
    'Sys::Virt::Domain::set_scheduler_parameters' => '$$;$',
    'Sys::Virt::Domain::backup_begin' => '$$$;$', 'Sys::Virt::Domain::destroy' => '$;$',
    'Sys::Virt::DomainCheckpoint::get_name' => '$',
    'Sys::Virt::DomainCheckpoint::_lookup_by_name' => '$$;$',
);
for my $sub (sort keys %proto) {
    is(prototype($sub), $proto{$sub}, "prototype of $sub");
}
# Perl subs have none.
for my $sub (qw(Sys::Virt::new Sys::Virt::list_domains Sys::Virt::get_version
                Sys::Virt::Domain::_new Sys::Virt::Error::stringify)) {
    is(prototype($sub), undef, "$sub has no prototype");
}
# A prototype is checked when a call is compiled as a function call.
ok(!defined eval 'my $u = Sys::Virt::get_uri(); 1', 'Sys::Virt::get_uri() does not compile');
like($@, qr/^Not enough arguments for Sys::Virt::get_uri/, 'not enough arguments');
{
    my @list = ('a', 'b');
    my @w;
    local $SIG{__WARN__} = sub { push @w, $_[0] };
    # With the prototype, @list is passed as its count (2): one argument, so no usage error.
    my @r = Sys::Virt::get_uri(@list);
    is_deeply(\@r, [undef], 'an array argument is passed in scalar context');
    is(scalar @w, 1, 'one warning');
    like($w[0], qr/^Sys::Virt::get_uri\(\) -- con is not a blessed SV reference/, 'the non-object warning');
}

# Constants are subs with an empty prototype.
is(prototype('Sys::Virt::CONNECT_RO'), '', 'constants have an empty prototype');
is(Sys::Virt::CONNECT_RO, 1, 'CONNECT_RO');
is(Sys::Virt::Domain::STATE_RUNNING, 1, 'Domain::STATE_RUNNING');
is(Sys::Virt::Error::ERR_NO_DOMAIN, 42, 'Error::ERR_NO_DOMAIN');

done_testing;
