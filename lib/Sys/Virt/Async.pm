package Sys::Virt::Async;

use strict;
use warnings;

require Sys::Virt;
require B;

# Future.pm (Debian: libfuture-perl) is needed for the calls, not for loading this module
# (so that its documentation and the rest of the distribution work without it).
my $HAVE_FUTURE = eval { require Future; 1 };

sub _need_future {
    die "Sys::Virt::Async needs the Future module (Debian: libfuture-perl), which is not installed\n"
        unless $HAVE_FUTURE;
}
require Scalar::Util;

# Futures of the calls in flight from this interpreter, by job id. Each Perl thread has its
# own (CLONE empties a new thread's copy: its calls complete in the thread that made them).
our %PENDING;
my $BOOTED;

# Async forms written in Perl, for methods that are Perl in the classes too: class =>
# { method => sub returning a Future }.
our %WRAPPERS;

sub CLONE { %PENDING = () }

# A forked child inherits the parent's %PENDING, whose results go to the parent: it
# forgets them at its first use of this module.
my $PID = $$;

sub _here {
    if ($$ != $PID) {
        %PENDING = ();
        $PID = $$;
    }
}

# The native side gives each queued call an id; the Future waits here until dispatch.
sub _track {
    my ($id) = @_;
    return undef unless defined $id;
    _here();
    my $f = Sys::Virt::Async::Future->new;
    $PENDING{$id} = $f;
    $f->on_cancel(sub { delete $PENDING{$id}; _forget($id) });
    return $f;
}

# The proxy class of a Sys::Virt class: its methods are the async forms of the class's
# methods, made the first time a proxy of that class is asked for.
my %PROXY_READY;

sub _proxy_class {
    my ($class) = @_;
    _need_future();
    my $proxy = "Sys::Virt::Async::Proxy::$class";
    return $proxy if $PROXY_READY{$class}++;
    unless ($BOOTED++) {
        _boot();
    }
    no strict 'refs';
    my $xs = \%{"Sys::Virt::Async::XS::${class}::"};
    for my $name (keys %$xs) {
        my $code = *{ $xs->{$name} }{CODE} or next;
        *{"${proxy}::$name"} = sub {
            my $self = shift;
            my ($id, $err);
            {
                local $@;
                $id = eval { $code->($$self, @_) };
                $err = $@;
            }
            _rethrow($err) if !defined($id) && $err ne '';
            return _track($id);
        };
    }
    for my $name (keys %{ $WRAPPERS{$class} || {} }) {
        my $code = $WRAPPERS{$class}{$name};
        *{"${proxy}::$name"} = sub { my $self = shift; $code->($$self, @_) };
    }
    @{"${proxy}::ISA"} = ('Sys::Virt::Async::Proxy');
    return $proxy;
}

# A die of an async form at the call (a bad argument), as the blocking call's would read:
# a message names the caller's line, not the proxy's.
sub _rethrow {
    my ($err) = @_;
    unless (ref $err) {
        my (undef, $file, $line) = caller(1);
        $err =~ s/ at \S+ line \d+\.\n\z/ at $file line $line.\n/;
    }
    die $err;
}

# $obj->async: the proxy of any object of the module's classes.
sub proxy {
    my ($obj, $class) = @_;
    my $target = $obj;
    return bless \$target, _proxy_class($class);
}

sub fd {
    return _fd();
}

sub dispatch {
    _here();
    my $n = 0;
    for my $r (_drain()) {
        my ($id, $ok, @values) = @$r;
        my $f = delete $PENDING{$id} or next;    # cancelled meanwhile: the result is dropped
        $n++;
        if ($ok) {
            $f->done(@values);
        } else {
            $f->fail($values[0]);
        }
    }
    return $n;
}

sub pending {
    _here();
    return scalar keys %PENDING;
}

sub pool_size {
    my ($class, $n) = @_;
    return _pool_size($n);
}

sub pool_threads {
    return _pool_threads();
}

# Methods that take Perl code (handlers, callbacks): they keep their code on the Perl
# thread, so they have no async form, and a proxy says so.
our %TAKES_CODE = map { $_ => 1 } qw(
    domain_event_register domain_event_register_any domain_event_deregister
    domain_event_deregister_any network_event_register_any network_event_deregister_any
    storage_pool_event_register_any storage_pool_event_deregister_any
    node_device_event_register_any node_device_event_deregister_any
    secret_event_register_any secret_event_deregister_any register_close_callback
    unregister_close_callback add_callback update_callback remove_callback recv_all
    send_all sparse_recv_all sparse_send_all qemu_monitor_event_register
    qemu_monitor_event_deregister
);

# Methods that change the calling process or thread (libvirt-lxc's enter calls): on a
# worker they would change the worker, so they have no async form either.
our %ON_CALLING_THREAD = map { $_ => 1 } qw(
    lxc_enter_namespace lxc_enter_security_label lxc_enter_cgroup
);

# Methods written in Perl (get_domain_by_name, create_network, get_version, ...) mostly end
# in one native call whose result they return, blessed or not. Their async form runs the
# Perl method itself, on the calling thread, with every native sub of the classes replaced
# by a stand-in that records the call and returns a placeholder (so nothing blocks); the recorded call
# then goes to a worker through its async form, and the Future completes with its result,
# blessed as the method blessed the placeholder. A method that uses a native result itself
# (arithmetic, loops over a list), or whose native call has no async form, has no async
# form either: the proxy dies, saying so, and nothing was called.
my @NATIVE;    # [glob, original, stand-in] for every native sub of the classes (constants
               # and DESTROY aside)
our (@CALLS, $PLACEHOLDER);

sub _natives {
    return @NATIVE if @NATIVE;
    no strict 'refs';
    for my $pkg (qw(Sys::Virt Sys::Virt::Domain Sys::Virt::DomainCheckpoint
                    Sys::Virt::DomainSnapshot Sys::Virt::Network Sys::Virt::NetworkPort
                    Sys::Virt::StoragePool Sys::Virt::StorageVol Sys::Virt::Stream
                    Sys::Virt::Interface Sys::Virt::NodeDevice Sys::Virt::Secret
                    Sys::Virt::NWFilter Sys::Virt::NWFilterBinding)) {
        my $stash = \%{"${pkg}::"};
        for my $name (sort keys %$stash) {
            next unless $name =~ /\A_?[a-z]/ && $name ne 'async';
            my $code = ref(\$stash->{$name}) eq 'GLOB' ? *{ $stash->{$name} }{CODE} : undef;
            next unless $code && B::svref_2object($code)->XSUB;
            my $full = "${pkg}::$name";
            my $stub = sub { push @CALLS, [$full, @_]; $PLACEHOLDER = \my $x; $PLACEHOLDER };
            Scalar::Util::set_prototype(\&$stub, prototype($code));
            push @NATIVE, [\*{$full}, $code, $stub];
        }
    }
    return @NATIVE;
}

sub _defer {
    my ($obj, $method, $code, @args) = @_;
    local (@CALLS, $PLACEHOLDER);
    my @n = _natives();
    my @r;
    {
        no warnings qw(redefine prototype);
        *{ $_->[0] } = $_->[2] for @n;
        @r = eval { $code->($obj, @args) };
        *{ $_->[0] } = $_->[1] for @n;
    }
    die $@ if $@;
    my $class = ref($obj);
    return Sys::Virt::Async::Future->done(@r) unless @CALLS;
    if (@CALLS == 1 && @r == 1 && ref($r[0]) && $r[0] == $PLACEHOLDER) {
        my ($full, @cargs) = @{ $CALLS[0] };
        (my $pkg = $full) =~ s/::[^:]+\z//;
        (my $sub = $full) =~ s/.*:://;
        _proxy_class($pkg);
        no strict 'refs';
        if (defined &{"Sys::Virt::Async::XS::${pkg}::$sub"}) {
            my $bless = Scalar::Util::blessed($r[0]);
            my $f = _track(&{"Sys::Virt::Async::XS::${pkg}::$sub"}(@cargs));
            $f = $f->then(sub { Sys::Virt::Async::Future->done(bless $_[0], $bless) }) if $bless;
            return $f;
        }
    }
    die "$class\::$method has no async form: it uses the result of a native call itself"
        . " (see Sys::Virt::Async, \"METHODS WITHOUT AN ASYNC FORM\")\n";
}

package Sys::Virt::Async::Proxy;

our $AUTOLOAD;

sub AUTOLOAD {
    my $self = shift;
    (my $name = $AUTOLOAD) =~ s/.*:://;
    return if $name eq 'DESTROY';
    my $obj = $$self;
    my $class = ref($obj);
    if ($Sys::Virt::Async::TAKES_CODE{$name}) {
        die "$class\::$name takes Perl code that runs on the Perl thread: it has no async form; call it on the object itself\n";
    }
    if ($Sys::Virt::Async::ON_CALLING_THREAD{$name}) {
        die "$class\::$name changes the calling process and thread: it has no async form; call it on the object itself\n";
    }
    my $code = $obj->can($name);
    if ($code && !B::svref_2object($code)->XSUB) {
        # A method written in Perl: deferred as above, on each call.
        no strict 'refs';
        *{ ref($self) . "::$name" } = sub { my $s = shift; Sys::Virt::Async::_defer($$s, $name, $code, @_) };
        return Sys::Virt::Async::_defer($obj, $name, $code, @_);
    }
    if ($code) {
        die "$class\::$name has no async form (see Sys::Virt::Async, \"METHODS WITHOUT AN ASYNC FORM\")\n";
    }
    die "Can't locate object method \"$name\" via package \"$class\"\n";
}

sub DESTROY { }

package Sys::Virt::Async::Future;

our @ISA = ('Future');

# ->get and ->await without an event loop: wait on the completion queue and dispatch
# until this Future is ready.
sub await {
    my $self = shift;
    Sys::Virt::Async::_here();
    until ($self->is_ready) {
        die "Sys::Virt::Async: this Future cannot complete: no call is in flight from this thread"
            . " (was it made before a fork, or in another thread?)\n"
            unless %Sys::Virt::Async::PENDING;
        Sys::Virt::Async::_wait(-1);
        Sys::Virt::Async::dispatch();
    }
    return $self;
}

1;

__END__

=head1 NAME

Sys::Virt::Async - libvirt calls that don't block, as Futures

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  my $dom  = $conn->get_domain_by_name('guest');

  # Each method of the proxy returns a Future of what the method returns.
  my $f = $dom->async->get_info;
  my $info = $f->get;                  # waits, no event loop needed

  # Many calls in flight at once.
  my @f = map { $_->async->get_info } $conn->list_all_domains;
  my @infos = map { $_->get } Future->wait_all(@f)->get;

  # In an event loop: results are dispatched when the descriptor is readable.
  use IO::Async::Loop;
  use Sys::Virt::Async::IOAsync;
  my $loop = IO::Async::Loop->new;
  Sys::Virt::Async::IOAsync->attach($loop);
  $dom->async->suspend->on_done(sub { print "suspended\n" });
  $loop->run;

=head1 DESCRIPTION

Every Sys::Virt call blocks the calling thread until libvirt answers. With
C<< $obj->async >>, the call runs on a worker thread of a pool inside the module instead,
and the caller gets a L<Future> at once. The Future completes with what the blocking call
returns (a list, or one value) or fails with the same L<Sys::Virt::Error> object the
blocking call would die with. Objects in results are ordinary C<Sys::Virt::*> objects.

libvirt's client library is thread-safe: a connection may be used from several threads
at once, and its remote driver keeps many calls in flight on one socket. So calls on one
connection run concurrently, and a program that polls many hosts pays for the slowest
answer rather than the sum of them.

=head2 Where the work happens

Arguments are read on the calling thread, exactly as the blocking call reads them
(conversions, warnings, C<die> for bad arguments all happen at the call), and copied:
strings into the call's own memory, objects by taking a libvirt reference, so that an
object Perl drops while its call is in flight stays valid until the call ends. The
libvirt call runs on a worker; libvirt's error is captured there. No worker ever touches
the Perl interpreter: results become Perl values on the thread that made the call, when
it dispatches them.

Calls on a stream (L<Sys::Virt::Stream>) run one at a time, in the order they were made:
libvirt takes a stream's calls in order, and its data goes in the order it is sent. Other
calls are not ordered among themselves: two calls made one after the other on the same
domain or connection may run at the same time on two workers. Where the order matters (a
C<suspend> then a C<resume>), wait for the first Future before making the second call, or
chain them with C<then>.

A setter that libvirt needs the current values for (C<set_memory_parameters>,
C<set_scheduler_parameters> and the other typed-parameter setters) makes two libvirt
calls: the current values are read on a worker, the caller's hash is read against them
on the calling thread when that result is dispatched (so the hash is kept until then,
and code a tied hash runs, runs there), and the change is made on a worker. A die in that
code fails the Future. A Future cancelled before the change is made never makes it.

=head2 Completing the Futures

Results wait in a queue per Perl thread until dispatched:

=over 4

=item my $fd = Sys::Virt::Async->fd

A file descriptor that is readable while results wait. Watch it in an event loop.

=item my $n = Sys::Virt::Async->dispatch

Completes the Futures of every waiting result, running their callbacks on the calling
thread; returns how many it completed. Results of cancelled Futures are dropped.

=item $f->get, $f->await

Wait for the Future without any event loop: they block on the queue and dispatch until
the Future is ready. C<< Future->wait_all(@f)->get >> works the same way, and so does
C<await> of L<Future::AsyncAwait>.

=back

The adapters L<Sys::Virt::Async::IOAsync>, L<Sys::Virt::Async::AnyEvent> and
L<Sys::Virt::Async::Mojo> watch the descriptor in their loop and dispatch; each has one
class method, C<attach($loop)>. libvirt's own event integration (L<Sys::Virt::Event>)
keeps working beside it, in the same loop. When a call on a worker makes libvirt change
a watch or a timer of a loop written in Perl (L<Sys::Virt::EventImpl>), as queuing an
event does, the loop's C<update_handle> or C<update_timeout> runs on the loop's own
thread at the next dispatch. (A call on a worker that would add a watch or a timer to
such a loop, which libvirt does only when a connection opens, is refused by it.)

=head2 The pool

=over 4

=item my $n = Sys::Virt::Async->pool_size, Sys::Virt::Async->pool_size($n)

The most worker threads the pool runs (16 unless set). Workers start when calls need
them, not when the module loads; extra ones end after their current call when the size
is lowered.

=item my $n = Sys::Virt::Async->pool_threads

How many workers run now.

=item my $n = Sys::Virt::Async->pending

How many calls made from this thread have not been dispatched.

=back

=head2 Connecting

=over 4

=item my $f = Sys::Virt->new_async(uri => $uri, readonly => $bool, flags => $flags)

A Future of a connection, opened on a worker. Credential callbacks (C<auth>) are not
offered here: they would run Perl code on the worker, and a prompt there could wait
forever. Open such connections with C<new>.

=back

=head2 The proxies

=over 4

=item my $proxy = Sys::Virt::Async::proxy($obj, $class)

What C<< $obj->async >> returns: a proxy for C<$obj> whose methods are those of C<$class>
(the class that defines C<async> for the object), each returning a Future.

=back

=head2 Lifetimes, fork and threads

A Future that is cancelled (C<< $f->cancel >>) drops its result when it arrives: the call
itself cannot be stopped. A forked child starts with an empty queue and a pool of its
own; it never sees its parent's results, and Futures it inherited from its parent cannot
complete there (C<get> says so rather than waiting forever). Each Perl thread has its own
queue, and its calls complete in it. A process may exit with calls in flight.

=head1 METHODS WITHOUT AN ASYNC FORM

Methods that take Perl code keep it on the Perl thread, and a proxy dies when asked for
them, saying so: the event registration calls (C<domain_event_register_any> and the
others, C<qemu_monitor_event_register> and C<qemu_monitor_event_deregister> among them),
C<register_close_callback>, and the stream calls that take handlers (C<add_callback>,
C<update_callback>, C<remove_callback>, C<recv_all>, C<send_all> and their sparse
forms).

The three calls that move the calling process into a container
(C<lxc_enter_namespace>, C<lxc_enter_security_label>, C<lxc_enter_cgroup>) change the
thread that makes them; on a worker they would change the worker. A proxy dies for them
too, saying so.

One method has an async form that differs from its blocking form in how it gives its
result: C<< $st->recv($data, $nbytes, $flags) >> writes the bytes it received into the
caller's C<$data> and returns their count, but its async form cannot write into the
caller's variable later (it may be gone, or in use, by then). So
C<< $st->async->recv($data, $nbytes, $flags) >> leaves C<$data> alone and completes with
two values: the count the blocking call returns (-2 and -3 included), then the bytes
received (C<""> when none came).

Every other method has an async form: those written in C (each is declared once, in
phases, and both of its forms come from that declaration) and those written in Perl (see
L</The proxies>). C<t/82-async-coverage.t> walks every class's methods and fails on one
that has neither an async form nor a place in the lists above.

=head1 SEE ALSO

L<Sys::Virt>, L<Future>, L<Sys::Virt::Async::IOAsync>, L<Sys::Virt::Async::AnyEvent>,
L<Sys::Virt::Async::Mojo>, L<Sys::Virt::Event>

=head1 LICENSE

This program is free software; you can redistribute it and/or modify it under the terms
of either the GNU General Public License as published by the Free Software Foundation
(either version 2 of the License, or at your option any later version), or the Artistic
License, as Perl itself.

=cut
