//! Compiles c/shim.c against the headers of the perl that will load the module.
//! Which perl: $PERL when set (Makefile.PL sets it to the perl that ran it), else `perl`.

use std::process::Command;

fn perl_config(perl: &str, key: &str) -> String {
    let out = Command::new(perl)
        .args(["-MConfig", "-e", &format!("print $Config{{{key}}}")])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {perl} to read $Config{{{key}}}: {e}"));
    assert!(
        out.status.success(),
        "{perl} failed reading $Config{{{key}}}"
    );
    String::from_utf8(out.stdout).expect("perl config is not UTF-8")
}

fn main() {
    let perl = std::env::var("PERL").unwrap_or_else(|_| "perl".to_string());
    println!("cargo:rerun-if-env-changed=PERL");
    println!("cargo:rerun-if-changed=c/shim.c");

    let core = format!("{}/CORE", perl_config(&perl, "archlibexp"));
    let mut build = cc::Build::new();
    // Built as perl builds XS modules (its $Config{optimize}, -O2): without frame pointers,
    // which cc would keep since the release profile has debug info, at a few instructions
    // in every shim function that calls into perl.
    build
        .file("c/shim.c")
        .include(&core)
        .opt_level(2)
        .force_frame_pointer(false);
    for flag in perl_config(&perl, "ccflags").split_whitespace() {
        build.flag(flag);
    }
    for flag in perl_config(&perl, "cccdlflags").split_whitespace() {
        build.flag(flag);
    }
    // The shim keeps a small per-thread pool (see pbx_pool in shim.c). A shared object's
    // thread-local variables are reached through __tls_get_addr by default; TLS descriptors
    // make that access a few instructions where the compiler supports them.
    build.flag_if_supported("-mtls-dialect=gnu2");
    build.warnings(false).compile("perlxs_shim");
}
