#!/usr/bin/perl
# The clients of a libvirt daemon's server, as `virt-admin client-list SERVER` prints them,
# then, for a running QEMU guest, its monitor's reply to query-status, as
# `virsh qemu-monitor-command GUEST '{"execute":"query-status"}'` prints it.
#
#   perl eg/daemon-clients.pl [--server NAME] [--admin URI] [--connect URI] [GUEST]
#
# Needs the admin socket (root, for the system daemon: tools/libvirtd.sh start runs one).
# A process can use libvirt's admin library or libvirt's own connections, not both (they
# keep separate copies of libvirt's object types: see Sys::Virt::Admin), so the client list
# is made in a child process, before this one opens its connection to the guest's driver.
use strict;
use warnings;
use Getopt::Long qw(GetOptions);
use POSIX qw(strftime);
use Sys::Virt;
use Sys::Virt::Admin;

my ($server, $admin_uri, $uri) = ('libvirtd', 'libvirtd:///system', 'qemu:///system');
GetOptions('server=s' => \$server, 'admin=s' => \$admin_uri, 'connect=s' => \$uri)
    or die "usage: $0 [--server NAME] [--admin URI] [--connect URI] [GUEST]\n";
my $guest = shift;

my %TRANSPORT = (
    Sys::Virt::Admin::Client::TRANS_UNIX() => 'unix',
    Sys::Virt::Admin::Client::TRANS_TCP()  => 'tcp',
    Sys::Virt::Admin::Client::TRANS_TLS()  => 'tls',
);

# A table as virt-admin prints one: each cell after a space, left-aligned to its column's
# widest cell and followed by two more spaces (but the last), a line of dashes as wide as
# every column plus three, and a blank line after the rows.
sub table {
    my (@rows) = @_;
    my @width;
    for my $row (@rows) {
        for my $i (0 .. $#$row) {
            $width[$i] = length $row->[$i] if length $row->[$i] > ($width[$i] // 0);
        }
    }
    my $line = sub {
        my ($row) = @_;
        my $s = '';
        for my $i (0 .. $#$row) {
            $s .= " $row->[$i]";
            $s .= ' ' x ($width[$i] - length($row->[$i]) + 2) if $i < $#$row;
        }
        return "$s\n";
    };
    my $out = $line->($rows[0]);
    $out .= '-' x ($_ + 3) for @width;
    $out .= "\n";
    $out .= $line->($_) for @rows[1 .. $#rows];
    return "$out\n";
}

# The client list, from a child that opens only the admin connection.
$| = 1;
my $pid = fork // die "fork: $!\n";
if (!$pid) {
    my $ok = eval {
        my $srv = Sys::Virt::Admin->new(uri => $admin_uri)->get_server_by_name($server);
        my @rows = (['Id', 'Transport', 'Connected since']);
        for my $client ($srv->list_clients) {
            push @rows, [
                $client->get_id,
                $TRANSPORT{ $client->get_transport } // 'unknown',
                strftime('%Y-%m-%d %H:%M:%S%z', localtime $client->get_timestamp),
            ];
        }
        print table(@rows);
        1;
    };
    if (!$ok) {
        print STDERR 'error: ', (ref $@ ? $@->message : $@), "\n";
        POSIX::_exit(1);
    }
    POSIX::_exit(0);
}
waitpid($pid, 0);
exit 1 if $?;

# The guest's monitor, from this process.
if (defined $guest) {
    my $dom = Sys::Virt->new(uri => $uri)->get_domain_by_name($guest);
    print $dom->qemu_monitor_command('{"execute":"query-status"}'), "\n";
}
