#!/usr/bin/perl
# fork with a connection to a remote daemon: the child uses the objects it inherited, then
# ends (normally, by die, or with POSIX::_exit); the parent's connection and objects must
# keep working. The child shares the parent's socket, so freeing the inherited objects in
# the child must not close the parent's session (with the XS module it does: the parent's
# next call dies of SIGPIPE).
use strict;
use warnings;
use Test::More;
use POSIX ();
use Sys::Virt;

plan(skip_all => 'needs root (the daemon runs as root)') if $> != 0;
my $SOCK = '/var/run/libvirt/libvirt-sock';
plan(skip_all => "no libvirtd socket $SOCK (run tools/libvirtd.sh start)") unless -S $SOCK;

my $uri = 'test+unix:///default';
my $c = eval { Sys::Virt->new(uri => $uri) }
  or plan(skip_all => "cannot connect to $uri: " . (ref $@ ? $@->message : $@));
# A write on a socket the daemon closed would raise SIGPIPE: make it an error instead, so a
# broken parent shows up as a failed test rather than a killed test script.
local $SIG{PIPE} = 'IGNORE';

my $d = $c->get_domain_by_name('test');
my $name = "forkcp$$";
my $cp = $d->create_checkpoint("<domaincheckpoint><name>$name</name></domaincheckpoint>");

my %endings = (
    'exit'          => sub { exit 0 },
    'die'           => sub { die "child dies\n" },
    'POSIX::_exit'  => sub { POSIX::_exit(0) },
    'undef objects' => sub { undef $cp; undef $d; undef $c; exit 0 },
    'DESTROY by hand' => sub { $cp->DESTROY; $d->DESTROY; $c->DESTROY; exit 0 },
);
for my $how (sort keys %endings) {
    pipe(my $r, my $w) or die "pipe: $!";
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        close $r;
        open STDERR, '>', '/dev/null';
        # The child uses what it inherited (the parent waits meanwhile: one user at a time).
        my $seen = eval { $cp->get_name . ' ' . $d->get_name } // 'failed';
        print {$w} "$seen\n";
        close $w;
        $endings{$how}->();
        exit 0;
    }
    close $w;
    my $seen = <$r>;
    close $r;
    waitpid($pid, 0);
    chomp $seen if defined $seen;
    is($seen, "$name test", "child ($how) used the inherited objects");
    my $ok = eval { $cp->get_name eq $name && $d->get_name eq 'test' && $c->is_alive };
    ok($ok, "parent's objects work after the child ended ($how)") or diag($@);
    my $xml = eval { $cp->get_xml_description };
    like($xml // '', qr/<name>\Q$name\E<\/name>/, '... and reach the daemon');
}

$cp->delete;
done_testing();
