#!/usr/bin/perl
# Irregular methods in phases (src/perl/declare.rs): their async forms give what the
# blocking forms give, and the setters whose Perl step runs between two libvirt calls
# (the current values, then the caller's hash read against them, then the change) behave
# as the blocking ones do, a die in the caller's code and a cancel included.
use strict;
use warnings;
use Test::More;
use Sys::Virt;

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}
require Sys::Virt::Async;

my $conn = Sys::Virt->new(uri => 'test:///default');
my $dom = $conn->get_domain_by_name('test');
my $a = $dom->async;

# Getters: the same values as the blocking calls (the CPU times move, so they are left out).
is_deeply([$a->get_memory_parameters->get], [$dom->get_memory_parameters],
          'get_memory_parameters: as blocking');
is_deeply([$a->get_scheduler_parameters->get], [$dom->get_scheduler_parameters],
          'get_scheduler_parameters: as blocking');
is_deeply([$a->get_blkio_parameters->get], [$dom->get_blkio_parameters],
          'get_blkio_parameters: as blocking');
is_deeply([$a->get_numa_parameters->get], [$dom->get_numa_parameters],
          'get_numa_parameters: as blocking');
is_deeply([$a->get_block_iotune('vda')->get], [$dom->get_block_iotune('vda')],
          'get_block_iotune: as blocking');
is_deeply([$a->get_emulator_pin_info->get], [$dom->get_emulator_pin_info],
          'get_emulator_pin_info: as blocking');
my @t = $a->get_time->get;
is(scalar(@t), 1, 'get_time: one value');
is(ref($t[0]), 'ARRAY', '... an array of seconds and nanoseconds');
my @strip = map { my %h = %$_; delete $h{cpuTime}; \%h } $dom->get_vcpu_info;
my @got = map { my %h = %$_; delete $h{cpuTime}; \%h } $a->get_vcpu_info->get;
is_deeply(\@got, \@strip, 'get_vcpu_info: as blocking (CPU times aside)');
ok(scalar(@got) >= 1, '... with at least one virtual CPU');

# Errors: the blocking call's error object.
my $f = $a->get_block_iotune('nodisk');
ok(!eval { $f->get; 1 }, 'get_block_iotune of a missing disk fails');
my $async_err = $@;
ok(!eval { $dom->get_block_iotune('nodisk'); 1 }, '... as the blocking call dies');
my $err = $@;
isa_ok($async_err, 'Sys::Virt::Error');
is($async_err->code, $err->code, '... same code');
is($async_err->message, $err->message, '... same message');

# Setters with a Perl step: the change is made, and the Future gives what the blocking
# call returns (nothing).
my @r = $a->set_memory_parameters({ hard_limit => 1234567 })->get;
is(scalar(@r), 0, 'set_memory_parameters: no values, as blocking');
is($dom->get_memory_parameters->{hard_limit}, 1234567, '... and the change was made');
$a->set_blkio_parameters({ weight => 321 })->get;
is($dom->get_blkio_parameters->{weight}, 321, 'set_blkio_parameters: the change was made');

# A hash whose FETCH dies: the Future fails with the die, nothing is set, and the process
# carries on (other results are dispatched).
{
    package Tied::Dies;
    sub TIEHASH { my ($c, %h) = @_; bless { h => \%h }, $c }
    sub FETCH { die "FETCH of $_[1] died\n" }
    sub EXISTS { exists $_[0]{h}{$_[1]} }
}
tie my %t, 'Tied::Dies', hard_limit => 5;
my $before = $dom->get_memory_parameters;
my $bad = $a->set_memory_parameters(\%t);
my $good = $a->get_memory_parameters;
ok(!eval { $bad->get; 1 }, 'a tied hash whose FETCH dies: the Future fails');
like($@, qr/\AFETCH of hard_limit died/, '... with FETCH\'s message');
is_deeply($good->get, $before, '... a call beside it completes, and nothing was set');

# A string with a NUL byte where libvirt takes a string: refused as the blocking call
# refuses it.
ok(!eval { $dom->set_blkio_parameters({ device_weight => "a\0b" }); 1 }, 'blocking: NUL refused');
my $blocking_msg = $@;
ok(!eval { $a->set_blkio_parameters({ device_weight => "a\0b" })->get; 1 }, 'async: NUL refused');
my $async_msg = $@;
$_ =~ s/ at \S+ line \d+\.\n\z/\n/ for $blocking_msg, $async_msg;
is($async_msg, $blocking_msg, '... with the same message');

# Cancelled before its first call ends: the second call (the change) is never made.
$dom->set_memory_parameters({ hard_limit => 7777777 });
my $c = $a->set_memory_parameters({ hard_limit => 5555555 });
$c->cancel;
Sys::Virt::Async->dispatch for 1 .. 3;
$a->get_memory_parameters->get;    # anything queued before it has been dispatched by now
select(undef, undef, undef, 0.2);
Sys::Virt::Async->dispatch;
is($dom->get_memory_parameters->{hard_limit}, 7777777, 'a cancelled setter changes nothing');

# The Perl step holds the caller's hash: dropped by the caller in flight, it is still read.
{
    my $h = { hard_limit => 2222222 };
    my $f = $a->set_memory_parameters($h);
    undef $h;
    $f->get;
}
is($dom->get_memory_parameters->{hard_limit}, 2222222, 'a hash the caller dropped is still read');

# Many setters in flight at once, each with its own hash.
my @fs = map { $a->set_blkio_parameters({ weight => 100 + $_ }) } 1 .. 50;
Future->wait_all(@fs)->get;
is(scalar(grep { $_->is_done } @fs), 50, '50 setters in flight: all done');
like($dom->get_blkio_parameters->{weight}, qr/\A1(?:0[1-9]|[1-4][0-9]|50)\z/,
     '... and the weight is one of theirs');

# A stream's calls run one at a time in the order they were made (libvirt takes a stream's
# calls in order): their results arrive in that order, whatever the pool's size. Calls on
# a domain are not ordered, and may finish in any order.
{
    Sys::Virt::Async->pool_size(16);
    my $st = $conn->new_stream;
    my $sa = $st->async;
    my @order;
    my @fs = map { my $i = $_; ($i % 2 ? $sa->abort : $sa->finish)->on_ready(sub { push @order, $i }) }
        1 .. 300;
    Future->wait_all(@fs)->get;
    is(scalar(@order), 300, '300 calls on one stream: all complete');
    is_deeply(\@order, [1 .. 300], '... in the order they were made');
    # Each as the blocking call on an unused stream: abort succeeds, finish fails (the test
    # driver's streams have no transfer to finish).
    my %blocking = map { my $m = $_; ($m => (eval { $conn->new_stream->$m; 1 } ? 1 : 0)) }
        qw(abort finish);
    my @want = map { $blocking{ $_ % 2 ? 'abort' : 'finish' } } 1 .. 300;
    is_deeply([map { $_->is_done ? 1 : 0 } @fs], \@want,
              '... each done or failed as the blocking call is');
}

done_testing();
