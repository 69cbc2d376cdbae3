#!/usr/bin/perl
# Generate the constant tables of Sys::Virt from libvirt's API description.
#
#   perl tools/gen-constants.pl [--api FILE] [--out DIR]
#   perl tools/gen-constants.pl [--api FILE] --list PACKAGE
#   perl tools/gen-constants.pl [--api FILE] --list-all
#   perl tools/gen-constants.pl [--api FILE] --packages
#   perl tools/gen-constants.pl [--api FILE] --excluded
#   perl tools/gen-constants.pl --api FULL-XML --extract FILE
#
# Reads a libvirt-api.xml and writes, under DIR (default src/consts):
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
# (Sys::Virt::EventImpl, the other package of the reference, has no
# constants.)
#
# The input
# ---------
# The tables follow Sys::Virt 12.7.0, whose constants are those of libvirt
# 12.7/12.8, while the module is built against whatever libvirt the host has
# (constants are plain values, so an older libvirt is fine).  The default
# input is therefore not the host's /usr/share/libvirt/api/libvirt-api.xml
# but tools/api/libvirt-api-12.8.0.xml: the constant-like symbols of libvirt
# 12.8.0's libvirt-api.xml (1.2 MB, mostly documentation), cut down to what
# this script reads by
#
#   perl tools/gen-constants.pl --api /usr/share/libvirt/api/libvirt-api.xml \
#       --extract tools/api/libvirt-api-12.8.0.xml
#
# (on a host with libvirt 12.8.0, e.g. Debian unstable's libvirt-dev).  The
# extract records the size and SHA-256 of the file it was made from; the full
# file works as --api too and gives the same tables.  To follow a later
# Sys::Virt: extract that libvirt's XML, point $DEFAULT_API at it, run with
# --list against the new reference (tools/check-constants.pl), adjust the rules.
#
# Modes: --list PACKAGE prints the constants of PACKAGE as "NAME VALUE" lines,
# sorted, in the format of tools/dump-constants.pl, so the result can be
# compared with the reference module directly; --list-all prints those of
# every package as "PACKAGE NAME VALUE" lines; --packages prints the package
# names; --excluded prints every candidate symbol that no package exports,
# with the reason.  None of them writes anything.
#
# How Perl names are derived
# --------------------------
# Every <enum> and every <macro> with a string= or a raw= value is a
# candidate.  For each package an ordered list of rules maps a libvirt name to
# a Perl name: the first rule whose name pattern (and, if given, enum type
# pattern) matches decides; its replacement either renames the prefix or,
# when undef, drops the symbol.  Short lists of explicit renames and skips per
# package cover the places where the reference (Sys::Virt 12.7.0) does not
# follow the pattern, and %not_exported the symbols no package's rule
# matches.  A candidate that ends up neither exported nor excluded with a
# reason, or that is to be exported but has no plain value (an expression),
# is an error.
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
use Digest::SHA;

# this script's tools/ directory and the repository root
my ($TOOLS, $ROOT);
{
    my ($vol, $dir) = File::Spec->splitpath(File::Spec->rel2abs($0));
    $TOOLS = File::Spec->catpath($vol, $dir, '');
    $ROOT  = File::Spec->catdir($TOOLS, File::Spec->updir);
}
my $DEFAULT_API = File::Spec->catfile($TOOLS, 'api', 'libvirt-api-12.8.0.xml');

my $api = $DEFAULT_API;
my ($out, $list, $list_all, $packages, $excluded, $extract);
GetOptions('api=s' => \$api, 'out=s' => \$out, 'list=s' => \$list, 'list-all' => \$list_all,
           'packages' => \$packages, 'excluded' => \$excluded, 'extract=s' => \$extract)
    or die "usage: $0 [--api FILE] [--out DIR | --list PACKAGE | --list-all | --packages | --excluded | --extract FILE]\n";
$out = File::Spec->catdir($ROOT, 'src', 'consts') unless defined $out;

# ---------------------------------------------------------------------------
# Packages, their output files and naming rules.
#
# Rule: [ NAME_REGEX, REPLACEMENT, TYPE_REGEX, WHY ]
#   NAME_REGEX must be anchored; the matched part is replaced by REPLACEMENT.
#   TYPE_REGEX (optional) must match the enum's type= attribute (macros have
#   no type and never match a rule that has one).
#   REPLACEMENT undef means "not exported by this package": with WHY (a
#   reason) the symbol is excluded; without, it is left to another package
#   (VIR_DOMAIN_SNAPSHOT_* in Sys::Virt::Domain), which must then export or
#   exclude it.
# skip:   { LIBVIRT_NAME => WHY }, excluded although a rule would export it.
# rename: { LIBVIRT_NAME => PERL_NAME }, where the reference departs from
#   the rules.
# ---------------------------------------------------------------------------

# An enum's count, which grows with every libvirt release: never exported.
my $LAST = [ qr/_LAST\z/, undef, undef, "an enum's count (_LAST), not a value" ];

my @packages = (
    {
        package => 'Sys::Virt',
        file    => 'virt.rs',
        rules   => [
            $LAST,
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
            VIR_CPU_COMPARE_ERROR              => 'not in Sys::Virt 12.7.0 (-1, the error return of virConnectCompareCPU)',
            VIR_NODE_CPU_STATS_FIELD_LENGTH    => 'a C buffer size (char field[80])',
            VIR_NODE_MEMORY_STATS_FIELD_LENGTH => 'a C buffer size (char field[80])',
        },
        rename => {},
    },
    {
        package => 'Sys::Virt::Error',
        file    => 'error.rs',
        rules   => [
            $LAST,
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
            $LAST,
            # These belong to Sys::Virt::DomainSnapshot / ::DomainCheckpoint.
            [ qr/\AVIR_DOMAIN_SNAPSHOT_/,   undef ],
            [ qr/\AVIR_DOMAIN_CHECKPOINT_/, undef ],
            [ qr/\AVIR_DOMAIN_/, undef, qr/\Avir(?:Blkio|Memory|Sched)ParameterType\z/,
              'a deprecated alias of a VIR_TYPED_PARAM_* type, not in Sys::Virt 12.7.0' ],
            [ qr/_FIELD_LENGTH\z/, undef, undef, 'a C buffer size (char field[80])' ],
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
            VIR_DOMAIN_NONE           => 'not in Sys::Virt 12.7.0 (virDomainCreateFlags 0)',
            VIR_DOMAIN_MEMORY_STAT_NR => 'an enum\'s count, like _LAST; not in Sys::Virt 12.7.0',
        },
        rename => {
            # sic: the reference keeps the DOMAIN_ here
            VIR_DOMAIN_ABORT_JOB_POSTCOPY      => 'DOMAIN_ABORT_JOB_POSTCOPY',
            VIR_MIGRATE_PARAM_DISKS_PORT       => 'MIGRATE_PARAM_DISK_PORT',
            VIR_MIGRATE_PARAM_MIGRATE_DISKS_DETECT_ZEROES => 'MIGRATE_PARAM_DISKS_DETECT_ZEROES',
            VIR_MIGRATE_PARAM_COMPRESSION_ZLIB_LEVEL      => 'MIGRATE_PARAM_ZLIB_LEVEL',
            VIR_MIGRATE_PARAM_COMPRESSION_ZSTD_LEVEL      => 'MIGRATE_PARAM_ZSTD_LEVEL',
            VIR_DOMAIN_TUNABLE_CPU_IOTHREADSPIN => 'TUNABLE_IOTHREADSPIN',
        },
    },
    {
        package => 'Sys::Virt::DomainCheckpoint',
        file    => 'domain_checkpoint.rs',
        rules   => [
            $LAST,
            [ qr/\AVIR_DOMAIN_CHECKPOINT_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::DomainSnapshot',
        file    => 'domain_snapshot.rs',
        rules   => [
            $LAST,
            [ qr/\AVIR_DOMAIN_SNAPSHOT_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::Network',
        file    => 'network.rs',
        rules   => [
            $LAST,
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
            $LAST,
            [ qr/\AVIR_NETWORK_PORT_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::StoragePool',
        file    => 'storage_pool.rs',
        rules   => [
            $LAST,
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
            $LAST,
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
            $LAST,
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
            $LAST,
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
            $LAST,
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
            $LAST,
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
            $LAST,
            [ qr/\AVIR_NWFILTER_BINDING_/, '' ],
        ],
        skip   => {},
        rename => {},
    },
    {
        package => 'Sys::Virt::Stream',
        file    => 'stream.rs',
        rules   => [
            $LAST,
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

# Symbols of libvirt-api.xml that no package's rules take up and that
# Sys::Virt 12.7.0 does not export.  Every constant-like symbol of the XML
# must be exported by a package, excluded by a rule with a reason or a skip
# entry, or listed here; anything else stops the generator, so a symbol new
# in a later libvirt is never dropped (or exported) without a decision.
my %not_exported = (
    LIBVIR_VERSION_NUMBER => 'the version of the headers, not in Sys::Virt 12.7.0',
    # virTypedParameterType/Flags: the binding converts typed parameters
    # itself; Sys::Virt 12.7.0 exports none of these.
    VIR_TYPED_PARAM_INT         => 'typed-parameter type, not in Sys::Virt 12.7.0',
    VIR_TYPED_PARAM_UINT        => 'typed-parameter type, not in Sys::Virt 12.7.0',
    VIR_TYPED_PARAM_LLONG       => 'typed-parameter type, not in Sys::Virt 12.7.0',
    VIR_TYPED_PARAM_ULLONG      => 'typed-parameter type, not in Sys::Virt 12.7.0',
    VIR_TYPED_PARAM_DOUBLE      => 'typed-parameter type, not in Sys::Virt 12.7.0',
    VIR_TYPED_PARAM_BOOLEAN     => 'typed-parameter type, not in Sys::Virt 12.7.0',
    VIR_TYPED_PARAM_STRING      => 'typed-parameter type, not in Sys::Virt 12.7.0',
    VIR_TYPED_PARAM_STRING_OKAY => 'typed-parameter flag, not in Sys::Virt 12.7.0',
    # C buffer sizes (several are expressions such as (36+1)).
    VIR_UUID_BUFLEN           => 'a C buffer size',
    VIR_UUID_STRING_BUFLEN    => 'a C buffer size',
    VIR_SECURITY_DOI_BUFLEN   => 'a C buffer size',
    VIR_SECURITY_LABEL_BUFLEN => 'a C buffer size',
    VIR_SECURITY_MODEL_BUFLEN => 'a C buffer size',
    # #define _virBlkioParameter _virTypedParameter, etc.: type names.
    _virBlkioParameter  => 'a C type alias',
    _virMemoryParameter => 'a C type alias',
    _virSchedParameter  => 'a C type alias',
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

open my $fh, '<:raw', $api or die "$0: cannot open $api: $!\n";
my $xml = do { local $/; <$fh> };
close $fh;
my $api_bytes  = length $xml;
my $api_sha256 = Digest::SHA::sha256_hex($xml);
# An extract names its source in an XML comment: <!-- source: ... -->
my ($api_source) = $xml =~ /<!-- source: (.*?) -->/;
# Only the <symbols> section defines constants (<files> merely lists exports).
$xml =~ s/\A.*?<symbols>//s;
# Elements may span lines (long info= attributes) and attribute values may
# contain '>', so match whole quoted attributes rather than "up to '>'".
while ($xml =~ /<(enum|macro)((?:\s+\w+='[^']*')*)\s*\/?>/g) {
    my ($elem, $a) = ($1, attrs($2));
    next unless defined $a->{name};
    die "$0: $api: $a->{name} defined twice\n" if $sym{$a->{name}};
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
    $sym{$a->{name}}{elem}  = $elem;
    $sym{$a->{name}}{attrs} = $a;
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

# What package PKG does with libvirt symbol NAME:
#   ('export', PERL_NAME), ('drop', WHY), ('defer') -- a rule leaves it to
#   another package -- or () when no rule matches.
sub decide {
    my ($pkg, $name) = @_;
    return ('drop', $pkg->{skip}{$name})     if exists $pkg->{skip}{$name};
    return ('export', $pkg->{rename}{$name}) if exists $pkg->{rename}{$name};
    my $type = $sym{$name}{type};
    for my $rule (@{ $pkg->{rules} }) {
        my ($re, $to, $tre, $why) = @$rule;
        next unless $name =~ $re;
        next if defined $tre && $type !~ $tre;
        return defined $why ? ('drop', $why) : ('defer') unless defined $to;
        (my $perl = $name) =~ s/$re/$to/;
        return ('export', $perl);
    }
    return;
}

my %exported_by;    # libvirt name => [ "PACKAGE::NAME", ... ]
my %dropped_why;    # libvirt name => why (the first package's reason)
my @problems;

sub build {
    my ($pkg) = @_;
    for my $name (sort(keys %{ $pkg->{skip} }), sort(keys %{ $pkg->{rename} })) {
        warn "$0: $pkg->{package}: exception for $name, which $api does not define\n"
            unless $sym{$name};
    }
    my %c;      # perl name => [ kind, value, libvirt name ]
    for my $name (@order) {
        my ($what, $arg) = decide($pkg, $name);
        next unless defined $what && $what ne 'defer';
        if ($what eq 'drop') {
            $dropped_why{$name} //= "$arg [$pkg->{package}]";
            next;
        }
        my $perl = $arg;
        my $r = resolve($name);
        unless (defined $r) {
            push @problems, "$name would be $pkg->{package}::$perl but has no plain value"
                . " (raw='$sym{$name}{raw}'): skip it or compute it";
            next;
        }
        my ($kind, $value) = @$r;
        $kind = $kind eq 'Str' ? 'Str' : fits_i64($value) ? 'Int' : 'Uint';
        push @{ $exported_by{$name} }, "$pkg->{package}::$perl";
        if (exists $c{$perl}) {
            push @problems, "$pkg->{package}::$perl from both $c{$perl}[2] and $name with different values"
                if $c{$perl}[1] ne $value;
            next;
        }
        $c{$perl} = [ $kind, $value, $name ];
    }
    for my $e (@{ $extra{$pkg->{package}} || [] }) {
        my ($perl, $kind, $value, $comment) = @$e;
        push @problems, "$pkg->{package}::$perl both derived and listed as extra" if $c{$perl};
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

sub write_file {
    my ($path, $text) = @_;
    open my $o, '>', "$path.tmp" or die "$0: cannot write $path.tmp: $!\n";
    print {$o} $text;
    close $o or die "$0: cannot write $path.tmp: $!\n";
    rename "$path.tmp", $path or die "$0: cannot rename $path.tmp: $!\n";
}

# ---------------------------------------------------------------------------
# --extract: the symbols this script reads, without the documentation
# ---------------------------------------------------------------------------

sub xml_attr {
    my ($v) = @_;
    $v =~ s/&/&amp;/g;
    $v =~ s/</&lt;/g;
    $v =~ s/>/&gt;/g;
    $v =~ s/'/&apos;/g;
    $v =~ s/([\x00-\x1f])/sprintf('&#%d;', ord $1)/ge;
    return $v;
}

sub libvirt_version {
    my $s = $sym{LIBVIR_VERSION_NUMBER};
    return undef unless $s && defined $s->{raw} && $s->{raw} =~ /\A(\d+)\z/;
    my $n = $1;
    return sprintf '%d.%d.%d', int($n / 1000000), int($n / 1000) % 1000, $n % 1000;
}

if (defined $extract) {
    my $version = libvirt_version() // 'unknown';
    my $source = $api_source
        // "libvirt-api.xml of libvirt $version ($api_bytes bytes, sha256 $api_sha256)";
    my $text = <<"EOT";
<?xml version="1.0" encoding="UTF-8"?>
<!-- The constant-like symbols of libvirt's API description, as read by
     tools/gen-constants.pl, which made this file (see its option extract).
     Kept: the enum elements with a value and the macro elements without
     params and with a string or raw value, from the symbols section, with
     the attributes name, type, value, string, raw and version, in the
     original order.  Left out: the documentation (info, file, value_hex,
     value_bitshift), the files section and everything else. -->
<!-- source: $source -->
<api name='libvirt'>
  <symbols>
EOT
    for my $name (@order) {
        my $s = $sym{$name};
        my $a = $s->{attrs};
        my @attrs = grep { defined $a->{$_} } qw(name type value string raw version);
        $text .= sprintf "    <%s %s/>\n", $s->{elem},
            join ' ', map { "$_='" . xml_attr($a->{$_}) . "'" } @attrs;
    }
    $text .= "  </symbols>\n</api>\n";
    write_file($extract, $text);
    printf STDERR "%s: %d symbols of %s -> %s\n", $0, scalar(@order), $source, $extract;
    exit 0;
}

# ---------------------------------------------------------------------------
# Classify every symbol
# ---------------------------------------------------------------------------

if ($packages) {
    print "$_->{package}\n" for @packages;
    exit 0;
}

my %tables = map { $_->{package} => build($_) } @packages;

for my $name (sort keys %not_exported) {
    if (!$sym{$name}) {
        warn "$0: %not_exported lists $name, which $api does not define\n";
    } elsif ($exported_by{$name} || exists $dropped_why{$name}) {
        push @problems, "$name is in %not_exported but "
            . ($exported_by{$name} ? "exported as @{ $exported_by{$name} }" : "also excluded: $dropped_why{$name}");
    }
}
my @unclassified = grep {
    !$exported_by{$_} && !exists $dropped_why{$_} && !exists $not_exported{$_}
} @order;
push @problems, map { "$_ is neither exported by a package nor excluded: add a rule, a skip or a %not_exported entry" } @unclassified;

if ($excluded) {
    for my $name (@order) {
        next if $exported_by{$name};
        my $why = $dropped_why{$name} // $not_exported{$name} // 'UNCLASSIFIED';
        printf "%s %s\n", $name, $why;
    }
    exit(@unclassified ? 1 : 0);
}

die join '', map { "$0: $api: $_\n" } @problems if @problems;

if (defined $list) {
    my $c = $tables{$list} or die "$0: unknown package $list\n";
    print "$_ ", perl_escape($c->{$_}[1]), "\n" for sort keys %$c;
    exit 0;
}
if ($list_all) {
    for my $pkg (map { $_->{package} } @packages) {
        my $c = $tables{$pkg};
        print "$pkg $_ ", perl_escape($c->{$_}[1]), "\n" for sort keys %$c;
    }
    exit 0;
}

# ---------------------------------------------------------------------------
# Write the tables
# ---------------------------------------------------------------------------

make_path($out);

# The input as the header names it: relative to the repository if inside it.
my $api_name = do {
    require Cwd;
    my $abs  = Cwd::abs_path($api) // $api;
    my $root = Cwd::abs_path($ROOT) // $ROOT;
    index($abs, "$root/") == 0 ? substr($abs, length("$root/")) : $api;
};
my $api_version = libvirt_version();
$api_version = defined $api_version ? " (libvirt $api_version)" : '';

my $header = <<"EOT";
// \@generated by tools/gen-constants.pl from $api_name$api_version.
// Do not edit by hand: change the generator and run `perl tools/gen-constants.pl`.
EOT

my @mods;
for my $pkg (@packages) {
    my $c = $tables{ $pkg->{package} };
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
