#!/usr/bin/perl
# Property tests of the typed-parameter conversion (Perl hash <-> virTypedParameter array),
# through real calls on libvirt's test driver, with random but seeded inputs
# (SYS_VIRT_SEED=N picks another seed; the seed is printed):
#
#  1. against the reference: t/lib/typed-params-script.pl gives every typed-parameter
#     setter random hashes (the parameter's keys, unknown keys, numbers in and out of range,
#     negative numbers, fractions, strings that numify or not, undef), reads the getter
#     back after each, and tries tied hashes; it runs with the reference and with ours, and
#     the lines must be the same (warnings included), except the NUL-byte lines (ours
#     refuses the string);
#  2. in this process, with ours: round trips of valid values, unknown keys ignored,
#     strings numified as perl does (with perl's warning), a tied hash whose FETCH dies
#     (a clean die, the state unchanged, no memory growth over many calls), and string
#     values with NUL bytes refused.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(REFDIR reference_missing run_perl private_uri warnings_of);
use Sys::Virt;

my $SEED = $ENV{SYS_VIRT_SEED} // 20260;
note("seed $SEED (SYS_VIRT_SEED=$SEED to repeat)");
srand($SEED);

# ---------------------------------------------------------------- 1. against the reference

SKIP: {
    skip reference_missing, 1 if defined reference_missing;
    my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'typed-params-script.pl'));
    for my $seed ($SEED, $SEED + 1) {
        my ($ref_pm, $ref, $ref_err, $ref_st) = run_perl('reference', $script, $seed, 40);
        my ($our_pm, $our, $our_err, $our_st) = run_perl('ours', $script, $seed, 40);
        is($ref_st, 0, "seed $seed: reference run exited cleanly") or diag(join "\n", @$ref_err);
        is($our_st, 0, "seed $seed: our run exited cleanly") or diag(join "\n", @$our_err);
        is($ref_pm, REFDIR . '/Sys/Virt.pm', "seed $seed: the reference ran the reference");
        ok(defined $our_pm && $our_pm ne REFDIR . '/Sys/Virt.pm', "seed $seed: ours ran ours")
            or diag('run this test with prove -b');
        is_deeply($ref_err, [], "seed $seed: reference printed nothing else on stderr");
        is_deeply($our_err, [], "seed $seed: ours printed nothing else on stderr");
        is($ref->[-1], 'END', "seed $seed: reference reached the end");
        is($our->[-1], 'END', "seed $seed: ours reached the end");
        cmp_ok(scalar(@$ref), '>', 500, "seed $seed: plenty of cases");
        is(scalar(@$our), scalar(@$ref), "seed $seed: same number of lines");
        my ($same, $nul, @diff) = (0, 0);
        for my $i (0 .. $#$ref) {
            my ($r, $o) = ($ref->[$i], $our->[$i] // 'missing');
            if ($r =~ /\A(NUL (\w+)): /) {
                my ($label, $key) = ($1, $2);
                if ($o =~ /\A\Q$label\E: DIE Sys::Virt::Domain::set_\w+\(\) -- the value of \Q$key\E contains a NUL byte/) {
                    $nul++;
                } else {
                    push @diff, [$i, $r, $o, "a NUL byte in $key must be refused"];
                }
                next;
            }
            if ($r eq $o) { $same++; next }
            push @diff, [$i, $r, $o];
        }
        pass("seed $seed: $same lines the same as the reference's");
        is($nul, 3, "seed $seed: the 3 NUL-byte values refused, naming the key");
        for my $d (@diff) {
            my ($i, $r, $o, $why) = @$d;
            is($o, $r, "seed $seed: line " . ($i + 1) . ($why ? " ($why)" : ' the same as the reference\'s'));
        }
    }
}

# ---------------------------------------------------------------- 2. in this process
# test:///default: a fresh state of its own in this process (its domain has disk vda and
# interface testnet0)
my $c = Sys::Virt->new(uri => 'test:///default');
my $d = $c->get_domain_by_name('test');

sub rnd_u32 { int rand 2**31 }   # above INT_MAX an unsigned int reads back signed, as in the reference
sub rnd_u64 { int(rand 2**20) * 2**32 + int rand 2**32 }
sub rnd_i32 { int(rand 2**32) - 2**31 }

# Round trips: each setter, random valid values (a random subset of its keys); a set that
# libvirt accepts reads back the same. (The test driver keeps no scheduler parameters.)
sub subset { my %h = @_; my @k = grep { rand() < 0.5 } sort keys %h; @k = ((sort keys %h)[int rand keys %h]) unless @k; map { ($_ => $h{$_}) } @k }
my @RT = (
    [ 'memory parameters', sub { $d->get_memory_parameters }, sub { $d->set_memory_parameters(@_) },
      sub { my $h = rnd_u64() + 2**40; subset(hard_limit => $h, soft_limit => rnd_u64(), swap_hard_limit => $h + int rand 2**20) } ],
    [ 'blkio parameters', sub { $d->get_blkio_parameters }, sub { $d->set_blkio_parameters(@_) },
      sub { subset(weight => rnd_u32(), device_weight => '/dev/vda,' . int rand 1000) } ],
    [ 'numa parameters', sub { $d->get_numa_parameters }, sub { $d->set_numa_parameters(@_) },
      sub { my $n = int rand 3; (numa_nodeset => $n ? "0-$n" : '0') } ],
    [ 'perf events', sub { $d->get_perf_events }, sub { $d->set_perf_events(@_) },
      sub { subset(map { ($_ => int rand 2) } qw(cmt mbmt mbml cpu_cycles instructions cache_misses)) } ],
    [ 'block iotune', sub { $d->get_block_iotune('vda') }, sub { $d->set_block_iotune('vda', @_) },
      sub { my $v = int rand 1e12; my %h = (total_bytes_sec => $v, total_bytes_sec_max => $v + int rand 1e6);
            $h{group_name} = 'g' . int rand 100 if rand() < 0.5;
            %h } ],
    [ 'interface parameters', sub { $d->get_interface_parameters('testnet0') },
      sub { $d->set_interface_parameters('testnet0', @_) },
      # (libvirt takes a direction's peak and burst only with its average)
      sub { ('inbound.average' => 1 + rnd_u32(), 'outbound.average' => 1 + rnd_u32(),
             subset(map { ($_ => rnd_u32()) } qw(inbound.peak inbound.burst outbound.peak outbound.burst))) } ],
);
for my $rt (@RT) {
    my ($what, $get, $set, $gen) = @$rt;
    my ($ok, $refused, @bad, %why) = (0, 0);
    for (1 .. 30) {
        my %h = $gen->();
        if (!eval { $set->(\%h); 1 }) { $refused++; $why{ ref $@ ? $@->message : $@ }++; next }
        my $got = $get->();
        my @wrong = grep { !defined $got->{$_} || $got->{$_} ne $h{$_} } sort keys %h;
        if (@wrong) { push @bad, join ', ', map { "$_: set $h{$_}, got " . ($got->{$_} // 'undef') } @wrong }
        else { $ok++ }
    }
    cmp_ok($ok, '>=', 20, "$what: $ok of 30 random sets read back the same ($refused refused by libvirt)")
        or diag(join "\n", keys %why);
    is_deeply(\@bad, [], "$what: no set read back differently");
}

# Unknown keys: ignored; with only unknown keys nothing changes.
{
    my $before = $d->get_memory_parameters;
    eval { $d->set_memory_parameters({ bogus => 1, HARD_LIMIT => 5, 'hard_limit ' => 6 }) };
    is_deeply($d->get_memory_parameters, $before, 'only unknown keys: nothing changes');
    $d->set_memory_parameters({ bogus => 1, hard_limit => 4242 });
    my $after = $d->get_memory_parameters;
    is($after->{hard_limit}, 4242, 'a known key beside an unknown one is set');
    is_deeply([sort keys %$after], [sort keys %$before], '... and no key appears');
}

# Strings where numbers are expected: perl's numification, with perl's warning.
{
    my ($w) = warnings_of { $d->set_memory_parameters({ hard_limit => '123abc' }) };
    is($d->get_memory_parameters->{hard_limit}, 123, '"123abc" is set as 123');
    like(join('', @$w), qr/isn't numeric/, '... with perl\'s "isn\'t numeric" warning');
    ($w) = warnings_of { $d->set_memory_parameters({ hard_limit => ' 77 ' }) };
    is($d->get_memory_parameters->{hard_limit}, 77, '" 77 " is set as 77');
    ($w) = warnings_of { $d->set_blkio_parameters({ weight => '1e3' }) };
    is($d->get_blkio_parameters->{weight}, 1000, '"1e3" is set as 1000');
    ($w) = warnings_of { $d->set_blkio_parameters({ weight => 12.9 }) };
    is($d->get_blkio_parameters->{weight}, 12, '12.9 is set as 12 (truncated)');
    ($w) = warnings_of { $d->set_perf_events({ cmt => 'abc' }) };
    is($d->get_perf_events->{cmt}, 0, 'a boolean "abc" is false');
    like(join('', @$w), qr/isn't numeric/, '... with perl\'s warning');
    ($w) = warnings_of { $d->set_perf_events({ cmt => 7 }) };
    is($d->get_perf_events->{cmt}, 1, 'a boolean 7 is true (and reads back as 1)');
    ($w) = warnings_of { $d->set_memory_parameters({ soft_limit => undef }) };
    is($d->get_memory_parameters->{soft_limit}, 0, 'undef is set as 0');
    like(join('', @$w), qr/uninitialized/, '... with perl\'s "uninitialized" warning');
    ok(eval { $d->set_memory_parameters({ soft_limit => [] }); 1 } || ref $@,
       'a reference as a value: no crash (it numifies to its address)');
}

# Huge and negative numbers: those of the reference are compared above; here, that the
# 64-bit ones keep all their bits.
{
    $d->set_memory_parameters({ swap_hard_limit => '18446744073709551615' });
    $d->set_memory_parameters({ hard_limit => '18446744073709551615', soft_limit => 9007199254740993 });
    my $m = $d->get_memory_parameters;
    is($m->{hard_limit}, '18446744073709551615', 'ULLONG 2**64-1 keeps all 64 bits');
    is($m->{soft_limit}, '9007199254740993', 'ULLONG 2**53+1 is not rounded through a double');
    $d->set_memory_parameters({ soft_limit => -1 });
    is($d->get_memory_parameters->{soft_limit}, '18446744073709551615', 'ULLONG -1 wraps to 2**64-1');
    # an INT: libvirt's message quotes the value it got
    for my $v ([-2, -2], [2**31, -2**31], [2**32 + 7, 7], ['-2147483649', 2147483647]) {
        eval { $d->set_numa_parameters({ numa_mode => $v->[0] }, Sys::Virt::Domain::AFFECT_CONFIG) };
        like(ref $@ ? $@->message : "$@", qr/unsupported numatune mode: '\Q$v->[1]\E'/,
             "INT $v->[0] goes to libvirt as $v->[1]");
    }
}

# A tied hash whose FETCH dies: a clean die with its message, the state unchanged, and no
# memory kept behind over many calls.
{
    package Tied::Dies;
    sub TIEHASH { my ($c, %h) = @_; bless { h => {%h} }, $c }
    sub FETCH { die "FETCH of $_[1] died\n" }
    sub STORE { $_[0]{h}{$_[1]} = $_[2] }
    sub EXISTS { exists $_[0]{h}{$_[1]} }
    sub DELETE { delete $_[0]{h}{$_[1]} }
    sub FIRSTKEY { my @k = sort keys %{ $_[0]{h} }; $k[0] }
    sub NEXTKEY { my @k = sort keys %{ $_[0]{h} }; for my $i (0 .. $#k) { return $k[$i + 1] if $k[$i] eq $_[1] } undef }
}
sub rss_kb {
    open my $fh, '<', '/proc/self/statm' or return 0;
    my (undef, $rss) = split ' ', scalar <$fh>;
    return $rss * 4;
}
{
    my %t;
    tie %t, 'Tied::Dies', hard_limit => 5, soft_limit => 6, bogus => 1;
    my $before = $d->get_memory_parameters;
    ok(!eval { $d->set_memory_parameters(\%t); 1 }, 'a tied hash whose FETCH dies: the set dies');
    is($@, "FETCH of hard_limit died\n", '... with FETCH\'s own message')
        or diag("got: $@");
    is_deeply($d->get_memory_parameters, $before, '... and nothing was set');
    my %b;
    tie %b, 'Tied::Dies', device_weight => '/dev/vda,1';
    ok(!eval { $d->set_blkio_parameters(\%b); 1 }, 'a tied hash with a string parameter: dies too');
    like($@, qr/\AFETCH of device_weight died/, '... with FETCH\'s message');
    for (1 .. 2000) { eval { $d->set_memory_parameters(\%t) } }
    my $rss0 = rss_kb();
    for (1 .. 20000) { eval { $d->set_memory_parameters(\%t) } }
    my $grow = rss_kb() - $rss0;
    cmp_ok($grow, '<', 4096, "20000 dying sets: the process grew by $grow KiB (no leak)");
    for (1 .. 2000) { $d->set_memory_parameters({ hard_limit => 8388608 }); $d->get_memory_parameters }
    $rss0 = rss_kb();
    for (1 .. 20000) { $d->set_memory_parameters({ hard_limit => 8388608 }); $d->get_memory_parameters }
    $grow = rss_kb() - $rss0;
    cmp_ok($grow, '<', 4096, "20000 set/get round trips: the process grew by $grow KiB (no leak)");
}

# String values with NUL bytes: refused, naming the key; the state unchanged.
{
    my $numa = $d->get_numa_parameters;
    ok(!eval { $d->set_numa_parameters({ numa_nodeset => "0\0junk" }); 1 }, 'numa_nodeset with a NUL byte: dies');
    like("$@", qr/\ASys::Virt::Domain::set_numa_parameters\(\) -- the value of numa_nodeset contains a NUL byte/,
         '... naming the key');
    is_deeply($d->get_numa_parameters, $numa, '... and nothing was set');
    my $io = $d->get_block_iotune('vda');
    ok(!eval { $d->set_block_iotune('vda', { total_bytes_sec => 11, group_name => "g\0x" }); 1 },
       'group_name with a NUL byte: dies');
    like("$@", qr/the value of group_name contains a NUL byte/, '... naming the key');
    is_deeply($d->get_block_iotune('vda'), $io, '... and nothing was set (not even the other key)');
    my $ok = eval { $d->set_memory_parameters({ "hard_limit\0x" => 5 }); 1 };
    my $err = $@;
    ok($ok || (ref $err && $err->isa('Sys::Virt::Error')),
       'a key with a NUL byte is not the parameter\'s name (ignored, as by the reference)');
    isnt($d->get_memory_parameters->{hard_limit}, 5, '... so hard_limit is not set');
}

done_testing();
