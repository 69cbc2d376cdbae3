#!/usr/bin/perl
# Sys::Virt::EventImpl, the base class of event loops written in Perl (the 9.5.0 API and
# later), and what remains of the older way, subclassing Sys::Virt::Event:
#  - the class hierarchy and where the helper methods and functions live;
#  - register's checks: a die for an object of neither class, the reference's deprecation
#    warning (letter for letter) for a Sys::Virt::Event subclass, none for an EventImpl one;
#  - a method a loop class leaves out dies, naming the class and the method;
#  - events flow through a loop whose update and remove methods end in a bare `return`,
#    with no warning at all (scripts with such loops logged two "uninitialized" warnings
#    per event before).
# Each registration runs in a child perl: a process registers one loop.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;
use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(run_perl);
use Sys::Virt;

is_deeply(\@Sys::Virt::Event::ISA, ['Sys::Virt::EventImpl'], 'Sys::Virt::Event is a Sys::Virt::EventImpl');
ok($INC{'Sys/Virt/EventImpl.pm'}, 'use Sys::Virt loads Sys::Virt::EventImpl');
for my $m (qw(_run_handle_callback _run_timeout_callback _free_callback_opaque)) {
    ok(defined &{"Sys::Virt::EventImpl::$m"}, "EventImpl has the method $m");
    ok(defined &{"Sys::Virt::Event::$m"}, "and Event has it too, as in the 9.0 API");
}
for my $f (qw(_run_handle_callback_helper _run_timeout_callback_helper _free_callback_opaque_helper)) {
    ok(defined &{"Sys::Virt::EventImpl::$f"}, "the function Sys::Virt::EventImpl::$f");
    ok(defined &{"Sys::Virt::Event::$f"}, "and under Sys::Virt::Event, as in the 9.0 API");
}
is(prototype('Sys::Virt::EventImpl::_run_handle_callback_helper'), '$$$$$', 'helper prototype');
like(eval { &Sys::Virt::EventImpl::_run_timeout_callback_helper(1) } // $@,
     qr/\AUsage: Sys::Virt::EventImpl::_run_timeout_callback_helper\(timer, cbref, opaqueref\)/,
     'the helper names its own package in its usage message');

# A loop class without any of the six methods.
{
    package Empty::Loop;
    our @ISA = ('Sys::Virt::EventImpl');
}
my $empty = bless {}, 'Empty::Loop';
for my $m (qw(add_handle update_handle remove_handle add_timeout update_timeout remove_timeout)) {
    eval { $empty->$m(1, 2) };
    like($@, qr/\AEmpty::Loop must provide an impl of '$m' at /, "a missing $m dies, naming class and method");
}

# Registration in children. The loop's methods log to stdout and end in a bare return
# where libvirt does not use their result.
my $loop = <<'PERL';
package My::Loop;
use IO::Select;
our @ISA = ($ENV{LOOP_PARENT});
sub new { bless { h => {}, t => {}, n => 1 }, shift }
sub add_handle { my ($s, $fd, $ev, $cb, $op, $ff) = @_; my $w = $s->{n}++; $s->{h}{$w} = [$fd, $ev, $cb, $op, $ff]; $w }
sub update_handle { my ($s, $w, $ev) = @_; $s->{h}{$w}[1] = $ev if $s->{h}{$w}; return }
sub remove_handle { my ($s, $w) = @_; my $h = delete $s->{h}{$w}; push @{ $s->{free} }, $h if $h; return }
sub add_timeout { my ($s, $ms, $cb, $op, $ff) = @_; my $t = $s->{n}++; $s->{t}{$t} = [$ms, $cb, $op, $ff]; $t }
sub update_timeout { my ($s, $t, $ms) = @_; $s->{t}{$t}[0] = $ms if $s->{t}{$t}; return }
sub remove_timeout { my ($s, $t) = @_; my $x = delete $s->{t}{$t}; push @{ $s->{free} }, [undef, undef, $x->[2], $x->[3]] if $x; return }
sub turn {
    my ($s) = @_;
    for my $f (@{ delete $s->{free} // [] }) { $s->_free_callback_opaque($f->[4] // $f->[3], $f->[3] ? $f->[2] : $f->[3]) }
    for my $t (sort keys %{ $s->{t} }) { my $x = $s->{t}{$t} or next; $s->_run_timeout_callback($t, $x->[1], $x->[2]) if $x->[0] >= 0 }
    my $sel = IO::Select->new(map { $_->[0] } grep { $_->[1] & 1 } values %{ $s->{h} });
    my %ready = map { $_ => 1 } $sel->can_read(0.01);
    for my $w (sort keys %{ $s->{h} }) { my $h = $s->{h}{$w} or next; $s->_run_handle_callback($w, $h->[0], 1, $h->[2], $h->[3]) if $ready{$h->[0]} }
}
package main;
my @warn;
$SIG{__WARN__} = sub { push @warn, $_[0] };
my $l = My::Loop->new;
eval { Sys::Virt::Event::register($l) };
print "register: ", ($@ ? "died: $@" : "ok"), "\n";
exit 0 if $@;
my $c = Sys::Virt->new(uri => 'test:///default');
my $n = 0;
$c->domain_event_register_any(undef, Sys::Virt::Domain::EVENT_ID_LIFECYCLE, sub { $n++ });
my $d = $c->get_domain_by_name('test');
for (1 .. 3) { $d->suspend; $d->resume; $l->turn for 1 .. 5 }
$c->domain_event_deregister_any(0);
print "events: $n\n";
print "warning: $_" for @warn;
PERL
my $file = File::Spec->catfile(File::Spec->tmpdir, "sys-virt-t58-$$.pl");
open my $fh, '>', $file or die "$file: $!";
print $fh "use strict; use warnings; use Sys::Virt; use Sys::Virt::Event; \$| = 1;\n$loop";
close $fh;

for my $case (['Sys::Virt::EventImpl', 0], ['Sys::Virt::Event', 1]) {
    my ($parent, $deprecated) = @$case;
    local $ENV{LOOP_PARENT} = $parent;
    my (undef, $out, $err, $status) = run_perl('ours', $file);
    is($status, 0, "a $parent subclass: the child ran to its end") or diag(join "\n", @$err);
    is($out->[0], 'register: ok', 'register accepts it');
    my ($events) = map { /\Aevents: (\d+)/ ? $1 : () } @$out;
    cmp_ok($events // 0, '>=', 6, 'lifecycle events arrived through the Perl loop');
    my @warnings = grep { /\Awarning: / } @$out;
    if ($deprecated) {
        like($warnings[0] // '', qr/\Awarning: DECPRECATION WARNING: event implementation is a subclass of Sys::Virt::Event at \S+Event\.pm line \d+\.\z/,
             'the reference\'s deprecation warning, once');
        shift @warnings;
    }
    is_deeply(\@warnings, [], 'no other warning (none for the bare returns)');
}
{
    local $ENV{LOOP_PARENT} = 'IO::Select';
    my (undef, $out) = run_perl('ours', $file);
    like($out->[0] // '', qr/\Aregister: died: event implementation must be a subclass of Sys::Virt::EventImpl at /,
         'an object of neither class is refused');
}
unlink $file;

done_testing();
