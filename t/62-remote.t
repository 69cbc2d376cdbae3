#!/usr/bin/perl
# Runs the test-driver checkpoint tests (t/40-checkpoint.t, t/45-checkpoint-tree.t) again
# through the remote protocol: through the system libvirtd's unix socket and through the
# loopback TCP daemon that tools/libvirtd.sh starts.
#
# Those files open their private test-driver state through t/lib/CheckpointNode.pm. They are
# run with SYS_VIRT_TEST_URI set to the URI of a remote test driver; the contract (to be
# implemented in CheckpointNode.pm / the test files) is: when SYS_VIRT_TEST_URI is set,
# node_uri() keeps its scheme, host and query (test+unix://, test+tcp://127.0.0.1, ...) and
# replaces the path (/default) with the absolute path of the node XML file, e.g.
# test+tcp://127.0.0.1/tmp/sys-virt-cp-XXXX/node.xml. A file that does not mention
# SYS_VIRT_TEST_URI (itself or through CheckpointNode.pm) is skipped, since it would only test
# the in-process driver again.
use strict;
use warnings;
use FindBin;
use Test::More;
use IO::Socket::INET;
use TAP::Parser;
use Sys::Virt;

plan(skip_all => 'needs root (the daemons run as root)') if $> != 0;
{
    use lib "$FindBin::Bin/lib";
    require TestDriver;
    my $why = TestDriver::outside_daemon_reason();
    plan(skip_all => $why) if defined $why;
}

my $SOCK = '/var/run/libvirt/libvirt-sock';
my @URIS = (
    ['test+unix:///default', sub { -S $SOCK ? undef : "no libvirtd socket $SOCK (run tools/libvirtd.sh start)" }],
    ['test+tcp://127.0.0.1/default', sub {
            IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => 16509, Timeout => 3)
              ? undef : 'nothing listens on 127.0.0.1:16509 (run tools/libvirtd.sh start)' }],
);
my @FILES = ('40-checkpoint.t', '45-checkpoint-tree.t');

# which URIs are reachable
my @reachable;
for my $u (@URIS) {
    my ($uri, $check) = @$u;
    my $why = $check->();
    unless ($why) {
        my $c = eval { Sys::Virt->new(uri => $uri) };
        $why = "cannot connect to $uri: " . (ref $@ ? $@->message : $@) unless $c;
    }
    push @reachable, [$uri, $why];
}
plan(skip_all => join('; ', map { $_->[1] } @reachable)) unless grep { !defined $_->[1] } @reachable;

sub supports_env {
    my ($file) = @_;
    for my $f ("$FindBin::Bin/$file", "$FindBin::Bin/lib/CheckpointNode.pm") {
        open my $fh, '<', $f or next;
        local $/;
        my $text = <$fh>;
        return 1 if $text =~ /SYS_VIRT_TEST_URI/;
    }
    return 0;
}

plan tests => @URIS * @FILES;

for my $r (@reachable) {
    my ($uri, $why) = @$r;
    for my $file (@FILES) {
        my $path = "$FindBin::Bin/$file";
        SKIP: {
            skip("$file against $uri: $why", 1) if defined $why;
            skip("$file is not there yet", 1) unless -f $path;
            skip("$file does not honour SYS_VIRT_TEST_URI yet (it would run in-process)", 1)
              unless supports_env($file);
            local $ENV{SYS_VIRT_TEST_URI} = $uri;
            my $parser = TAP::Parser->new({
                source   => $path,
                switches => [map { "-I$_" } grep { !ref } @INC],
                merge    => 1,
            });
            my @failed;
            my $n = 0;
            while (my $res = $parser->next) {
                $n++ if $res->is_test;
                push @failed, $res->as_string if $res->is_test && !$res->is_ok;
                push @failed, $res->as_string
                  if $res->is_comment && @failed && @failed < 40;    # their diagnostics
            }
            my $ok = ok(!$parser->has_problems && $n > 0,
                "$file against $uri: $n tests" . ($parser->skip_all ? ' (skipped: ' . $parser->skip_all . ')' : ''));
            unless ($ok) {
                diag("exit status " . ($parser->exit // '?') . ', wait ' . ($parser->wait // '?'));
                diag($_) for @failed;
                diag('parse errors: ' . join('; ', $parser->parse_errors)) if $parser->parse_errors;
            }
        }
    }
}
