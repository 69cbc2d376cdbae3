#!/usr/bin/perl
# Storage pools, volumes and streams on the real libvirtd (qemu:///system, started by
# tools/libvirtd.sh): what the test driver cannot do. t/lib/storage-stream-script.pl makes a
# 'dir' pool over a fresh directory, builds and starts it, makes raw volumes, moves known
# bytes (NULs included) in and out through streams (send/recv, send_all/recv_all, sparse
# transfers with hole handlers, RECV_STOP_AT_HOLE with recv_hole, send_hole), makes
# handlers die and checks that the die reaches the caller and a fresh transfer still works,
# shows what a NONBLOCK stream returns with no event loop (-2), finishes and aborts
# transfers, then wipes, resizes, clones and deletes, and removes the pool.
#
# The script runs in a child with whichever Sys::Virt is first in @INC (under prove -b, the
# built one); its main facts are checked here. With the reference module installed it runs
# once more with the reference (PERL5LIB/PERLLIB/PERL5OPT unset, only the reference's
# directory with -I) and the outputs must agree line by line, except for MAGIC lines (see
# @KNOWN). Each run gets its own pool name and directory, shown as POOL and DIR; whatever a
# run leaves behind is removed here and counts as a failure.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Path qw(remove_tree);
use File::Spec;
use File::Temp qw(tempdir);

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason);
use Differential qw(quiet qemu_connect_or_skip run_tracked check_current_run facts check_facts
                    check_reference_run compare_lines);
my $SOCK = '/var/run/libvirt/libvirt-sock';
my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'storage-stream-script.pl'));

plan skip_all => 'needs root (the real libvirtd runs as root and must reach our directory)' if $> != 0;
plan skip_all => "no libvirtd socket $SOCK (run tools/libvirtd.sh start)" unless -S $SOCK;
plan skip_all => "$script not found" unless -f $script;
qemu_connect_or_skip();

# ---------------------------------------------------------------- leftovers
# Removes a pool (its volumes first) and its directory, without relying on the module under
# test: virsh when there, else Sys::Virt. Returns what had to be removed.
sub remove_leftovers {
    my ($pool, $dir) = @_;
    my @left;
    my ($virsh) = grep { -x } map { "$_/virsh" } split(/:/, $ENV{PATH} // ''), '/usr/bin';
    my @v = ($virsh, '-q', '-c', 'qemu:///system');
    if ($virsh) {
        if (quiet(@v, 'pool-info', $pool)) {
            push @left, "pool $pool";
            quiet(@v, 'pool-start', $pool);
            for my $vol (qw(raw1 sparse1 sparse2 clone1 clone2 gone holey)) {
                quiet(@v, 'vol-delete', '--pool', $pool, $vol);
            }
            quiet(@v, 'pool-destroy', $pool);
            quiet(@v, 'pool-delete', $pool);
            quiet(@v, 'pool-undefine', $pool);
        }
    } elsif (defined &Sys::Virt::StoragePool::get_name) {
        my $p = eval { Sys::Virt->new(uri => 'qemu:///system')->get_storage_pool_by_name($pool) };
        if ($p) {
            push @left, "pool $pool";
            eval { $p->create }; eval { $_->delete for $p->list_all_volumes };
            eval { $p->destroy }; eval { $p->delete }; eval { $p->undefine };
        }
    }
    # the script deletes the volumes but the pool directory's delete may find leftovers
    remove_tree($dir) if -d $dir;
    return @left;
}

# ---------------------------------------------------------------- one run of the script
# Each run gets its own pool name and directory; returns what run_perl returns.
sub run_script {
    my ($which, $tag) = @_;
    my $dir = tempdir("sysvirt-stor$tag-XXXXXX", DIR => '/var/tmp', CLEANUP => 0);
    return run_tracked($which, $script, \&remove_leftovers, "sysvirt-pool$tag-$$", $dir);
}

my ($pm, $out, $err, $status) = run_script('current', 'c');
check_current_run($pm, $out, $err, $status);

# The main facts, checked whatever the module.
my %got = %{ facts($out) };
my $SUM = $got{data} // 'missing';
my $SPSUM = $got{'sparse model'} // 'missing';
my @expect = (
    ['define pool'                    => '1 [Sys::Virt::StoragePool/SCALAR(POOL)]', 'define_storage_pool'],
    ['build'                          => '0 []', 'build'],
    ['target exists after build'      => '1 [1]', '... makes the target directory'],
    ['create'                         => '0 []', 'the pool starts'],
    ['state'                          => '1 [2]', 'get_info state is STATE_RUNNING'],
    ['info keys'                      => '4 [allocation | available | capacity | state]', 'pool get_info keys'],
    ['by target path'                 => '1 [Sys::Virt::StoragePool/SCALAR(POOL)]', 'get_storage_pool_by_target_path'],
    ['create raw1'                    => '1 [Sys::Virt::StorageVol/SCALAR(raw1)]', 'create_volume'],
    ['raw1 name key path'             => '3 [raw1 | DIR/pool/raw1 | DIR/pool/raw1]', 'volume name, key, path'],
    ['raw1 info'                      => '1 [HASH/HASH{allocation=1048576,capacity=1048576,type=0}]', 'volume get_info'],
    ['upload send'                    => '2 [5 | 262267]', 'upload with send() in chunks'],
    ['file after upload send'         => "1 [$SUM]", '... writes exactly the bytes'],
    ['download recv'                  => "1 [$SUM]", 'download with recv() gives them back'],
    ['download recv offset+length'    => '1 [same]', 'download of a byte range'],
    ['send nbytes larger than data'   => '2 [5 | written]', 'send sends no more than the string holds'],
    ['send nbytes smaller than data'  => '2 [3 | xyzde]', 'send sends no more than nbytes'],
    ['send more than the upload length' => qr/\A2 \[sent 9 \| finish died: ERR .*No space left on device\]\z/, 'more than the upload length: finish fails'],
    ['recv into a defined buffer at the end' => '4 [3 | the first bytes | 0 | kept]', 'recv at the end returns 0 and leaves the buffer alone'],
    ['upload send_all'                => '3 [262267 | several calls | asked for bytes]', 'send_all with a handler'],
    ['file after send_all'            => "1 [$SUM]", '... only the counted bytes of each buffer reach the volume'],
    ['download recv_all'              => "3 [$SUM | several calls | 1]", 'recv_all with a handler'],
    ['recv_all handler returning less' => '1 [all bytes, in order]', 'a sink taking fewer bytes is called again with the rest'],
    ['send_all handler returning -1'  => qr/\A2 \[died: ERR ref=Sys::Virt::Error code=38 domain=38 message=send handler failed/, 'a source returning -1: error 38'],
    ['HANDLERDIE send_all handler dies' => qr/\A3 \[died: handler gave up\\\\n \| calls=2 \| (?:abort ok|already closed)\]\z/, 'a dying send_all handler: the die reaches the caller, the stream is aborted'],
    ['after the send_all die, a new upload and download' => '1 [same bytes]', '... and a new transfer works'],
    ['HANDLERDIE recv_all handler dies' => qr/\A3 \[(?:died: handler gave up\\\\n|returned) \| calls=\d \| (?:abort ok|already closed)\]\z/, 'a dying recv_all handler does not crash'],
    ['after the recv_all die, a new upload and download' => '1 [same bytes]', '... and a new transfer works'],
    ['HANDLERDIE sparse_recv_all hole handler dies' => qr/\A2 \[died: hole handler gave up\\\\n \| (?:abort ok|already closed)\]\z/, 'a dying hole handler: the die reaches the caller'],
    ['upload sparse_send_all'         => '2 [skips=1048576,3014656 | asked=data,hole,data,hole]', 'sparse_send_all: hole and skip handlers'],
    ['sparse1 file'                   => "1 [$SPSUM]", '... gives the modelled file'],
    ['sparse1 info after'             => '2 [4194304 | sparse]', '... and keeps it sparse'],
    ['download sparse_recv_all'       => '2 [same bytes | holes: h1048576,h3014656]', 'sparse_recv_all: the holes come to the hole handler'],
    ['recv STOP_AT_HOLE and recv_hole' => '2 [data;hole 1048576;data;hole 3014656 | same bytes]', 'recv with RECV_STOP_AT_HOLE returns -3 at holes; recv_hole sizes them'],
    ['upload send + send_hole'        => '4 [data 65536 | hole 1048576 | data 65536 | hole 3014656]', 'send_hole'],
    ['sparse2 file'                   => '1 [same bytes]', '... gives the same file'],
    ['send_hole on a non-sparse upload' => qr/\A1 \[died: ERR ref=Sys::Virt::Error code=55 /, 'send_hole on a plain stream: error 55'],
    ['nonblock recv'                  => '4 [-2 | -2 | -2 | kept]', 'NONBLOCK recv with no event loop returns -2'],
    ['nonblock send'                  => '4 [10 | 10 | 10 | nonblock0!nonblock1!nonblock2!]', 'NONBLOCK send queues and sends'],
    ['abort an upload half-way'       => qr/\A1 \[finish after abort: ERR .*stream is closed\]\z/, 'abort, then finish: stream is closed'],
    ['finish twice'                   => qr/\A1 \[second finish: ERR .*stream is closed\]\z/, 'finish twice: stream is closed'],
    ['stream DESTROY while active'    => '1 [next transfer fine]', 'dropping an active stream'],
    ['MAGIC send of a substr() argument' => '2 [100 | same bytes]', 'send takes a substr() argument (get-magic)'],
    ['wipe'                           => '1 [zeroed]', 'wipe zeroes the volume'],
    ['resize grow'                    => '1 [2097152]', 'resize'],
    ['resize DELTA'                   => '1 [3145728]', 'resize with RESIZE_DELTA'],
    ['resize SHRINK'                  => '1 [1048576]', 'resize with RESIZE_SHRINK'],
    ['clone_volume'                   => '1 [Sys::Virt::StorageVol/SCALAR(clone1)]', 'clone_volume'],
    ['clone content'                  => '1 [same bytes]', '... copies the bytes'],
    ['delete clone'                   => '0 []', 'volume delete'],
    ['clone file gone'                => '1 [gone]', '... removes the file'],
    ['destroy'                        => '0 []', 'pool destroy'],
    ['undefine'                       => '0 []', 'pool undefine'],
    ['lookup after undefine'          => qr/\ADIE ERR ref=Sys::Virt::Error code=49 /, 'gone after undefine: error 49'],
);
check_facts(\%got, \@expect);

# ---------------------------------------------------------------- against the reference
# MAGIC lines: the reference reads send()'s data without get-magic, so a substr() passed
# straight in sends nothing; ours must send the bytes (the line in @expect above).
# HANDLERDIE lines: after a handler dies the reference leaves the stream open; ours aborts it
# (the pattern in @expect for that label).
my %EXPECT = map { $_->[0] => $_->[1] } @expect;
my @KNOWN = ([qr/\A(MAGIC [^:]*): /, 'get-magic on send() data: the reference sends nothing',
              sub { $_[0] eq "$_[1]: 2 [100 | same bytes]" }],
             [qr/\A(HANDLERDIE [^:]*): /, 'a dying handler: ours aborts the stream, the reference leaves it open',
              sub { my ($line, $label) = @_; my $w = $EXPECT{$label} or return 0;
                    $line =~ /\A\Q$label\E: (.*)\z/ && (ref $w ? $1 =~ $w : $1 eq $w) }]);
SKIP: {
    my $no_ref = reference_skip_reason('Sys/Virt/Stream.pm');
    skip "$no_ref: no comparison", 1 if defined $no_ref;
    my ($ref_pm, $ref_out, $ref_err, $ref_status) = run_script('reference', 'r');
    check_reference_run($ref_pm, $ref_out, $ref_err, $ref_status);
    compare_lines($ref_out, $out, known => \@KNOWN, max => 40,
                  summary => sub { "$_[0] lines identical to the reference's, $_[1] intended differences" },
                  count => 'same number of lines as the reference');
}

done_testing();
