#!/usr/bin/perl
# The async forms of Sys::Virt::Domain's irregular methods (declared in src/perl/domain.rs's
# irregular! table) on the test driver: each gives what its blocking form gives (values,
# hashes, lists of records, objects, nothing), or fails with an equal Sys::Virt::Error
# where the test driver lacks the call. A method that changes the domain is compared on
# two fresh connections (test:///default is each connection's own), and the domain's state
# after it is compared too (a private test driver state per connection: test:///default is
# one state shared by every connection of the process).
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use Sys::Virt;
use lib 't/lib';
use TestDriver qw(private_uri);

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}
require Sys::Virt::Async;

my $tmp = tempdir(CLEANUP => 1);

# A result with objects in it, as something is_deeply compares.
sub plain {
    my ($v) = @_;
    return $v->get_name if ref($v) && ref($v) =~ /^Sys::Virt::/ && $v->can('get_name');
    return [map { plain($_) } @$v] if ref($v) eq 'ARRAY';
    return { map { $_ => plain($v->{$_}) } keys %$v } if ref($v) eq 'HASH';
    return \plain($$v) if ref($v) eq 'SCALAR' || ref($v) eq 'REF';
    return $v;
}

sub err_of {
    my ($e) = @_;
    return [ref($e), $e->code, $e->domain, $e->message] if ref($e);
    # A plain die names the line of the call: the proxy's, for the async form.
    $e =~ s/ at \S+ line \d+\.\n\z//;
    return [$e];
}

sub fresh {
    my $c = Sys::Virt->new(uri => private_uri());
    return ($c, $c->get_domain_by_name('test'));
}

# compare($name, $args, %opt): $args is a code ref that gets ($conn, $dom, $form) and
# gives the arguments. With `fresh`, each form runs on a connection of its own.
sub compare {
    my ($m, $args, %opt) = @_;
    my $label = $opt{label} // $m;
    state_of(undef);
    my (%res, %err, %state);
    my ($c0, $d0) = fresh();
    for my $form ('blocking', 'async') {
        my ($c, $d) = $opt{fresh} ? fresh() : ($c0, $d0);
        my @a = $args->($c, $d, $form);
        my @r = eval {
            $form eq 'blocking' ? $d->$m(@a) : $d->async->$m(@a)->get;
        };
        $err{$form} = $@ ? err_of($@) : undef;
        $res{$form} = plain(\@r);
        $state{$form} = state_of($d) if $opt{fresh};
    }
    if ($err{blocking} || $err{async}) {
        is_deeply($err{async}, $err{blocking}, "$label: the same error")
            or diag explain [$err{blocking}, $res{blocking}, $err{async}, $res{async}];
    } else {
        my ($want, $got) = ($res{blocking}, $res{async});
        ($want, $got) = map { $opt{filter}->($_) } $want, $got if $opt{filter};
        is_deeply($got, $want, "$label: the same result") or diag explain [$want, $got];
    }
    is_deeply($state{async}, $state{blocking}, "$label: the same state after it")
        if $opt{fresh};
}

sub state_of {
    my ($d) = @_;
    return undef unless $d;
    my @s = eval { $d->get_state };
    my $xml = eval { $d->get_xml_description } // 'gone';
    $xml =~ s/<uuid>.*?<\/uuid>//;
    return [@s, $xml, eval { $d->is_active } // 'gone'];
}

# ---- read-only calls, on one connection ----
my $none = sub { () };
compare('get_job_stats', $none);
compare('get_cpu_stats', sub { (-1, 1) }, label => 'get_cpu_stats(-1, 1)',
        filter => sub { [map { +{ map { $_ => 1 } keys %$_ } } @{$_[0]}] });
compare('get_cpu_stats', sub { (0, 0) }, label => 'get_cpu_stats(0, 0)',
        filter => sub { [map { +{ map { $_ => 1 } keys %$_ } } @{$_[0]}] });
compare('get_cpu_stats', sub { (0, 2, 1 << 30) }, label => 'get_cpu_stats with bad flags');
# The test driver's counters move on between two calls: the same keys.
my $keys = sub { [map { ref($_) eq 'HASH' ? [sort keys %$_] : $_ } @{$_[0]}] };
compare('block_stats', sub { ('vda') }, filter => $keys);
compare('block_stats', sub { ('nosuchdisk') }, label => 'block_stats of no disk');
compare('memory_stats', $none);
compare('get_fs_info', $none);
compare('get_interface_addresses', sub { (0) });
compare('get_guest_info', $none);
compare('get_guest_vcpus', $none);
compare('get_disk_errors', $none);
compare('get_iothread_info', $none);
compare('get_security_label_list', $none);
compare('get_perf_events', $none);
compare('get_launch_security_info', $none);
compare('get_messages', $none);
compare('memory_peek', sub { (0, 16, Sys::Virt::Domain::MEMORY_PHYSICAL) });
compare('memory_peek', sub { (0, 16, 0) }, label => 'memory_peek without flags');
compare('block_peek', sub { ('/guest/diskimage1', 0, 16) });
compare('authorized_ssh_keys_get', sub { ('root') });
compare('get_time', $none, filter => sub { [map { ref($_) ? scalar(@$_) : $_ } @{$_[0]}] });

# ---- calls that change the domain, each form on a connection of its own ----
my $n = 0;
compare('save', sub { ("$tmp/save-" . $n++) }, fresh => 1);
compare('save', sub { (undef, undef, { file => "$tmp/save-" . $n++ }) }, fresh => 1,
        label => 'save with parameters');
compare('save', sub { () }, fresh => 1, label => 'save without a file');
compare('set_perf_events', sub { ({ cmt => 1 }) }, fresh => 1);
compare('set_perf_events', sub { ({}) }, fresh => 1, label => 'set_perf_events({})');
compare('set_launch_security_state', sub { ({}) }, fresh => 1);
compare('set_iothread', sub { (1, { poll_max_ns => 10 }) }, fresh => 1);
compare('set_lifecycle_action', sub { (Sys::Virt::Domain::LIFECYCLE_POWEROFF,
                                       Sys::Virt::Domain::LIFECYCLE_ACTION_RESTART) }, fresh => 1);
compare('start_dirty_rate_calc', sub { (1) }, fresh => 1);
compare('pin_vcpu', sub { (0, "\x01") }, fresh => 1);
compare('pin_vcpu', sub { (0, "\x01", Sys::Virt::Domain::AFFECT_CONFIG) }, fresh => 1,
        label => 'pin_vcpu with flags');
compare('pin_emulator', sub { ("\x01") }, fresh => 1);
compare('pin_iothread', sub { (1, "\x01") }, fresh => 1);
compare('send_key', sub { (0, 10, [1, 2]) }, fresh => 1);
compare('send_key', sub { (0, 10, 'not an array') }, fresh => 1, label => 'send_key of no array');
compare('fs_freeze', sub { ([]) }, fresh => 1);
compare('fs_thaw', sub { (['/']) }, fresh => 1);
compare('authorized_ssh_keys_set', sub { ('root', ['ssh-rsa AAAA']) }, fresh => 1);
compare('graphics_reload', sub { (0) }, fresh => 1);
compare('set_throttle_group', sub { ('g1', { total_bytes_sec => 10 }) }, fresh => 1);
compare('announce_interface', sub { ('eth0', {}) }, fresh => 1);
compare('block_copy', sub { ('vda', '<disk/>', { bandwidth => 1 }) }, fresh => 1);
compare('create_with_files', sub { ([]) }, fresh => 1);
compare('create_with_files', sub { ('x') }, fresh => 1, label => 'create_with_files of no array');
compare('fd_associate', sub { ('name', []) }, fresh => 1);
compare('_migrate', sub { ($_[0], { migrate_uri => 'x' }) }, fresh => 1);
compare('_migrate_to_uri', sub { ('test:///default', {}) }, fresh => 1);
compare('migrate_to_uri', sub { ('test:///default', {}, 0) }, fresh => 1,
        label => 'migrate_to_uri (Perl) through _migrate_to_uri');

# The shutdown domain starts with create_with_files.
{
    my ($c, $d) = fresh();
    $d->destroy;
    is_deeply([$d->async->create_with_files([])->get], [], 'create_with_files of a stopped domain');
    ok($d->is_active, 'which starts it');
}

# _create_with_files (a connection's method in the domain's package).
{
    my $xml = '<domain type="test"><name>t84</name><memory>1024</memory><os><type>hvm</type></os></domain>';
    my ($c1) = fresh();
    my ($c2) = fresh();
    my $b = Sys::Virt::Domain::_create_with_files($c1, $xml, [], 0);
    my $f = Sys::Virt::Async::XS::Sys::Virt::Domain->can('_create_with_files');
    ok($f, '_create_with_files has an async form');
    my $a = Sys::Virt::Async::_track($f->($c2, $xml, [], 0))->get;
    is(ref($a), 'Sys::Virt::Domain', '_create_with_files: an ordinary domain');
    is($a->get_name, $b->get_name, '_create_with_files: the same domain');
    my @none = Sys::Virt::Domain::_create_with_files($c1, $xml, 'x', 0);
    is_deeply(\@none, [], '_create_with_files of no array: nothing');
    is_deeply([Sys::Virt::Async::_track($f->($c2, $xml, 'x', 0))->get], [],
              'and nothing from its async form');
}

# Arguments are checked at the call, as in the blocking form.
{
    my ($c, $d) = fresh();
    for my $case (
        ['block_peek', ['vda', 0, (1 << 30) + 1], qr/size \d+ is larger than/],
        ['set_perf_events', ['x'], qr/newparams is not a HASH reference/],
        ['fs_freeze', ['x'], qr/mountPointsSV is not an ARRAY reference/],
        ['authorized_ssh_keys_set', ['root', ["a\0b"]], qr/contains a NUL byte/],
        ['save', [], qr/^Either \$to or \$params parameter must be supplied/],
        ['block_copy', ['vda', '<disk/>', { bandwidth => 1 }, 'x' x 0, 1, 2], qr/^Usage: /],
    ) {
        my ($m, $a, $re) = @$case;
        eval { $d->$m(@$a) };
        like($@, $re, "$m: the blocking form dies");
        eval { $d->async->$m(@$a) };
        like($@, $re, "$m: the async form dies at the call");
    }
}

# A die in the caller's code while the arguments are read (a tied value's FETCH) loses
# nothing, in either form; nor do the records of the list getters. VmRSS may grow by less
# than 2 MiB over the rounds after a warm-up.
{
    package DieScalar;
    sub TIESCALAR { bless {}, shift }
    sub FETCH { die "FETCH died\n" }
    package DieArray;
    sub TIEARRAY { bless {}, shift }
    sub FETCHSIZE { 50 }
    sub FETCH { $_[1] == 49 ? die "FETCH died\n" : $_[1] }
    package main;
}
SKIP: {
    skip 'needs /proc/self/status', 2 unless -r '/proc/self/status';
    my $rss = sub {
        open my $fh, '<', '/proc/self/status' or die $!;
        while (<$fh>) { return $1 if /^VmRSS:\s+(\d+)\s+kB/ }
    };
    my ($c, $d) = fresh();
    tie my $dying, 'DieScalar';
    tie my @dying, 'DieArray';
    my ($dies, $base) = (0);
    my ($ROUNDS, $WARM) = (3000, 500);
    for my $i (1 .. $ROUNDS) {
        for my $form (0, 1) {
            my $o = $form ? $d->async : $d;
            for my $call (
                sub { $o->block_copy('vda', '<disk/>', { bandwidth => 1, granularity => $dying }) },
                sub { $o->_migrate($c, { migrate_uri => 'x', migrate_disks => \@dying }) },
                sub { $o->_migrate_to_uri('test:///default', { destination_name => $dying }) },
                sub { $o->save(undef, undef, { file => '/x', dxml => $dying }) },
                sub { $o->save('/nonexistent/x', $dying) },
                sub { $o->send_key(0, 10, \@dying) },
                sub { $o->authorized_ssh_keys_set('root', \@dying) },
                sub { $o->fs_freeze(\@dying) },
                sub { $o->fd_associate('n', \@dying) },
                sub { $o->set_iothread(1, { poll_max_ns => 1, poll_grow => $dying }) },
                sub { $o->set_throttle_group('g', { total_bytes_sec => 1, group_name => $dying }) },
                sub { $o->pin_vcpu(0, $dying) },
            ) {
                $dies++ if !eval { $call->(); 1 } && $@ eq "FETCH died\n";
            }
            my @r = $form
                ? map { $_->get } ($o->get_fs_info, $o->get_interface_addresses(0),
                                    $o->memory_peek(0, 64, 1), $o->get_cpu_stats(0, 0),
                                    $o->block_stats('vda'), $o->get_disk_errors)
                : ($o->get_fs_info, $o->get_interface_addresses(0), $o->memory_peek(0, 64, 1),
                   $o->get_cpu_stats(0, 0), $o->block_stats('vda'), $o->get_disk_errors);
            my $f = $form ? $o->set_perf_events({ cmt => 0 }) : undef;
            $f ? $f->get : $o->set_perf_events({ cmt => 0 });
        }
        $base = $rss->() if $i == $WARM;
    }
    is($dies, $ROUNDS * 2 * 12, 'every call died in its FETCH');
    my $grew = $rss->() - $base;
    cmp_ok($grew, '<', 2048, "VmRSS grew by $grew KiB over " . ($ROUNDS - $WARM) . ' rounds');
}

done_testing;
