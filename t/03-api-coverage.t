#!/usr/bin/perl
# How much of the API this distribution covers, in two parts.
#
# 1. Perl interface against the reference Sys::Virt (Debian's libsys-virt-perl, the XS
#    module). Both modules' symbol tables are dumped in child perls (t/lib/ApiCoverage.pm):
#    the reference with PERL5LIB/PERLLIB/PERL5OPT unset and only its vendor directory on
#    @INC, ours with the current @INC (blib first under `prove -b` / `make test`). Every
#    method of the reference must exist in ours with the same prototype, every constant with
#    the same value.
#     - packages in @COMPLETE must match exactly: ordinary tests;
#     - other packages we ship: what is missing is a TODO test, whose diagnostics count and
#       name the missing subs (read them with `prove -v`); a sub that we do have but with
#       another prototype or value is still an ordinary failure;
#     - packages we do not ship: one note each with the reference's counts.
# 2. libvirt's C API (libvirt-api.xml): every function that belongs to a package in
#    @COMPLETE is named in our Rust sources (src/**/*.rs, outside comments and strings) or
#    listed with a reason in t/lib/api-unbound.txt; the list must name only functions that
#    exist and are not bound. Functions of the other packages are only counted.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use ApiCoverage;
use TestDriver qw(REFDIR reference_missing reference_version reference_is_older);

# Packages declared complete: no difference from the reference allowed, and all their
# libvirt functions bound or listed as deliberately unbound.
my @COMPLETE = qw(
    Sys::Virt
    Sys::Virt::Network
    Sys::Virt::NetworkPort
    Sys::Virt::StoragePool
    Sys::Virt::StorageVol
    Sys::Virt::Domain
    Sys::Virt::DomainCheckpoint
    Sys::Virt::DomainSnapshot
    Sys::Virt::Error
    Sys::Virt::Interface
    Sys::Virt::NodeDevice
    Sys::Virt::Secret
    Sys::Virt::NWFilter
    Sys::Virt::NWFilterBinding
    Sys::Virt::Event
    Sys::Virt::Stream
    Sys::Virt::EventImpl
);
my %COMPLETE = map { $_ => 1 } @COMPLETE;

my $API_XML = '/usr/share/libvirt/api/libvirt-api.xml';
my $ROOT    = File::Spec->rel2abs(File::Spec->catdir(dirname(__FILE__), File::Spec->updir));
my $UNBOUND = File::Spec->catfile($ROOT, 't', 'lib', 'api-unbound.txt');

my @SHIPPED = ApiCoverage::shipped_packages($ROOT);
my %SHIPPED = map { $_ => 1 } @SHIPPED;

# Shows a prototype as Perl code would write it.
sub show_proto { defined $_[0] ? "'$_[0]'" : 'undef' }

# Compares one package. Returns a hash of lists: missing_methods, missing_consts (names),
# proto_diff, value_diff (lines describing the difference), extra (subs only ours has),
# inherited (methods the reference defines in the package itself and ours inherits), and
# the reference's counts. $inherit, given only for a reference older than our API, says
# from which parent class ours inherits a method (undef: none): a newer API may move a
# method into a parent class (Sys::Virt 9.5.0 moved Sys::Virt::Event's _run_handle_callback
# and the others into Sys::Virt::EventImpl), and a method call still finds it there.
sub compare_package {
    my ($ref, $our, $inherit) = @_;
    $our //= {};
    my %d = (methods => 0, consts => 0,
             map { $_ => [] } qw(missing_methods missing_consts proto_diff value_diff extra
                                 inherited));
    for my $name (sort keys %$ref) {
        my ($r, $o) = ($ref->{$name}, $our->{$name});
        if (!$r->{const}) {
            $d{methods}++;
            my $from = !$o && $inherit ? $inherit->($name) : undef;
            if (defined $from) {
                push @{ $d{inherited} }, "$name (from $from)";
                $o = $inherit->($name, 1);
            }
            if (!$o) {
                push @{ $d{missing_methods} }, $name;
            } elsif ($o->{const} || show_proto($o->{proto}) ne show_proto($r->{proto})) {
                push @{ $d{proto_diff} },
                    "$name: ours " . show_proto($o->{proto}) . ', reference ' . show_proto($r->{proto});
            }
        } else {
            $d{consts}++;
            if (!$o) {
                push @{ $d{missing_consts} }, $name;
            } elsif (!$o->{const}) {
                push @{ $d{value_diff} },
                    "$name: ours is a sub with prototype " . show_proto($o->{proto}) . ', not a constant';
            } elsif ((defined $o->{value}) != (defined $r->{value})
                     || (defined $o->{value} && $o->{value} ne $r->{value})) {
                push @{ $d{value_diff} },
                    "$name: ours " . ($o->{value} // 'undef') . ', reference ' . ($r->{value} // 'undef');
            }
        }
    }
    $d{extra} = [grep { !exists $ref->{$_} } sort keys %$our];
    return \%d;
}

# The diagnostic for a list of names: "N missing: a b c", wrapped.
sub name_list {
    my ($what, @names) = @_;
    my $text = scalar(@names) . " $what:";
    my $line = '';
    for my $n (@names) {
        if (length($line) + length($n) > 90) {
            $text .= "\n   $line";
            $line = '';
        }
        $line .= " $n";
    }
    return $text . ($line eq '' ? '' : "\n   $line");
}

# Part 1: the symbol tables of the reference and of ours.
sub check_perl_interface {
    my $REFDIR = REFDIR;
    note('reference: Sys::Virt ' . reference_version() . " in $REFDIR");
    my $ref = ApiCoverage::read_symbols('reference', "-I$REFDIR");
    my $our = ApiCoverage::read_symbols('ours', map { "-I$_" } grep { !ref($_) } @INC);

    for ([reference => $ref], [ours => $our]) {
        my ($which, $r) = @$_;
        ok($r->{status} == 0 && !@{ $r->{errors} } && defined $r->{where},
           "$which symbol dump ran cleanly")
            or diag(join "\n", "exit status " . ($r->{status} >> 8) . ':', @{ $r->{errors} });
    }
    is($ref->{where}, "$REFDIR/Sys/Virt.pm", 'the reference dump used the reference module');
    ok(defined $our->{where} && $our->{where} ne "$REFDIR/Sys/Virt.pm",
       'our dump used our module (' . ($our->{where} // 'none') . ')')
        or diag('run this test with the built module first in @INC: prove -b / make test');
    return unless defined $ref->{where} && defined $our->{where};

    my ($methods_total, $methods_ok, $consts_total, $consts_ok) = (0) x 4;
    my %seen;
    for my $pkg (@COMPLETE, grep { !$COMPLETE{$_} } sort keys %{ $ref->{pkgs} }) {
        next if $seen{$pkg}++;
        my $r = $ref->{pkgs}{$pkg};
        if (!$r) {
            # A package newer than the installed reference (EventImpl came with 9.5.0).
            if (reference_is_older()) {
                note("$pkg: not in the reference Sys::Virt " . reference_version() . ', which is older than our API');
                next;
            }
            fail("$pkg, declared complete, exists in the reference");
            next;
        }
        my $inherit = reference_is_older() ? sub {
            my ($name, $entry) = @_;
            my $from = ApiCoverage::inherited_from($our, $pkg, $name);
            return $entry && defined $from ? $our->{pkgs}{$from}{$name} : $from;
        } : undef;
        my $d = compare_package($r, $our->{pkgs}{$pkg}, $inherit);
        my $nmiss = @{ $d->{missing_methods} } + @{ $d->{missing_consts} };
        $methods_total += $d->{methods};
        $consts_total  += $d->{consts};
        $methods_ok += $d->{methods} - @{ $d->{missing_methods} } - @{ $d->{proto_diff} };
        $consts_ok  += $d->{consts}  - @{ $d->{missing_consts} }  - @{ $d->{value_diff} };
        my $counts = sprintf '%d of %d methods, %d of %d constants present',
            $d->{methods} - @{ $d->{missing_methods} }, $d->{methods},
            $d->{consts} - @{ $d->{missing_consts} }, $d->{consts};

        if (!$COMPLETE{$pkg} && !$SHIPPED{$pkg}) {
            note("$pkg: not shipped yet (reference: $d->{methods} methods, $d->{consts} constants)");
            next;
        }
        subtest "$pkg against the reference" => sub {
            if ($COMPLETE{$pkg}) {
                (my $file = "lib/$pkg.pm") =~ s{::}{/}g;
                ok($SHIPPED{$pkg}, "$pkg is shipped ($file)");
                ok(!@{ $d->{missing_methods} }, "all $d->{methods} reference methods are defined")
                    or diag(name_list("$pkg methods missing", @{ $d->{missing_methods} }));
                ok(!@{ $d->{missing_consts} }, "all $d->{consts} reference constants are defined")
                    or diag(name_list("$pkg constants missing", @{ $d->{missing_consts} }));
            } else {
                TODO: {
                    local $TODO = "$pkg is not complete yet";
                    my @lists = ([methods => $d->{missing_methods}],
                                 [constants => $d->{missing_consts}]);
                    ok(!$nmiss, "every reference method and constant is defined ($counts)")
                        or diag(join "\n", map { name_list("$pkg $_->[0] missing", @{ $_->[1] }) }
                                            grep { @{ $_->[1] } } @lists);
                }
            }
            ok(!@{ $d->{proto_diff} }, 'the methods we define have the reference\'s prototypes')
                or diag(join "\n   ", "$pkg prototypes that differ:", @{ $d->{proto_diff} });
            ok(!@{ $d->{value_diff} }, 'the constants we define have the reference\'s values')
                or diag(join "\n   ", "$pkg constants that differ:", @{ $d->{value_diff} });
            note("$pkg: $counts");
            note(name_list('methods of the reference ' . reference_version() . " that ours inherits"
                           . ' (moved to a parent class in a newer Sys::Virt)', @{ $d->{inherited} }))
                if @{ $d->{inherited} };
            note(name_list("subs only ours has (allowed)", @{ $d->{extra} })) if @{ $d->{extra} };
        };
    }
    for my $pkg (grep { !$ref->{pkgs}{$_} } @SHIPPED) {
        note("$pkg: shipped, but the reference has no such package");
    }
    note("summary: $methods_ok of $methods_total reference methods present with the reference's"
         . " prototype, $consts_ok of $consts_total constants with its value");
}

# Part 2: libvirt's functions against our Rust sources and t/lib/api-unbound.txt.
sub check_libvirt_functions {
    my ($funcs, $since) = ApiCoverage::libvirt_functions($API_XML);
    my ($installed, $from) = ApiCoverage::installed_libvirt($since);
    note("libvirt-api.xml of libvirt " . ($installed // 'of unknown version') . " ($from)");
    my $bound = ApiCoverage::rust_identifiers(File::Spec->catdir($ROOT, 'src'));
    my ($unbound, $problems) = ApiCoverage::read_unbound($UNBOUND);
    cmp_ok(scalar(keys %$funcs), '>', 400, "$API_XML lists the libvirt functions")
        or diag(scalar(keys %$funcs) . ' found');

    # Sort the functions into groups (see ApiCoverage::function_group).
    my (%group, %owner);
    for my $f (sort keys %$funcs) {
        my ($own, $grp) = ApiCoverage::function_group($f, $funcs->{$f});
        push @{ $group{$grp} }, $f;
        $owner{$f} = $own;
    }

    for my $grp (@COMPLETE) {
        my @f = @{ $group{$grp} // [] };
        my @missing = grep { !$bound->{$_} && !exists $unbound->{$_} } @f;
        my $nb = grep { $bound->{$_} } @f;
        my $nl = grep { !$bound->{$_} && exists $unbound->{$_} } @f;
        # Sys::Virt::EventImpl is the Perl side of libvirt's event implementation: no function is its own.
        ok((@f || $grp eq 'Sys::Virt::EventImpl') && !@missing, sprintf('libvirt functions of %s: all %d bound (%d) or listed (%d)',
                                    $grp, scalar(@f), $nb, $nl))
            or diag(join "\n   ", scalar(@missing) . " $grp functions neither named in src/ nor"
                    . ' listed in t/lib/api-unbound.txt:',
                    map { $owner{$_} eq $grp ? $_ : "$_ (a method of $owner{$_})" } @missing);
    }
    for my $grp (grep { !$COMPLETE{$_} } sort keys %group) {
        my @f = @{ $group{$grp} };
        note(sprintf '%s: %d of %d libvirt functions bound, %d listed as unbound', $grp,
             scalar(grep { $bound->{$_} } @f), scalar(@f),
             scalar(grep { !$bound->{$_} && exists $unbound->{$_} } @f));
    }

    # The list stays honest: well formed, only real functions, none that is in fact bound.
    ok(!@$problems, 't/lib/api-unbound.txt is well formed')
        or diag(join "\n   ", 'api-unbound.txt:', @$problems);
    my ($version_problems, $newer) = ApiCoverage::check_unbound_versions($unbound, $funcs, $since,
                                                                        $installed);
    ok(!@$version_problems, 'every function in t/lib/api-unbound.txt exists in libvirt-api.xml,'
       . ' or is marked as added by a libvirt newer than ' . ($installed // 'the installed one'))
        or diag(join "\n   ", 'api-unbound.txt:', @$version_problems);
    note(name_list("listed functions of a libvirt newer than $installed (allowed)", @$newer))
        if @$newer;
    my @now_bound = grep { $bound->{$_} } sort keys %$unbound;
    ok(!@now_bound, 'no function in t/lib/api-unbound.txt is bound')
        or diag(name_list('listed as unbound but named in src/ (remove them from the list)',
                          @now_bound));
}

# The rule for functions of newer libvirt releases, on made-up entries (so that it is tested
# whatever libvirt is installed).
subtest 'api-unbound.txt: the "since" rule' => sub {
    my %funcs = (virOld => 'libvirt-host', virMarked => 'libvirt-domain');
    my %since = (virOld => '0.1.0', virMarked => '9.7.0');
    my %unbound = (
        virOld      => 'a reason',
        virMarked   => 'since 9.7.0; a reason',
        virWrong    => 'since 9.5.0; the XML has it as 9.7.0',
        virFuture   => 'since 99.1.0; newer than any installed libvirt',
        virNoMarker => 'a function the XML lacks, with no marker',
        virPast     => 'since 10.0.0; older than the installed libvirt, so it should be there',
        virSame     => 'since 12.8.0; as old as the installed libvirt',
    );
    $funcs{virWrong} = 'libvirt-domain';
    $since{virWrong} = '9.7.0';
    my ($problems, $newer) = ApiCoverage::check_unbound_versions(\%unbound, \%funcs, \%since, '12.8.0');
    is_deeply($newer, ['virFuture (since 99.1.0)'], 'only a function of a newer libvirt is allowed');
    is_deeply([map { /\A(\w+):/ } @$problems], [qw(virNoMarker virPast virSame virWrong)],
              'a missing one without a marker, or marked as no newer, or a wrong marker, is not')
        or diag(join "\n", @$problems);
    is(ApiCoverage::version_cmp('12.10.0', '12.8.0'), 1, 'versions compare as numbers');
    is(ApiCoverage::version_cmp('9.0.0', '9.0.0'), 0, '... equal');
};

SKIP: {
    skip 'part 1: ' . reference_missing, 1 if defined reference_missing;
    check_perl_interface();
}
SKIP: {
    skip "part 2: libvirt's API description not found: $API_XML (package libvirt-dev)", 1
        unless -f $API_XML;
    check_libvirt_functions();
}

# Part 3: the three libraries beside libvirt (libvirt-qemu, libvirt-lxc, libvirt-admin).
# Every function of their API descriptions is called somewhere in src/ other than the table
# that declares it (src/libvirt/api.rs: a declaration alone binds nothing), or listed with
# a reason in t/lib/api-unbound-libs.txt, which names only their functions, none bound.
sub check_other_libraries {
    my $bound = ApiCoverage::rust_identifiers(File::Spec->catdir($ROOT, 'src'), qr{/src/libvirt/api\.rs\z});
    my ($unbound, $problems) = ApiCoverage::read_unbound(File::Spec->catfile($ROOT, 't', 'lib', 'api-unbound-libs.txt'));
    my (%all, %since);
    for my $lib (qw(qemu lxc admin)) {
        my $xml = "/usr/share/libvirt/api/libvirt-$lib-api.xml";
        SKIP: {
            skip "libvirt-$lib-api.xml not found (libvirt-dev)", 1 unless -f $xml;
            my ($funcs, $since) = ApiCoverage::libvirt_functions($xml);
            $all{$_} = 1 for keys %$funcs;
            %since = (%since, %$since);
            my @f = sort keys %$funcs;
            my @missing = grep { !$bound->{$_} && !exists $unbound->{$_} } @f;
            ok(@f && !@missing, sprintf('libvirt-%s functions: all %d bound (%d) or listed (%d)', $lib,
                                        scalar(@f), scalar(grep { $bound->{$_} } @f),
                                        scalar(grep { !$bound->{$_} && exists $unbound->{$_} } @f)))
                or diag(join "\n   ", "libvirt-$lib functions neither called in src/ nor listed in"
                        . ' t/lib/api-unbound-libs.txt:', @missing);
        }
    }
    ok(!@$problems, 't/lib/api-unbound-libs.txt is well formed')
        or diag(join "\n   ", 'api-unbound-libs.txt:', @$problems);
    if (%all) {
        # As for libvirt's own list: an entry of a newer libvirt than the installed one says
        # which release added it.
        my ($installed) = ApiCoverage::installed_libvirt(\%since);
        my ($version_problems, $newer) = ApiCoverage::check_unbound_versions($unbound, \%all, \%since,
                                                                            $installed);
        ok(!@$version_problems, 'every function in t/lib/api-unbound-libs.txt is one of the three'
           . ' libraries\', or is marked as added by a newer libvirt')
            or diag(join "\n   ", 'api-unbound-libs.txt:', @$version_problems);
        note(name_list('listed functions of a newer libvirt (allowed)', @$newer)) if @$newer;
    }
    my @now_bound = grep { $bound->{$_} } sort keys %$unbound;
    ok(!@now_bound, 'no function in t/lib/api-unbound-libs.txt is bound')
        or diag(name_list('listed as unbound but called in src/', @now_bound));
}
check_other_libraries();

done_testing();
