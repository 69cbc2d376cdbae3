#!/usr/bin/perl
# Generate the constant tables of Sys::Virt from libvirt's API description.
#
#   perl tools/gen-constants.pl [--api FILE] [--out DIR] [--list PACKAGE]
#
# Reads libvirt-api.xml (default /usr/share/libvirt/api/libvirt-api.xml) and
# writes, under DIR (default src/consts):
#
#   virt.rs               Sys::Virt
#   error.rs              Sys::Virt::Error
#   domain.rs             Sys::Virt::Domain
#   domain_checkpoint.rs  Sys::Virt::DomainCheckpoint
#   domain_snapshot.rs    Sys::Virt::DomainSnapshot
#   network.rs            Sys::Virt::Network
#   network_port.rs       Sys::Virt::NetworkPort
#   storage_pool.rs       Sys::Virt::StoragePool
#   storage_vol.rs        Sys::Virt::StorageVol
#   stream.rs             Sys::Virt::Stream
#   interface.rs          Sys::Virt::Interface
#   node_device.rs        Sys::Virt::NodeDevice
#   secret.rs             Sys::Virt::Secret
#   nwfilter.rs           Sys::Virt::NWFilter
#   nwfilter_binding.rs   Sys::Virt::NWFilterBinding
#   event.rs              Sys::Virt::Event
#   mod.rs
#
# each holding `pub static CONSTANTS: &[perlxs::Const] = &[ ... ];`.
# With --list PACKAGE nothing is written: the constants of PACKAGE are printed
# as "NAME VALUE" lines, sorted, in the same format as tools/dump-constants.pl,
# so the result can be compared with the reference module directly.
#
# How Perl names are derived
# --------------------------
# Every <enum> and every <macro> with a string= or a plain numeric raw= value
# is a candidate.  For each package an ordered list of rules maps a libvirt
# name to a Perl name: the first rule whose name pattern (and, if given, enum
# type pattern) matches decides; its replacement either renames the prefix or,
# when undef, drops the symbol.  Symbols matched by no rule are not exported.
# A short list of explicit renames and exclusions per package covers the
# places where the reference (Sys::Virt 9.0.0) does not follow the pattern.
#
# Values
# ------
# String macros become Const::Str.  Enum values are C ints; the reference
# registers them with newSVuv((unsigned long)value), so negative values (and
# 1U << 31, which is a negative int) appear in Perl as 2**64 + value; that
# conversion is reproduced here.  Numeric macros (e.g.
# VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, a long long) are taken as they are.
# A value that fits an i64 becomes Const::Int, a larger one Const::Uint.
#
# Core Perl only; the XML is parsed with regular expressions, which is enough
# for this machine-written file (one element per line, single-quoted
# attributes, entities only in text we do not use).

use strict;
use warnings;
use Getopt::Long;
use File::Path qw(make_path);
use File::Spec;

my $api = '/usr/share/libvirt/api/libvirt-api.xml';
my $out;
my $list;
GetOptions('api=s' => \$api, 'out=s' => \$out, 'list=s' => \$list)
    or die "usage: $0 [--api FILE] [--out DIR] [--list PACKAGE]\n";
unless (defined $out) {
    # default: src/consts next to this script's tools/ directory
    my ($vol, $dir) = File::Spec->splitpath(File::Spec->rel2abs($0));
    $out = File::Spec->catdir($dir, File::Spec->updir, 'src', 'consts');
}

# ---------------------------------------------------------------------------
# Packages, their output files and naming rules.
#
# Rule: [ NAME_REGEX, REPLACEMENT, TYPE_REGEX ]
#   NAME_REGEX must be anchored; the matched part is replaced by REPLACEMENT.
#   REPLACEMENT undef means "not exported".  TYPE_REGEX (optional) must match
#   the enum's type= attribute (macros have no type and never match a rule
#   that has one).
# ---------------------------------------------------------------------------

my @packages = (
    {
        package => 'Sys::Virt',
        file    => 'virt.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_CONNECT_(?=(?:RO|NO_ALIASES)\z)/, 'CONNECT_', qr/\AvirConnectFlags\z/ ],
            [ qr/\AVIR_CONNECT_(?=BASELINE_CPU_)/,  '' ],
            [ qr/\AVIR_CONNECT_(?=CLOSE_REASON_)/,  '' ],
            [ qr/\AVIR_CONNECT_(?=COMPARE_CPU_)/,   '' ],
            [ qr/\AVIR_CONNECT_GET_(?=DOMAIN_CAPABILITIES_)/, '', qr/\AvirConnectGetDomainCapabilitiesFlags\z/ ],
            [ qr/\AVIR_CONNECT_(?=IDENTITY_)/,      '' ],
            [ qr/\AVIR_(?=CPU_COMPARE_)/,           '' ],
            [ qr/\AVIR_(?=CRED_)/,                  '' ],
            [ qr/\AVIR_(?=IP_ADDR_TYPE_)/,          '' ],
            [ qr/\AVIR_(?=NODE_ALLOC_PAGES_)/,      '' ],
            [ qr/\AVIR_(?=NODE_CPU_STATS_)/,        '' ],
            [ qr/\AVIR_(?=NODE_MEMORY_SHARED_)/,    '' ],
            [ qr/\AVIR_(?=NODE_MEMORY_STATS_)/,     '' ],
            [ qr/\AVIR_(?=NODE_SUSPEND_TARGET_)/,   '' ],
            [ qr/\AVIR_NODE_(?=SEV_)/,              '' ],
        ],
        skip => {
            # Not exported by the reference.
            VIR_CPU_COMPARE_ERROR             => 1,
            VIR_NODE_CPU_STATS_FIELD_LENGTH    => 1,
            VIR_NODE_MEMORY_STATS_FIELD_LENGTH => 1,
        },
        rename => {},
    },
    {
        package => 'Sys::Virt::Error',
        file    => 'error.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_ERR_(?=(?:NONE|WARNING|ERROR)\z)/, 'LEVEL_', qr/\AvirErrorLevel\z/ ],
            [ qr/\AVIR_(?=ERR_)/,  '', qr/\AvirErrorNumber\z/ ],
            [ qr/\AVIR_(?=WAR_)/,  '', qr/\AvirErrorNumber\z/ ],
            [ qr/\AVIR_(?=FROM_)/, '', qr/\AvirErrorDomain\z/ ],
        ],
        skip   => {},
        rename => {
            VIR_ERR_XML_INVALID_SCHEMA => 'ERR_INVALID_SCHEMA',
            # sic: the reference keeps this historical misspelling
            VIR_ERR_OPERATION_DENIED   => 'ERR_OPERATIONED_DENIED',
        },
    },
    {
        package => 'Sys::Virt::Domain',
        file    => 'domain.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            # These belong to Sys::Virt::DomainSnapshot / ::DomainCheckpoint.
            [ qr/\AVIR_DOMAIN_SNAPSHOT_/,   undef ],
            [ qr/\AVIR_DOMAIN_CHECKPOINT_/, undef ],
            # Deprecated aliases of VIR_TYPED_PARAM_* and buffer sizes.
            [ qr/\AVIR_DOMAIN_/, undef, qr/\Avir(?:Blkio|Memory|Sched)ParameterType\z/ ],
            [ qr/_FIELD_LENGTH\z/, undef ],
            # Domain states and their reasons: VIR_DOMAIN_RUNNING_BOOTED -> STATE_RUNNING_BOOTED
            [ qr/\AVIR_DOMAIN_/, 'STATE_',
              qr/\AvirDomain(?:State|(?:Nostate|Running|Blocked|Paused|Shutdown|Shutoff|Crashed|PMSuspended|PMSuspendedDisk)Reason)\z/ ],
            [ qr/\AVIR_DOMAIN_CHANNEL_/,  'OPEN_CHANNEL_', qr/\AvirDomainChannelFlags\z/ ],
            [ qr/\AVIR_DOMAIN_CONSOLE_/,  'OPEN_CONSOLE_', qr/\AvirDomainConsoleFlags\z/ ],
            [ qr/\AVIR_DOMAIN_IOTHREAD_/, 'IOTHREAD_PARAM_' ],
            [ qr/\AVIR_CONNECT_LIST_DOMAINS_/,        'LIST_' ],
            [ qr/\AVIR_CONNECT_GET_ALL_DOMAINS_STATS_/, 'GET_ALL_STATS_' ],
            [ qr/\AVIR_CONNECT_DOMAIN_EVENT_/,        'EVENT_' ],
            [ qr/\AVIR_(?=DUMP_)/,       '' ],
            [ qr/\AVIR_(?=KEYCODE_SET_)/, '' ],
            [ qr/\AVIR_(?=MEMORY_)/,     '', qr/\AvirDomainMemoryFlags\z/ ],
            [ qr/\AVIR_(?=MIGRATE_)/,    '' ],
            [ qr/\AVIR_(?=PERF_PARAM_)/, '' ],
            [ qr/\AVIR_(?=VCPU_)/,       '' ],
            [ qr/\AVIR_DOMAIN_/,         '' ],
        ],
        skip => {
            # Not exported by the reference.
            VIR_DOMAIN_NONE           => 1,    # virDomainCreateFlags 0
            VIR_DOMAIN_MEMORY_STAT_NR => 1,    # a count, like _LAST
        },
        rename => {
            # sic: the reference keeps the DOMAIN_ here
            VIR_DOMAIN_ABORT_JOB_POSTCOPY      => 'DOMAIN_ABORT_JOB_POSTCOPY',
            VIR_MIGRATE_PARAM_DISKS_PORT       => 'MIGRATE_PARAM_DISK_PORT',
            VIR_MIGRATE_PARAM_MIGRATE_DISKS_DETECT_ZEROES => 'MIGRATE_PARAM_DISKS_DETECT_ZEROES',
            VIR_MIGRATE_PARAM_COMPRESSION_ZLIB_LEVEL => 'MIGRATE_PARAM_ZLIB_LEVEL',
            VIR_MIGRATE_PARAM_COMPRESSION_ZSTD_LEVEL => 'MIGRATE_PARAM_ZSTD_LEVEL',
            VIR_DOMAIN_TUNABLE_CPU_IOTHREADSPIN => 'TUNABLE_IOTHREADSPIN',
        },
    },
    {
        package => 'Sys::Virt::DomainCheckpoint',
        file    => 'domain_checkpoint.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_DOMAIN_CHECKPOINT_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::DomainSnapshot',
        file    => 'domain_snapshot.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_DOMAIN_SNAPSHOT_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::Network',
        file    => 'network.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            # These belong to Sys::Virt::NetworkPort.
            [ qr/\AVIR_NETWORK_PORT_/, undef ],
            [ qr/\AVIR_CONNECT_LIST_NETWORKS_/, 'LIST_' ],
            [ qr/\AVIR_NETWORK_/, '' ],
        ],
        skip   => {},
        rename => {
            # a real value ("append"), not an enum count: spared from _LAST
            VIR_NETWORK_UPDATE_COMMAND_ADD_LAST => 'UPDATE_COMMAND_ADD_LAST',
        },
    },
    {
        package => 'Sys::Virt::NetworkPort',
        file    => 'network_port.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_NETWORK_PORT_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::StoragePool',
        file    => 'storage_pool.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            # Pool states: VIR_STORAGE_POOL_RUNNING -> STATE_RUNNING
            [ qr/\AVIR_STORAGE_POOL_/, 'STATE_', qr/\AvirStoragePoolState\z/ ],
            [ qr/\AVIR_CONNECT_LIST_STORAGE_POOLS_/, 'LIST_' ],
            # virStorageXMLFlags, used by virStoragePoolGetXMLDesc
            [ qr/\AVIR_STORAGE_(?=XML_)/, '' ],
            [ qr/\AVIR_STORAGE_POOL_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::StorageVol',
        file    => 'storage_vol.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            # Volume types: VIR_STORAGE_VOL_FILE -> TYPE_FILE
            [ qr/\AVIR_STORAGE_VOL_/, 'TYPE_', qr/\AvirStorageVolType\z/ ],
            [ qr/\AVIR_STORAGE_VOL_/, '' ],
        ],
        skip   => {},
        rename => {
            # sic: the reference keeps the VOL_ here
            VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM => 'VOL_DOWNLOAD_SPARSE_STREAM',
            VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM   => 'VOL_UPLOAD_SPARSE_STREAM',
        },
    },
    {
        package => 'Sys::Virt::Interface',
        file    => 'interface.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_CONNECT_LIST_INTERFACES_/, 'LIST_' ],
            [ qr/\AVIR_INTERFACE_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::NodeDevice',
        file    => 'node_device.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_CONNECT_LIST_NODE_DEVICES_/, 'LIST_' ],
            [ qr/\AVIR_NODE_DEVICE_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::Secret',
        file    => 'secret.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_CONNECT_LIST_SECRETS_/, 'LIST_' ],
            [ qr/\AVIR_SECRET_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::NWFilter',
        file    => 'nwfilter.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            # These belong to Sys::Virt::NWFilterBinding.
            [ qr/\AVIR_NWFILTER_BINDING_/, undef ],
            [ qr/\AVIR_NWFILTER_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::NWFilterBinding',
        file    => 'nwfilter_binding.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_NWFILTER_BINDING_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::Stream',
        file    => 'stream.rs',
        rules   => [
            [ qr/_LAST\z/, undef ],
            [ qr/\AVIR_STREAM_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::Event',
        file    => 'event.rs',
        rules   => [
            # virEventHandleType: VIR_EVENT_HANDLE_READABLE -> HANDLE_READABLE
            [ qr/\AVIR_EVENT_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
);

# Reference constants that have no source in libvirt-api.xml:
# PACKAGE => [ [ NAME, KIND ('Int'|'Uint'|'Str'), VALUE, COMMENT ], ... ]
my %extra = (
);

# ---------------------------------------------------------------------------
# Parse libvirt-api.xml
# ---------------------------------------------------------------------------

my %sym;    # libvirt name => { kind => 'enum'|'macro', type, value (raw text) / string }
my @order;  # libvirt names in file order

sub unxml {
    my ($s) = @_;
    $s =~ s/&lt;/</g;
    $s =~ s/&gt;/>/g;
    $s =~ s/&quot;/"/g;
    $s =~ s/&apos;/'/g;
    $s =~ s/&#(\d+);/chr $1/ge;
    $s =~ s/&#x([0-9a-fA-F]+);/chr hex $1/ge;
    $s =~ s/&amp;/&/g;
    return $s;
}

sub attrs {
    my ($text) = @_;
    my %a;
    while ($text =~ /(\w+)='([^']*)'/g) {
        $a{$1} = unxml($2);
    }
    return \%a;
}

open my $fh, '<', $api or die "$0: cannot open $api: $!\n";
my $xml = do { local $/; <$fh> };
close $fh;
# Only the <symbols> section defines constants (<files> merely lists exports).
$xml =~ s/\A.*?<symbols>//s;
# Elements may span lines (long info= attributes) and attribute values may
# contain '>', so match whole quoted attributes rather than "up to '>'".
while ($xml =~ /<(enum|macro)((?:\s+\w+='[^']*')*)\s*\/?>/g) {
    my ($elem, $a) = ($1, attrs($2));
    next unless defined $a->{name};
    if ($elem eq 'enum') {
        next unless defined $a->{value};
        $sym{$a->{name}} = { kind => 'enum', type => $a->{type} // '', raw => $a->{value} };
    } else {
        next if defined $a->{params};          # function-like macro
        if (defined $a->{string}) {
            $sym{$a->{name}} = { kind => 'macro', type => '', string => $a->{string} };
        } elsif (defined $a->{raw}) {
            $sym{$a->{name}} = { kind => 'macro', type => '', raw => $a->{raw} };
        } else {
            next;
        }
    }
    push @order, $a->{name};
}
die "$0: no symbols found in $api\n" unless @order;

# Resolve a symbol to [ KIND, VALUE ] (KIND 'Str' or 'Num'); undef if it is
# not a plain constant (an expression, a type cast, ...).
my %resolving;
sub resolve {
    my ($name) = @_;
    my $s = $sym{$name} or return undef;
    return [ 'Str', $s->{string} ] if defined $s->{string};
    return $s->{resolved} if exists $s->{resolved};
    return undef if $resolving{$name}++;
    my $raw = $s->{raw};
    $raw =~ s{/\*.*?\*/}{}g;
    $raw =~ s/\A\s+|\s+\z//g;
    1 while $raw =~ s/\A\((.*)\)\z/$1/;
    my $r;
    if ($raw =~ /\A(-?)(0x[0-9a-fA-F]+|\d+)(?:[uU]?[lL]{0,2}|[lL]{0,2}[uU]?)\z/) {
        my ($neg, $digits) = ($1, $2);
        my $v = $digits =~ /\A0x/i ? hex($digits) : $digits;
        $v = -$v if $neg;
        $v = int_to_ref($v) if $s->{kind} eq 'enum';
        $r = [ 'Num', $v ];
    } elsif ($raw =~ /\A[A-Z][A-Z0-9_]*\z/) {
        my $t = resolve($raw);
        $r = $t;
    }
    delete $resolving{$name};
    $s->{resolved} = $r;
    return $r;
}

# A C int, as the reference exposes it: values outside 0..2**31-1 are
# reduced to 32 bits, sign-extended and reinterpreted as an unsigned 64-bit
# number.  Returned as a decimal string (2**64 - x is beyond a double's
# precision, so it is computed on strings).
sub int_to_ref {
    my ($v) = @_;
    $v = $v % 4294967296;                      # 0 .. 2**32-1
    return "$v" if $v < 2147483648;
    my $neg = 4294967296 - $v;                 # value is -$neg
    return dec_sub('18446744073709551616', $neg);
}

# $a - $b for non-negative decimal strings with $a >= $b.
sub dec_sub {
    my ($a, $b) = @_;
    my @a = reverse split //, $a;
    my @b = reverse split //, "$b";
    my @r;
    my $borrow = 0;
    for my $i (0 .. $#a) {
        my $d = $a[$i] - ($b[$i] // 0) - $borrow;
        $borrow = $d < 0 ? 1 : 0;
        $d += 10 if $borrow;
        push @r, $d;
    }
    my $r = join '', reverse @r;
    $r =~ s/\A0+(?=\d)//;
    return $r;
}

# Compare decimal strings numerically (both non-negative or handled by sign).
sub fits_i64 {
    my ($v) = @_;
    return 1 if $v =~ /\A-/;                   # our negatives are small
    return length($v) < 19 || (length($v) == 19 && $v le '9223372036854775807');
}

# ---------------------------------------------------------------------------
# Build the tables
# ---------------------------------------------------------------------------

sub build {
    my ($pkg) = @_;
    for my $name (sort(keys %{ $pkg->{skip} }), sort(keys %{ $pkg->{rename} })) {
        warn "$0: $pkg->{package}: exception for $name, which libvirt-api.xml does not define\n"
            unless $sym{$name};
    }
    my %c;      # perl name => [ kind, value, libvirt name ]
    for my $name (@order) {
        next if $pkg->{skip}{$name};
        my $perl = $pkg->{rename}{$name};
        unless (defined $perl) {
            my $type = $sym{$name}{type};
            for my $rule (@{ $pkg->{rules} }) {
                my ($re, $to, $tre) = @$rule;
                next unless $name =~ $re;
                next if defined $tre && $type !~ $tre;
                last unless defined $to;
                ($perl = $name) =~ s/$re/$to/;
                last;
            }
            next unless defined $perl;
        }
        my $r = resolve($name);
        next unless defined $r;
        my ($kind, $value) = @$r;
        $kind = $kind eq 'Str' ? 'Str' : fits_i64($value) ? 'Int' : 'Uint';
        if (exists $c{$perl}) {
            die "$0: $pkg->{package}::$perl from both $c{$perl}[2] and $name with different values\n"
                if $c{$perl}[1] ne $value;
            next;
        }
        $c{$perl} = [ $kind, $value, $name ];
    }
    for my $e (@{ $extra{$pkg->{package}} || [] }) {
        my ($perl, $kind, $value, $comment) = @$e;
        die "$0: $pkg->{package}::$perl both derived and listed as extra\n" if $c{$perl};
        $c{$perl} = [ $kind, $value, undef ];
    }
    return \%c;
}

sub rust_str {
    my ($s) = @_;
    $s =~ s/\\/\\\\/g;
    $s =~ s/"/\\"/g;
    $s =~ s/([^\x20-\x7e])/sprintf('\\u{%x}', ord $1)/ge;
    return qq{"$s"};
}

sub perl_escape {                              # as tools/dump-constants.pl prints
    my ($v) = @_;
    $v =~ s/\\/\\\\/g;
    $v =~ s/\n/\\n/g;
    $v =~ s/\t/\\t/g;
    $v =~ s/([\x00-\x1f\x7f-\xff])/sprintf('\\x%02X', ord $1)/ge;
    $v =~ s/([^\x00-\xff])/sprintf('\\x{%X}', ord $1)/ge;
    return $v;
}

if (defined $list) {
    my ($pkg) = grep { $_->{package} eq $list } @packages
        or die "$0: unknown package $list\n";
    my $c = build($pkg);
    print "$_ ", perl_escape($c->{$_}[1]), "\n" for sort keys %$c;
    exit 0;
}

make_path($out);
my $api_version = '';
if (open my $vf, '<', $api) {
    while (<$vf>) {
        if (/<macro name='LIBVIR_VERSION_NUMBER'[^>]*raw='(\d+)'/) {
            my $n = $1;
            $api_version = sprintf ' (libvirt %d.%d.%d)', int($n / 1000000), int($n / 1000) % 1000, $n % 1000;
            last;
        }
    }
    close $vf;
}

sub write_file {
    my ($path, $text) = @_;
    open my $o, '>', "$path.tmp" or die "$0: cannot write $path.tmp: $!\n";
    print {$o} $text;
    close $o or die "$0: cannot write $path.tmp: $!\n";
    rename "$path.tmp", $path or die "$0: cannot rename $path.tmp: $!\n";
}

my $header = <<"EOT";
// \@generated by tools/gen-constants.pl from libvirt-api.xml$api_version.
// Do not edit by hand: change the generator and run `perl tools/gen-constants.pl`.
EOT

my @mods;
for my $pkg (@packages) {
    my $c = build($pkg);
    my $text = $header . "//\n// Constants of package $pkg->{package} (" . scalar(keys %$c) . ").\n\n";
    # rustfmt would re-align the trailing comments and wrap long entries.
    $text .= "#[rustfmt::skip]\npub static CONSTANTS: &[perlxs::Const] = &[\n";
    for my $perl (sort keys %$c) {
        my ($kind, $value, $from) = @{ $c->{$perl} };
        my $v = $kind eq 'Str' ? rust_str($value) : $value;
        my $comment = defined $from ? $from : 'no libvirt-api.xml source';
        $text .= sprintf "    perlxs::Const::%s(%s, %s), // %s\n", $kind, rust_str($perl), $v, $comment;
    }
    $text .= "];\n";
    write_file(File::Spec->catfile($out, $pkg->{file}), $text);
    (my $mod = $pkg->{file}) =~ s/\.rs\z//;
    push @mods, [ $mod, $pkg->{package} ];
    printf STDERR "%-28s %4d constants -> %s\n", $pkg->{package}, scalar(keys %$c), $pkg->{file};
}

my $mod = $header . "\n";
# sorted and with comments on their own lines, as rustfmt wants them
$mod .= "/// $_->[1]\npub mod $_->[0];\n" for sort { $a->[0] cmp $b->[0] } @mods;
write_file(File::Spec->catfile($out, 'mod.rs'), $mod);
