package CheckpointNode;
# A private libvirt test-driver state for one test file: a node XML in a temporary
# directory, opened as test:///ABSOLUTE/PATH so that every connection starts afresh from it.
#
# Domains in the node:
#   test     running, one disk vda   (the one checkpoints are made on)
#   snapdom  running, one disk vda, one snapshot s1 (checkpoints conflict with it: 84)
#   off      shut off, one disk vda  (checkpoints need a running domain: 84)
#   nodisk   running, no disk        (checkpoints need a disk: 67)

use strict;
use warnings;
use File::Temp qw(tempdir);
use Exporter 'import';
our @EXPORT_OK = qw(node_uri);

my $DIR;

sub _domain {
    my ($name, %o) = @_;
    my $disk = $o{nodisk} ? '' : <<"X";
      <disk type='file' device='disk'>
        <source file='/guest/$name.img'/>
        <target dev='vda' bus='virtio'/>
      </disk>
X
    my $extra = $o{extra} // '';
    return <<"X";
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>$name</name>
    <memory>8192</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
    <devices>
$disk    </devices>
$extra  </domain>
X
}

# Writes the node XML (once per process) and returns its test:/// URI. With
# SYS_VIRT_TEST_URI set (t/62-remote.t sets it to test+unix:///default or
# test+tcp://127.0.0.1/default), the same node file is opened through that remote URI
# instead: its scheme, host and query are kept and its path becomes the file's, so the
# daemon's test driver loads the same state.
sub node_uri {
    $DIR //= tempdir('sys-virt-cp-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $file = "$DIR/node.xml";
    unless (-f $file) {
        my $snap = <<'X';
    <test:domainsnapshot>
      <name>s1</name>
      <state>running</state>
      <creationTime>1</creationTime>
      <active>0</active>
      <memory snapshot='no'/>
      <domain type='test'><name>snapdom</name><memory>8192</memory><os><type>hvm</type></os></domain>
    </test:domainsnapshot>
X
        open my $fh, '>', $file or die "$file: $!";
        print $fh "<node>\n",
            _domain('test'),
            _domain('snapdom', extra => $snap),
            _domain('off', extra => "    <test:runstate>5</test:runstate>\n"),
            _domain('nodisk', nodisk => 1),
            "</node>\n";
        close $fh or die "$file: $!";
    }
    if (my $remote = $ENV{SYS_VIRT_TEST_URI}) {
        $remote =~ s{^([a-z+]+://[^/]*)/[^?]*}{$1$file}
            or die "SYS_VIRT_TEST_URI=$remote is not a URI with a path";
        return $remote;
    }
    return "test://$file";
}

1;
