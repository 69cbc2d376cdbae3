#!/usr/bin/perl
# The typed-parameter conversion (Perl hash <-> virTypedParameter array) through real calls
# on test:///default, with random inputs: each typed-parameter setter of Sys::Virt::Domain
# gets hashes of random keys (the parameter's own, unknown ones, near misses) and random
# values (numbers in and out of range, negative, fractions, strings that numify or not,
# undef), and the getter's answer follows. The inputs come from perl's rand() seeded
# with the first argument, so the same perl gives the same cases with either module:
# t/57-typed-params.t runs this once with the reference and once with ours and compares the
# lines. Also a tied hash whose FETCH dies, and a tied hash that counts its FETCHes.
#
# Output: "LABEL: VALUE" lines, one per call, its warnings joined onto it.

use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use Sys::Virt;
use Probe;

print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
$| = 1;

my ($SEED, $CASES) = (@ARGV, 20260, 40)[0, 1];
$CASES = $ARGV[1] if defined $ARGV[1];
srand($SEED);

Probe::configure(
    script  => __FILE__,
    rewrite => sub { $_[0] =~ s/ at (?:SCRIPT line \d+|\S+)\.$//mg },
);

sub one_line {
    my ($label, $sub) = @_;
    my @w;
    my @r = do {
        local $SIG{__WARN__} = sub { push @w, $_[0] unless $_[0] =~ /\AAttempt to free unreferenced/ };
        eval { $sub->() };
    };
    my $err = $@;
    my $res = $err ? 'DIE ' . show($err) : scalar(@r) . ' [' . join(' | ', map { show($_) } @r) . ']';
    print "$label: $res", (@w ? '; warnings: ' . join(' / ', map { norm($_) } @w) : ''), "\n";
    return @r;
}

my $c = Sys::Virt->new(uri => 'test:///default');
my $d = $c->get_domain_by_name('test');

# Values: [text shown in the label, value].
my @NUM = (
    0, 1, 7, 100, 500, 1000, 65535, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**32 + 5, 2**53,
    2**53 + 1, '9223372036854775807', 2**63, '18446744073709551615', ~0, -1, -5, -(2**31),
    -(2**31) - 1, '-9223372036854775808', 1e20, -1e20, 1.5, -1.5, 0.4, 999.999, '42', ' 42',
    '42abc', 'abc', '', '0x1f', '1e3', '-0', '+7', '0 but true', '00017', undef,
);
my @STR = ('', 'x', '0', '0-1', '0,2', 'abc', '/dev/sda,10', '/dev/vda,100', 'g1', "\x{263a}",
           "caf\xe9", 12345, 1.5, -1, undef, ' ', 'a' x 300);
my @BOOL = (0, 1, 2, -1, '', '0', '1', 'yes', 'abc', 0.5, 2**32, undef, '0.0', '00');

sub pick { $_[ int rand @_ ] }
sub label_of {
    my ($h) = @_;
    return '{' . join(',', map { norm($_) . '=' . show($h->{$_}) } sort keys %$h) . '}';
}

# The setters: [name, getter call, setter call, [key, kind] ...].
my @SETTERS = (
    [ 'memory', sub { $d->get_memory_parameters }, sub { $d->set_memory_parameters($_[0]) },
      [hard_limit => 'num'], [soft_limit => 'num'], [swap_hard_limit => 'num'] ],
    [ 'blkio', sub { $d->get_blkio_parameters }, sub { $d->set_blkio_parameters($_[0]) },
      [weight => 'num'], [device_weight => 'str'], [device_read_iops_sec => 'str'],
      [device_write_bytes_sec => 'str'] ],
    [ 'numa', sub { $d->get_numa_parameters }, sub { $d->set_numa_parameters($_[0]) },
      [numa_mode => 'num'], [numa_nodeset => 'str'] ],
    [ 'perf', sub { $d->get_perf_events }, sub { $d->set_perf_events($_[0]) },
      [cmt => 'bool'], [mbmt => 'bool'], [cpu_cycles => 'bool'], [instructions => 'bool'],
      [page_faults => 'bool'] ],
    [ 'iotune', sub { $d->get_block_iotune('vda') }, sub { $d->set_block_iotune('vda', $_[0]) },
      [total_bytes_sec => 'num'], [read_iops_sec => 'num'], [write_bytes_sec_max => 'num'],
      [size_iops_sec => 'num'], [group_name => 'str'], [total_iops_sec_max_length => 'num'] ],
    [ 'interface', sub { $d->get_interface_parameters('testnet0') },
      sub { $d->set_interface_parameters('testnet0', $_[0]) },
      ['inbound.average' => 'num'], ['inbound.peak' => 'num'], ['inbound.burst' => 'num'],
      ['outbound.average' => 'num'], ['outbound.floor' => 'num'] ],
    [ 'scheduler', sub { $d->get_scheduler_parameters }, sub { $d->set_scheduler_parameters($_[0]) },
      [weight => 'num'] ],
);
my @UNKNOWN = ('bogus', 'HARD_LIMIT', 'hard_limit ', 'weight2', 'inbound_average', '', 'cap',
               "\x{263a}");

one_line("seed", sub { "$SEED/$CASES" });
for my $s (@SETTERS) {
    my ($name, $get, $set, @keys) = @$s;
    one_line("$name initial", $get);
    for my $case (1 .. $CASES) {
        my %h;
        my $n = 1 + int rand 3;
        for (1 .. $n) {
            my ($k, $kind) = @{ pick(@keys) };
            $h{$k} = $kind eq 'num' ? pick(@NUM) : $kind eq 'str' ? pick(@STR) : pick(@BOOL);
        }
        $h{ pick(@UNKNOWN) } = pick(@NUM) if rand() < 0.3;
        my $l = label_of(\%h);
        one_line("$name set $l", sub { $set->(\%h) });
        one_line("$name get after $l", $get);
    }
    # only unknown keys: nothing is set
    one_line("$name set unknown only", sub { $set->({ bogus => 1, nope => 'x' }) });
    one_line("$name get after unknown only", $get);
    one_line("$name set empty", sub { $set->({}) });
}

# A tied hash whose FETCH dies, and one that only counts.
{
    package Tied::Dies;
    sub TIEHASH { my ($c, %h) = @_; bless { h => {%h}, n => 0 }, $c }
    sub FETCH { die "FETCH of $_[1] died\n" }
    sub STORE { $_[0]{h}{$_[1]} = $_[2] }
    sub EXISTS { exists $_[0]{h}{$_[1]} }
    sub DELETE { delete $_[0]{h}{$_[1]} }
    sub FIRSTKEY { my @k = sort keys %{ $_[0]{h} }; $k[0] }
    sub NEXTKEY { my @k = sort keys %{ $_[0]{h} }; for my $i (0 .. $#k) { return $k[$i + 1] if $k[$i] eq $_[1] } undef }
    package Tied::Counts;
    our @ISA = ('Tied::Dies');
    our %N;
    sub FETCH { $N{$_[1]}++; $_[0]{h}{$_[1]} }
}
for my $s (@SETTERS) {
    my ($name, $get, $set, @keys) = @$s;
    my $k = $keys[0][0];
    my %t;
    tie %t, 'Tied::Dies', $k => 5, bogus => 1;
    one_line("$name tied FETCH dies", sub { $set->(\%t) });
    one_line("$name get after tied FETCH dies", $get);
    my %u;
    %Tied::Counts::N = ();
    tie %u, 'Tied::Counts', $k => 3, bogus => 1;
    one_line("$name tied counting", sub { $set->(\%u) });
    one_line("$name get after tied counting", $get);
    one_line("$name FETCH count of the parameter", sub { $Tied::Counts::N{$k} ? 'fetched' : 'not fetched' });
    one_line("$name FETCH count of the unknown key", sub { $Tied::Counts::N{bogus} ? 'fetched' : 'not fetched' });
}
# A hash that is not a plain hash where one is expected.
for my $v (['undef', undef], ['string', 'x'], ['array', [1]], ['blessed hash', bless({ weight => 7 }, 'Some::Class')]) {
    one_line("set_scheduler_parameters $v->[0]", sub { $d->set_scheduler_parameters($v->[1]) });
}
one_line("scheduler get at the end", sub { $d->get_scheduler_parameters });
# A key with a NUL byte: not the parameter's name, so ignored (by both).
one_line("memory set NUL in a key", sub { $d->set_memory_parameters({ "hard_limit\0x" => 5 }) });
one_line("memory get after NUL in a key", sub { $d->get_memory_parameters });
# String values with a NUL byte (last: the reference sets the string cut at the NUL, ours
# refuses it; t/57 holds ours to that).
one_line("NUL numa_nodeset", sub { $d->set_numa_parameters({ numa_nodeset => "0\0junk" }) });
one_line("NUL group_name", sub { $d->set_block_iotune('vda', { group_name => "g\0x", total_bytes_sec => 9 }) });
one_line("NUL device_weight", sub { $d->set_blkio_parameters({ device_weight => "/dev/sda,10\0/dev/sdb,20" }) });
print "END\n";
