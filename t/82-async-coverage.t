#!/usr/bin/perl
# Which methods have an async form: every method of every class, walked from the symbol
# tables as t/03 walks them.
#  - a native method has an async form when Sys::Virt::Async::XS::<class>::<name> exists
#    (every method row has one, generated from the row, and every irregular method one,
#    generated from its declaration in phases);
#  - a method written in Perl gets its async form at run time, by recording its one native
#    call (t/80 tests that);
#  - the methods that take Perl code or act on the calling thread are on the documented
#    lists (%Sys::Virt::Async::TAKES_CODE and %ON_CALLING_THREAD, the POD's "METHODS
#    WITHOUT AN ASYNC FORM") and die on the proxy.
# A native method on neither list without an async form fails the test, by name.
use strict;
use warnings;
use Test::More;
use B ();
use Sys::Virt;
use Sys::Virt::Admin;
our %TAKES_CODE;

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}
require Sys::Virt::Async;
Sys::Virt::Async::_proxy_class('Sys::Virt');    # registers the async forms

my @CLASSES = qw(Sys::Virt Sys::Virt::Domain Sys::Virt::DomainCheckpoint Sys::Virt::DomainSnapshot
                 Sys::Virt::Network Sys::Virt::NetworkPort Sys::Virt::StoragePool
                 Sys::Virt::StorageVol Sys::Virt::Stream Sys::Virt::Interface
                 Sys::Virt::NodeDevice Sys::Virt::Secret Sys::Virt::NWFilter
                 Sys::Virt::NWFilterBinding Sys::Virt::Admin Sys::Virt::Admin::Server
                 Sys::Virt::Admin::Client);
# Not methods of an object: constructors, the proxy's own entry points, and the module's
# boot function (XSLoader installs it as Sys::Virt::bootstrap, in the XS module too).
my %NOT_METHODS = map { $_ => 1 } qw(new new_async async DESTROY bootstrap);

my (%native, %perl, %code, @missing);
for my $class (@CLASSES) {
    no strict 'refs';
    my $stash = \%{"${class}::"};
    for my $name (sort keys %$stash) {
        next if $name =~ /\A_/ || $NOT_METHODS{$name} || $name =~ /::\z/;
        my $cv = ref(\$stash->{$name}) eq 'GLOB' ? *{ $stash->{$name} }{CODE} : undef;
        next unless $cv;
        my $b = B::svref_2object($cv);
        next if $b->CvFLAGS & B::CVf_CONST();    # constants
        my $full = "${class}::$name";
        if (do { no warnings 'once'; $Sys::Virt::Async::TAKES_CODE{$name}
                 || $Sys::Virt::Async::ON_CALLING_THREAD{$name} }) {
            $code{$full} = 1;
        } elsif (!$b->XSUB) {
            $perl{$full} = 1;
        } elsif (defined &{"Sys::Virt::Async::XS::$full"}) {
            $native{$full} = 1;
        } else {
            push @missing, $full;
        }
    }
}
my $total = keys(%native) + keys(%perl) + keys(%code) + @missing;
note(sprintf '%d methods: %d native with an async form, %d in Perl (deferred), %d take Perl code,'
             . ' %d native without an async form yet', $total, scalar(keys %native),
     scalar(keys %perl), scalar(keys %code), scalar(@missing));
cmp_ok(scalar(keys %native), '>', 230, 'the method rows have their async forms');

# Every method on the documented list exists, and dies on the proxy, saying why.
my $conn = Sys::Virt->new(uri => 'test:///default');
for my $full (sort keys %code) {
    my ($class, $name) = $full =~ /\A(.*)::(\w+)\z/;
    my %obj = ('Sys::Virt' => $conn, 'Sys::Virt::Stream' => $conn->new_stream,
               'Sys::Virt::Domain' => $conn->get_domain_by_name('test'));
    next unless $obj{$class};
    eval { $obj{$class}->async->$name() };
    like($@, qr/(?:takes Perl code|changes the calling process) .* no async form/,
         "$full: dies on the proxy, saying why");
}

# Every other native method has its async form.
is(scalar(@missing), 0, 'every native method not on the documented lists has an async form')
    or diag("without one: @missing");

done_testing();
