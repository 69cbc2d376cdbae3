#!/usr/bin/perl
# The async forms of Sys::Virt's irregular methods (src/perl/virt.rs, irregular! table):
#  - on test:///default each gives what its blocking form gives: the same values, or a
#    failed Future with a Sys::Virt::Error equal to the blocking call's (where the test
#    driver lacks the call);
#  - bad arguments die at the call, as in the blocking form;
#  - restore_domain restores a saved guest; get_all_domain_stats of a list of domains, one of
#    them dropped by Perl while the call is in flight;
#  - through qemu:///system (when tools/libvirtd.sh runs it): the node memory parameters,
#    read and set back (a getter and a setter with a Perl step between its two calls).
use strict;
use warnings;
use Test::More;
use File::Temp ();
use FindBin;
use lib "$FindBin::Bin/lib";
use AsyncSame ();
use Sys::Virt;

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}
require Sys::Virt::Async;

my $conn = Sys::Virt->new(uri => 'test:///default');
my $dom = $conn->get_domain_by_name('test');
my $cpu = '<cpu><arch>x86_64</arch><model>Haswell</model><vendor>Intel</vendor></cpu>';

# Each call: the blocking form's values or error, then the async form's.
sub same {
    my ($c, $m, @args) = @_;
    my $what = "$m(" . join(', ', map { ref($_) ? ref($_) : defined($_) ? $_ : 'undef' } @args) . ')';
    AsyncSame::same($what, $c, $m, \@args);
}

my @calls = (
    ['get_node_cpu_stats'], ['get_node_cpu_stats', 0], ['get_node_cpu_stats', -1, 7],
    ['get_node_memory_stats'], ['get_node_memory_stats', 0],
    ['get_node_free_memory'],
    ['get_node_cells_free_memory', 0, 1], ['get_node_cells_free_memory', 1, 0],
    ['get_node_cells_free_memory', 0, 2**31 - 2],
    ['get_node_free_pages', [4, 2048], 0, 1], ['get_node_free_pages', [], 0, 1],
    ['get_node_memory_parameters'], ['set_node_memory_parameters', { shm_pages_to_scan => 100 }],
    ['get_node_cpu_map'], ['get_node_cpu_map', 1],
    ['get_node_sev_info'],
    ['node_alloc_pages', [[2048, 1]], 0, 0],
    ['get_max_vcpus', 'test'], ['get_max_vcpus', 'kvm'],
    ['get_type'],
    ['find_storage_pool_sources', 'logical', '<source/>'],
    ['find_storage_pool_sources', 'nope', '<source/>'],
    ['baseline_cpu', [$cpu]], ['baseline_cpu', [$cpu, $cpu], 0], ['baseline_cpu', ['<cpu']],
    ['baseline_hypervisor_cpu', undef, undef, undef, undef, [$cpu]],
    ['get_cpu_model_names', 'x86_64'], ['get_cpu_model_names', 'nope'],
    ['set_identity', { 'user-name' => 'x', 'process-id' => 1 }],
    ['restore_domain', '/nonexistent'], ['restore_domain', '/nonexistent', '<domain/>'],
    ['restore_domain', '/nonexistent', undef, undef, 1],
    ['restore_domain', undef, undef, { file => '/nonexistent' }],
    ['list_domain_ids', 10], ['list_domain_ids', 0], ['list_domain_ids', -1],
);
same($conn, @$_) for @calls;

# get_all_domain_stats: records hold ordinary domain objects.
{
    my $stats = Sys::Virt::Domain::STATS_STATE;
    my $show = sub { [map { [ref($_->{dom}), $_->{dom}->get_name, $_->{data}] } @_] };
    for my $args ([$stats], [$stats, undef], [$stats, []], [$stats, [$dom]], [$stats, [$dom, $dom], 0]) {
        my @want = $conn->get_all_domain_stats(@$args);
        my @got = $conn->async->get_all_domain_stats(@$args)->get;
        is_deeply($show->(@got), $show->(@want),
                  'get_all_domain_stats(' . scalar(@$args) . ' args): the same records');
    }
    # A domain dropped by Perl while the call is in flight: the call holds its own.
    my $d = $conn->get_domain_by_name('test');
    my $f = $conn->async->get_all_domain_stats($stats, [$d]);
    undef $d;
    my @got = $f->get;
    is(scalar(@got), 1, 'get_all_domain_stats of a domain dropped meanwhile: its record');
    is($got[0]{dom}->get_name, 'test', 'with its domain');
}

# Bad arguments die at the call.
{
    my @bad = (
        [qr/pagesizes is not an ARRAY reference/, 'get_node_free_pages', 4, 0, 1],
        [qr/pages is not an ARRAY reference/, 'node_alloc_pages', 1, 0, 0],
        [qr/element 0 of pages is not an ARRAY reference of \[size, count\]/,
         'node_alloc_pages', [2048], 0, 0],
        [qr/newparams is not a HASH reference/, 'set_node_memory_parameters', [1]],
        [qr/type contains a NUL byte/, 'get_max_vcpus', "k\0vm"],
        [qr/type contains a NUL byte/, 'find_storage_pool_sources', "l\0", '<source/>'],
        [qr/srcspec contains a NUL byte/, 'find_storage_pool_sources', 'logical', "<\0"],
        [qr/xml is not an ARRAY reference/, 'baseline_cpu', 'x'],
        [qr/an element of xml contains a NUL byte/, 'baseline_cpu', ["a\0"]],
        [qr/xml is not an ARRAY reference/, 'baseline_hypervisor_cpu', undef, undef, undef, undef, 1],
        [qr/arch contains a NUL byte/, 'get_cpu_model_names', "x\0"],
        [qr/newident is not a HASH reference/, 'set_identity', 1],
        [qr/the value of user-name contains a NUL byte/, 'set_identity', { 'user-name' => "x\0" }],
        [qr/\AEither \$from or \$params parameter must be supplied/, 'restore_domain'],
        [qr/fromsv contains a NUL byte/, 'restore_domain', "a\0b"],
        [qr/params_sv is not a HASH reference/, 'restore_domain', undef, undef, [1]],
        [qr/the value of file contains a NUL byte/, 'restore_domain', undef, undef, { file => "a\0" }],
        [qr/element 0 of doms_sv is not a Sys::Virt::Domain object/, 'get_all_domain_stats', 1, [1]],
        [qr/doms_sv is not an ARRAY reference/, 'get_all_domain_stats', 1, 1],
    );
    for my $b (@bad) {
        my ($re, $m, @args) = @$b;
        eval { $conn->$m(@args) };
        like($@, $re, "$m: the blocking form dies");
        my $f = eval { $conn->async->$m(@args) };
        ok(!$f, "$m: the async form dies at the call");
        like($@, $re, "$m: saying the same");
    }
    eval { &Sys::Virt::get_max_vcpus() };
    like($@, qr/\AUsage: Sys::Virt::get_max_vcpus\(con, type\)/, 'get_max_vcpus: the usage message');
}

# restore_domain restores what save saved.
{
    my $dir = File::Temp::tempdir('sysvirt-async-virt-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $c = Sys::Virt->new(uri => 'test:///default');
    my $d = $c->get_domain_by_name('test');
    $d->save("$dir/saved");
    ok(!$d->is_active, 'saved: the guest stopped');
    my @r = $c->async->restore_domain("$dir/saved")->get;
    is_deeply(\@r, [], 'restore_domain: nothing returned');
    ok($d->is_active, 'the guest runs again');
}

# A setter with a Perl step between its two calls, through a real daemon.
SKIP: {
    my $q = eval { Sys::Virt->new(uri => 'qemu:///system') };
    skip('qemu:///system is not running (tools/libvirtd.sh start)', 1) unless $q;
    my $params = eval { $q->get_node_memory_parameters };
    skip('no node memory parameters here: ' . (ref($@) ? $@->message : $@), 1) unless $params;
    # Counters of a live host move between two calls: their names are compared.
    my $names = sub { [map { ref($_) eq 'HASH' ? [sort keys %$_] : ref($_) } @_] };
    for my $c (['get_node_memory_parameters'], ['get_node_memory_stats'],
               ['get_node_free_pages', [4], 0, 0]) {
        my ($m, @args) = @$c;
        my @want = $q->$m(@args);
        my @got = $q->async->$m(@args)->get;
        is_deeply($names->(@got), $names->(@want), "qemu:///system $m: the same fields");
    }
    same($q, 'get_cpu_model_names', 'x86_64');
    same($q, 'get_type');
    same($q, 'get_node_sev_info');
    # Set back to the value it has (so nothing changes on the host).
    same($q, 'set_node_memory_parameters', { shm_pages_to_scan => $params->{shm_pages_to_scan} });
    same($q, 'set_node_memory_parameters', {});
    # The caller's hash is read when the first call's result is dispatched, on the Perl
    # thread: a value changed after the call is the one set.
    my @warnings;
    local $SIG{__WARN__} = sub { push @warnings, @_ };
    my %h = (shm_pages_to_scan => 'not yet');
    my $f = $q->async->set_node_memory_parameters(\%h);
    $h{shm_pages_to_scan} = $params->{shm_pages_to_scan};
    my $ok = eval { $f->get; 1 };
    my $err = $@;
    my $blocking = eval { $q->set_node_memory_parameters({ %h }); 1 };
    is(!!$ok, !!$blocking, 'set_node_memory_parameters: as the blocking call') or diag($err);
    is_deeply(\@warnings, [], 'the hash read at the Perl step, with the value set since');
    is($q->get_node_memory_parameters->{shm_pages_to_scan}, $params->{shm_pages_to_scan},
       'which is the value the host has');
}

done_testing();
