package QemuGuest;
# Helpers for the tests that need the real libvirt daemon started by tools/libvirtd.sh:
# skip when it is not there, define a throw-away software-emulated QEMU guest with a qcow2
# disk, and clean everything up (also when a test dies half-way).
use strict;
use warnings;
use Exporter 'import';
use File::Temp ();
use Test::More ();
use Sys::Virt;

our @EXPORT_OK = qw(require_daemon qemu_img_info run_cmd);

my $SOCK = '/var/run/libvirt/libvirt-sock';

# require_daemon($uri): a connection, or skip_all with the reason
sub require_daemon {
    my ($uri) = @_;
    $uri //= 'qemu:///system';
    Test::More::plan(skip_all => 'needs root (the real libvirtd runs as root)') if $> != 0;
    Test::More::plan(skip_all => "no libvirtd socket $SOCK (run tools/libvirtd.sh start)")
      unless -S $SOCK;
    my $conn = eval { Sys::Virt->new(uri => $uri) };
    unless ($conn) {
        my $e = $@;
        $e = $e->message if ref $e && eval { $e->can('message') };
        $e //= 'unknown error';
        chomp $e;
        Test::More::plan(skip_all => "cannot connect to $uri: $e");
    }
    for my $tool (qw(qemu-img qemu-system-x86_64)) {
        Test::More::plan(skip_all => "$tool not found")
          unless grep { -x "$_/$tool" } split /:/, $ENV{PATH} // '';
    }
    return $conn;
}

# run_cmd(@argv): (exit status, stdout+stderr)
sub run_cmd {
    my @cmd = @_;
    my $out = '';
    if (open my $fh, '-|') {
        local $/;
        $out = <$fh> // '';
        close $fh;
    } else {
        open STDERR, '>&', \*STDOUT;
        exec @cmd or do { print "exec $cmd[0]: $!\n"; exit 127 };
    }
    return ($? >> 8, $out);
}

# the parsed output of qemu-img info --output=json (needs JSON::PP, core since 5.14)
sub qemu_img_info {
    my ($file) = @_;
    require JSON::PP;
    my ($rc, $out) = run_cmd('qemu-img', 'info', '-U', '--output=json', $file);
    die "qemu-img info $file failed: $out" if $rc;
    return JSON::PP::decode_json($out);
}

# QemuGuest->new(conn => $conn, size => '64M', tag => 'ckpt'):
# creates a tempdir with a qcow2 disk and defines (does not start) a guest.
sub new {
    my ($class, %a) = @_;
    my $self = bless {
        conn => $a{conn},
        dir  => File::Temp::tempdir('sysvirt-qemu-XXXXXX', TMPDIR => 1, CLEANUP => 0),
        name => sprintf('sysvirt-%s-%d-%d-%04d', $a{tag} // 't', $$, time, int rand 10000),
    }, $class;
    $self->{disk} = "$self->{dir}/disk.qcow2";
    my ($rc, $out) = run_cmd('qemu-img', 'create', '-q', '-f', 'qcow2', $self->{disk},
        $a{size} // '64M');
    die "qemu-img create failed: $out" if $rc;
    $self->{dom} = $self->{conn}->define_domain($self->xml);
    return $self;
}

sub dom  { $_[0]{dom} }
sub dir  { $_[0]{dir} }
sub disk { $_[0]{disk} }
sub name { $_[0]{name} }

sub xml {
    my ($self) = @_;
    return <<"EOF";
<domain type='qemu'>
  <name>$self->{name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <on_poweroff>destroy</on_poweroff>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$self->{disk}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
  </devices>
</domain>
EOF
}

sub is_active {
    my ($self) = @_;
    my $r = eval { $self->{dom}->is_active };
    return $r ? 1 : 0;
}

# destroy (if running), undefine with the checkpoint metadata, remove the tempdir;
# safe to call twice and from END
sub cleanup {
    my ($self) = @_;
    return if $self->{cleaned}++;
    my $dom = $self->{dom};
    if ($dom) {
        eval { $dom->abort_job } if $self->is_active;
        eval { $dom->destroy } if $self->is_active;
        eval { $dom->undefine(Sys::Virt::Domain::UNDEFINE_CHECKPOINTS_METADATA()) };
    }
    if ($ENV{SYSVIRT_KEEP_TMP}) {
        Test::More::diag("kept $self->{dir}");
    } else {
        File::Path::remove_tree($self->{dir}) if $self->{dir} && -d $self->{dir};
    }
}

require File::Path;

1;
