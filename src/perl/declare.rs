//! Irregular methods, each declared once with its Perl signature, in three phases.
//!
//! A method whose shape no row covers is written with [`irregular!`]:
//!
//! ```text
//! fn get_time(dom: DOMAIN, flags: uint = 0) {
//!     run { crate::libvirt::domain::time(dom.ptr(), flags) }
//!     build(t) { let mut a = p.array(); ...; out.ret(a.into_ref()); }
//! }
//! ```
//!
//! * The parameters are a row's (see src/perl/rows.rs), plus `sv` (`sv = undef` when it may
//!   be left out): a scalar the typemap does not convert, which the `read` phase reads. The
//!   arity check, the usage message (or the one given after `usage`), the prototype and
//!   the registration under `package::name` follow from them, as for a row.
//! * `read { ... }` (optional) runs on the Perl thread after the conversions: statements
//!   that turn `sv` arguments into values of their own (a hash's entries, an array's
//!   strings), which the later phases use. It may fail the call (`?` with a `Fail`).
//! * `run { ... }` is the libvirt call: an expression of `Result<T, Error>` that uses only
//!   the converted arguments and what `read` made, and no Perl, so that it can run on any
//!   thread. `T` is a value of its own (no pointer into Perl or into the call's stack).
//! * `then(v; kept...) { ... } run { ... }` (optional) is a Perl step between two libvirt
//!   calls: it gets the first call's result as `v` and may read the Perl values named after
//!   the `;` (made by `read`), and its statements make what the second `run` uses. A setter
//!   that reads the caller's hash against the current values is written so.
//! * `build(v) { ... }` turns the (last) call's result `v` into Perl values, with `p` (the
//!   interpreter) and `out` (where values go: `out.ret(value)`), on the Perl thread.
//!
//! The blocking form runs the phases in a row. The async form runs `read` on the Perl
//! thread, the `run` phases on a worker of the pool (a `then` step back on the Perl thread
//! in between, when the first result is dispatched), and `build` when the result is
//! dispatched. The names the blocks use for the call, the interpreter, the output and the
//! method's full name are given once per table: `names(call, p, out, who)`.

use perlxs::{HashView, Owned};

/// Where the `build` phase puts its values: the XSUB's return stack (blocking form) or the
/// list that completes a Future (async form).
pub trait Out {
    fn ret(&mut self, v: Owned);
    /// An integer returned alone: in the XSUB's target in the blocking form (as XS's
    /// `PUSHi`), a new value in the async form.
    fn ret_i64(&mut self, p: perlxs::Perl, v: i64);
    /// Room for `n` more values.
    fn reserve(&mut self, n: usize);
}

impl Out for Vec<Owned> {
    #[inline]
    fn ret(&mut self, v: Owned) {
        self.push(v)
    }
    #[inline]
    fn ret_i64(&mut self, p: perlxs::Perl, v: i64) {
        self.push(p.int(v))
    }
    #[inline]
    fn reserve(&mut self, n: usize) {
        Vec::reserve(self, n)
    }
}

impl Out for perlxs::Call {
    #[inline]
    fn ret(&mut self, v: Owned) {
        perlxs::Call::ret(self, v)
    }
    #[inline]
    fn ret_i64(&mut self, _p: perlxs::Perl, v: i64) {
        perlxs::Call::ret_int(self, v)
    }
    #[inline]
    fn reserve(&mut self, n: usize) {
        perlxs::Call::reserve(self, n)
    }
}

/// A Perl value a `then` step reads, kept alive on its Perl thread until the step runs.
pub trait Keep {
    type Kept;
    fn keep(self) -> Self::Kept;
}

impl Keep for HashView {
    type Kept = perlxs::KeptHash;
    fn keep(self) -> perlxs::KeptHash {
        perlxs::KeptHash::new(self)
    }
}

/// A value the two `run` phases of a method both use: each gets its own (a handle with a
/// reference of its own, a copy of a string, a number).
pub trait Twin {
    fn twin(&self) -> Self;
}

macro_rules! copy_twins {
    ($($t:ty),*) => { $(
        impl Twin for $t {
            #[inline]
            fn twin(&self) -> $t { *self }
        }
    )* };
}
copy_twins!(i32, u32, i64, u64);

impl Twin for std::ffi::CString {
    fn twin(&self) -> Self {
        self.clone()
    }
}

impl Twin for Option<std::ffi::CString> {
    fn twin(&self) -> Self {
        self.clone()
    }
}

impl<P: perlxs::Handle + 'static> Twin for super::r#async::Held<P> {
    fn twin(&self) -> Self {
        self.clone()
    }
}

/// A table of irregular methods for one Perl package: one blocking XSUB per method in a
/// private module `xi`, its async form in `xj`, `register_irregular(boot)` and
/// `register_async_irregular(boot)`. See the module documentation for the syntax.
#[macro_export]
macro_rules! irregular {
    (
        package $pkg:literal;
        names($call:ident, $p:ident, $out:ident, $who:ident);
        $(
            $(#[$meta:meta])*
            fn $name:ident (
                $n0:ident : $k0:ident $($k0b:ident)? $(= $d0:tt)?
                $(, $n:ident : $k:ident $($kb:ident)? $(= $d:tt)?)* $(,)?
            ) $(usage $usage:literal)? {
                $(read { $($read:tt)* })?
                run $run:block
                $(then($tv:ident $(; $($tk:ident),*)?) { $($then:tt)* } run $run2:block)?
                build($bv:ident) { $($build:tt)* }
            }
        )*
    ) => {
        #[allow(non_snake_case, unused_imports, unused_variables, unused_assignments, unused_mut,
                clippy::let_unit_value, clippy::redundant_closure_call)]
        mod xi {
            use super::*;
            use $crate::perl::OrDie as _;
            use $crate::perl::declare::Out as _;
            $(
                ::perlxs::xsub!(
                    $(#[$meta])*
                    pub(super) fn $name($call) {
                        let $who: &'static str = concat!($pkg, "::", stringify!($name));
                        $crate::__row_prologue!(@usage [$($usage)?] $call; $n0 : $k0 $($k0b)? $(= $d0)?
                                                $(, $n : $k $($kb)? $(= $d)?)*);
                        $($($read)*)?
                        let $p = $call.perl();
                        let __v = $crate::perl::OrDie::or_die($run, $p)?;
                        $(
                            let $tv = __v;
                            $($then)*
                            let __v = $crate::perl::OrDie::or_die($run2, $p)?;
                        )?
                        let $bv = __v;
                        let $out: &mut ::perlxs::Call = $call;
                        $($build)*
                        Ok(())
                    }
                );
            )*
        }

        #[allow(non_snake_case, unused_imports, unused_variables, unused_assignments, unused_mut,
                clippy::let_unit_value, clippy::redundant_closure_call)]
        mod xj {
            use super::*;
            use $crate::perl::OrDie as _;
            use $crate::perl::declare::Out as _;
            use $crate::perl::declare::Twin as _;
            $(
                ::perlxs::xsub!(
                    $(#[$meta])*
                    pub(super) fn $name($call) {
                        let $who: &'static str = concat!($pkg, "::", stringify!($name));
                        $crate::__row_prologue!(@usage [$($usage)?] $call; $n0 : $k0 $($k0b)? $(= $d0)?
                                                $(, $n : $k $($kb)? $(= $d)?)*);
                        $($($read)*)?
                        $crate::__row_own!($n0 $k0 $($k0b)?);
                        $( $crate::__row_own!($n $k $($kb)?); )*
                        let __key = $crate::__order_key!($n0 $k0 $($k0b)?);
                        $crate::__irregular_submit!(
                            $call, __key, $p, $out, $run,
                            [$( $tv [$($($tk)*)?] [$($then)*] $run2 )?],
                            [$n0 $k0 $($k0b)? $(; $n $k $($kb)?)*],
                            $bv, [$($build)*]
                        )
                    }
                );
            )*
        }

        /// Registers this table's methods with their prototypes.
        #[link_section = ".text.startup.sys_virt"]
        fn register_irregular(b: &::perlxs::Boot) {
            $(
                b.method(
                    $crate::c!(concat!($pkg, "::", stringify!($name))),
                    $crate::__row_required!($($d0)?) $(+ $crate::__row_required!($($d)?))*,
                    $crate::__row_optional!($($d0)?) $(+ $crate::__row_optional!($($d)?))*,
                    xi::$name,
                );
            )*
        }

        /// Registers the async forms of this table's methods.
        pub(crate) fn register_async_irregular(b: &::perlxs::Boot) {
            $(
                b.method(
                    $crate::c!(concat!("Sys::Virt::Async::XS::", $pkg, "::", stringify!($name))),
                    $crate::__row_required!($($d0)?) $(+ $crate::__row_required!($($d)?))*,
                    $crate::__row_optional!($($d0)?) $(+ $crate::__row_optional!($($d)?))*,
                    xj::$name,
                );
            )*
        }
    };
}

/// The async form's submission: one call, or two with a Perl step between.
#[macro_export]
#[doc(hidden)]
macro_rules! __irregular_submit {
    ($call:ident, $key:ident, $p:ident, $out:ident, $run:block, [], [$($params:tt)*], $bv:ident, [$($build:tt)*]) => {
        $crate::perl::r#async::submit_on($call, $key, move || {
            let __v = $run?;
            $crate::perl::r#async::ok(move |$p: ::perlxs::Perl| {
                let $bv = __v;
                let mut __values = ::std::vec::Vec::new();
                {
                    let $out = &mut __values;
                    $($build)*
                }
                __values
            })
        })
    };
    ($call:ident, $key:ident, $p:ident, $out:ident, $run:block,
     [$tv:ident [$($tk:ident)*] [$($then:tt)*] $run2:block],
     [$n0:ident $k0:ident $($k0b:ident)? $(; $n:ident $k:ident $($kb:ident)?)*],
     $bv:ident, [$($build:tt)*]) => {{
        $( let $tk = $crate::perl::declare::Keep::keep($tk); )*
        let __first = {
            // The first call gets arguments of its own; the second keeps these.
            $crate::__irregular_twin!($n0 $k0 $($k0b)?);
            $( $crate::__irregular_twin!($n $k $($kb)?); )*
            move || $run
        };
        $crate::perl::r#async::submit_then($call, __first, move |$p: ::perlxs::Perl, $tv| {
            $($then)*
            let __second: $crate::perl::r#async::Job = ::std::boxed::Box::new(move || {
                let __v = $run2?;
                $crate::perl::r#async::ok(move |$p: ::perlxs::Perl| {
                    let $bv = __v;
                    let mut __values = ::std::vec::Vec::new();
                    {
                        let $out = &mut __values;
                        $($build)*
                    }
                    __values
                })
            });
            Ok(__second)
        })
    }};
}

/// A parameter's own copy for the first of two calls (nothing for an unconverted `sv`).
#[macro_export]
#[doc(hidden)]
macro_rules! __irregular_twin {
    ($n:ident sv) => {};
    ($n:ident $($k:ident)+) => {
        let $n = $crate::perl::declare::Twin::twin(&$n);
    };
}

/// Methods with no async form (they take Perl code, or act on the calling thread), declared
/// once with their Perl signature: `fn name(param, param = default) => body;`, where `body`
/// is a `fn(&mut Call) -> Result<(), Fail>` that reads its arguments itself. The arity check,
/// the usage message (or the one given after `usage`), the prototype and the registration
/// under `package::name` come from the declaration. The table is a module of its own,
/// `mod $m`, whose `register(boot)` registers its methods.
#[macro_export]
macro_rules! blocking {
    (
        mod $m:ident;
        package $pkg:literal;
        $(
            $(#[$meta:meta])*
            fn $name:ident ( $($pn:ident $(= $pd:tt)?),* $(,)? ) $(usage $usage:literal)? => $body:ident;
        )*
    ) => {
        mod $m {
            #[allow(unused_imports)]
            use super::*;
            $(
                ::perlxs::xsub!(
                    $(#[$meta])*
                    pub(super) fn $name(call) {
                        const REQUIRED: usize = 0 $(+ $crate::__row_required!($($pd)?))*;
                        const OPTIONAL: usize = 0 $(+ $crate::__row_optional!($($pd)?))*;
                        call.arity(REQUIRED, REQUIRED + OPTIONAL,
                                   $crate::__blocking_usage!([$($usage)?] $($pn $(= $pd)?),*))?;
                        super::$body(call)
                    }
                );
            )*

            /// Registers this table's methods with their prototypes.
            #[link_section = ".text.startup.sys_virt"]
            pub(crate) fn register(b: &::perlxs::Boot) {
                $(
                    b.method(
                        $crate::c!(concat!($pkg, "::", stringify!($name))),
                        0 $(+ $crate::__row_required!($($pd)?))*,
                        0 $(+ $crate::__row_optional!($($pd)?))*,
                        $name,
                    );
                )*
            }
        }
    };
}

/// The usage message of a [`blocking!`] method: the one given, or its parameters.
#[macro_export]
#[doc(hidden)]
macro_rules! __blocking_usage {
    ([$u:literal] $($rest:tt)*) => {
        $crate::c!($u)
    };
    ([]) => {
        $crate::c!("")
    };
    ([] $p0:ident $(= $d0:tt)? $(, $pn:ident $(= $pd:tt)?)*) => {
        $crate::c!(concat!(
            $crate::__blocking_param!($p0 $(= $d0)?)
            $(, ", ", $crate::__blocking_param!($pn $(= $pd)?))*
        ))
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __blocking_param {
    ($p:ident) => {
        stringify!($p)
    };
    ($p:ident = $d:tt) => {
        concat!(stringify!($p), "=", stringify!($d))
    };
}
