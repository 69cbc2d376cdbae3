//! `Sys::Virt`: the connection. Perl-level helpers (`new`, `get_domain_by_*`, version
//! arithmetic) live in lib/Sys/Virt.pm; here are the calls into libvirt.

use super::{OrDie, CONNECT, DOMAIN, NETWORK, STORAGE_POOL};
use crate::libvirt::error::{check_neg, check_null};
use crate::libvirt::Error;
use crate::{c, methods};
use perlxs::{xsub, Boot};
use std::ffi::CStr;
use virt::sys;

pub fn register(b: &Boot) {
    register_rows(b);
    b.method(c!("Sys::Virt::_open"), 2, 0, open);
    b.method(c!("Sys::Virt::get_type"), 1, 0, get_type);
    b.method(
        c!("Sys::Virt::_get_library_version"),
        1,
        0,
        get_library_version,
    );
    b.method(
        c!("Sys::Virt::get_node_free_memory"),
        1,
        0,
        get_node_free_memory,
    );
    b.method(
        c!("Sys::Virt::get_node_cells_free_memory"),
        3,
        0,
        get_node_cells_free_memory,
    );
    b.method(c!("Sys::Virt::list_domain_ids"), 2, 0, list_domain_ids);
    b.method(c!("Sys::Virt::get_max_vcpus"), 2, 0, get_max_vcpus);
    b.method(
        c!("Sys::Virt::find_storage_pool_sources"),
        3,
        1,
        find_storage_pool_sources,
    );
    b.constants("Sys::Virt", crate::consts::virt::CONSTANTS);

    // Events, the close callback and credential callbacks (issue 16): src/perl/event.rs.
    crate::perl::event::register_connection(b);
}

methods! {
    package "Sys::Virt";
    // Like the reference, these return undef rather than die when libvirt has no answer.
    fn get_uri(con: CONNECT) -> owned_str_or_undef: virConnectGetURI(con);
    fn get_sysinfo(con: CONNECT, flags: uint = 0) -> owned_str_or_undef:
        virConnectGetSysinfo(con, flags);
    fn get_hostname(con: CONNECT) -> owned_str: virConnectGetHostname(con);
    fn set_keep_alive(conn: CONNECT, interval: int, count: uint) -> done:
        virConnectSetKeepAlive(conn, interval, count);
    fn get_node_security_model(con: CONNECT) -> fields(model: sys::virSecurityModel; model, doi):
        virNodeGetSecurityModel(con, model);
    fn get_domain_capabilities(con: CONNECT, emulatorsv: opt_str, archsv: opt_str,
                               machinesv: opt_str, virttypesv: opt_str, flags: uint = 0)
        -> owned_str:
        virConnectGetDomainCapabilities(con, emulatorsv, archsv, machinesv, virttypesv, flags);
    fn compare_cpu(con: CONNECT, xml: str, flags: uint = 0) -> int:
        virConnectCompareCPU(con, xml, flags);
    fn get_save_image_xml_description(con: CONNECT, file: str, flags: uint = 0) -> owned_str:
        virDomainSaveImageGetXMLDesc(con, file, flags);
    fn define_save_image_xml(con: CONNECT, file: str, xml: str, flags: uint = 0) -> done:
        virDomainSaveImageDefineXML(con, file, xml, flags);
    fn node_suspend_for_duration(conn: CONNECT, target: uint, duration: ullong_sv,
                                 flags: uint = 0) -> done:
        virNodeSuspendForDuration(conn, target, duration, flags);
    fn _get_conn_version(con: CONNECT) -> ulong_out(version): virConnectGetVersion(con, version);
    fn _get_conn_library_version(con: CONNECT) -> ulong_out(version):
        virConnectGetLibVersion(con, version);
    fn is_alive(conn: CONNECT) -> int: virConnectIsAlive(conn);
    fn is_secure(conn: CONNECT) -> int: virConnectIsSecure(conn);
    fn is_encrypted(conn: CONNECT) -> int: virConnectIsEncrypted(conn);
    fn get_capabilities(con: CONNECT) -> owned_str: virConnectGetCapabilities(con);
    fn get_node_info(con: CONNECT) -> fields(info: sys::virNodeInfo;
            model, memory, cpus, mhz, nodes, sockets, cores, threads):
        virNodeGetInfo(con, info);
    fn list_all_domains(con: CONNECT, flags: uint = 0) -> objects(DOMAIN, domains):
        virConnectListAllDomains(con, domains, flags);
    fn num_of_domains(con: CONNECT) -> int: virConnectNumOfDomains(con.ptr());
    fn num_of_defined_domains(con: CONNECT) -> int: virConnectNumOfDefinedDomains(con);
    fn list_defined_domain_names(con: CONNECT, maxnames: int)
        -> names(names, maxnames, virConnectNumOfDefinedDomains(con)):
        virConnectListDefinedDomains(con, names, maxnames);

    fn num_of_networks(con: CONNECT) -> int: virConnectNumOfNetworks(con);
    fn num_of_defined_networks(con: CONNECT) -> int: virConnectNumOfDefinedNetworks(con);
    fn list_network_names(con: CONNECT, maxnames: int)
        -> names(names, maxnames, virConnectNumOfNetworks(con)):
        virConnectListNetworks(con, names, maxnames);
    fn list_defined_network_names(con: CONNECT, maxnames: int)
        -> names(names, maxnames, virConnectNumOfDefinedNetworks(con)):
        virConnectListDefinedNetworks(con, names, maxnames);
    fn list_all_networks(con: CONNECT, flags: uint = 0) -> objects(NETWORK, networks):
        virConnectListAllNetworks(con, networks, flags);

    fn num_of_storage_pools(con: CONNECT) -> int: virConnectNumOfStoragePools(con);
    fn num_of_defined_storage_pools(con: CONNECT) -> int:
        virConnectNumOfDefinedStoragePools(con);
    fn list_storage_pool_names(con: CONNECT, maxnames: int)
        -> names(names, maxnames, virConnectNumOfStoragePools(con)):
        virConnectListStoragePools(con, names, maxnames);
    fn list_defined_storage_pool_names(con: CONNECT, maxnames: int)
        -> names(names, maxnames, virConnectNumOfDefinedStoragePools(con)):
        virConnectListDefinedStoragePools(con, names, maxnames);
    fn list_all_storage_pools(con: CONNECT, flags: uint = 0) -> objects(STORAGE_POOL, pools):
        virConnectListAllStoragePools(con, pools, flags);
    fn get_storage_pool_capabilities(con: CONNECT, flags: uint = 0) -> owned_str:
        virConnectGetStoragePoolCapabilities(con, flags);
}

xsub!(fn open(call) {
    call.arity(2, 2, c!("name, flags"))?;
    let flags = call.flags(1);
    let name = call.opt_cstr(0, "uri")?;
    let p = call.perl();
    let name_ptr = name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
    // SAFETY: name is NULL or a NUL-terminated string alive for the call.
    let con = check_null(unsafe { sys::virConnectOpenAuth(name_ptr, std::ptr::null_mut(), flags) })
        .or_die(p)?;
    // SAFETY: a new connection, whose reference the object takes over.
    unsafe { call.ret_object(&p.objects(&CONNECT), con) };
    Ok(())
});

xsub!(fn get_max_vcpus(call) {
    call.arity(2, 2, c!("con, type"))?;
    // As in XS, the plain argument is converted (with its warnings) before the object is
    // checked. (Not a row: its parameter is named after a Rust keyword.)
    let ty = call.cstr(1, "type")?;
    let con = call.object(0, &CONNECT)?;
    // SAFETY: a live connection handle and a NUL-terminated string.
    let r = unsafe { sys::virConnectGetMaxVcpus(con.ptr(), ty.as_ptr()) };
    crate::perl::rows::int(call, r)
});

xsub!(fn find_storage_pool_sources(call) {
    call.arity(3, 4, c!("con, type, srcspec, flags=0"))?;
    // Not a row: its parameter is named after a Rust keyword. xsubpp's order: the strings,
    // the object, then the flags.
    let ty = call.cstr(1, "type")?;
    let spec = call.cstr(2, "srcspec")?;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(3);
    // SAFETY: a live connection handle and NUL-terminated strings; the result is ours.
    let r = unsafe {
        sys::virConnectFindStoragePoolSources(con.ptr(), ty.as_ptr(), spec.as_ptr(), flags)
    };
    crate::perl::rows::owned_str(call, r)
});

xsub!(fn get_type(call) {
    call.arity(1, 1, c!("con"))?;
    let con = call.object(0, &CONNECT)?;
    let p = call.perl();
    // SAFETY: as above; the result is a static string owned by libvirt. Like the XS
    // module, a failure returns undef rather than dying.
    let t = unsafe { sys::virConnectGetType(con.ptr()) };
    if t.is_null() {
        call.ret_undef();
    } else {
        // SAFETY: a NUL-terminated static string.
        call.ret(p.str(unsafe { CStr::from_ptr(t) }.to_bytes()));
    }
    Ok(())
});

xsub!(fn get_library_version(call) {
    // The reference declares one ignored argument, shown as "void" in its usage message.
    call.arity(1, 1, c!("void"))?;
    let p = call.perl();
    let mut v: libc::c_ulong = 0;
    // SAFETY: only the version out pointer; NULL asks for libvirt's own version.
    check_neg(unsafe { sys::virGetVersion(&mut v, std::ptr::null(), std::ptr::null_mut()) })
        .or_die(p)?;
    call.ret(p.uint(v as u64));
    Ok(())
});

xsub!(fn get_node_free_memory(call) {
    call.arity(1, 1, c!("con"))?;
    let con = call.object(0, &CONNECT)?;
    let p = call.perl();
    // SAFETY: as above.
    let mem = unsafe { sys::virNodeGetFreeMemory(con.ptr()) };
    if mem == 0 {
        return Err(super::die_with(p, &Error::last()));
    }
    call.ret(p.uint(mem));
    Ok(())
});

xsub!(fn get_node_cells_free_memory(call) {
    call.arity(3, 3, c!("con, start, end"))?;
    let start = call.iv(1) as libc::c_int;
    let end = call.iv(2) as libc::c_int;
    let con = call.object(0, &CONNECT)?;
    let p = call.perl();
    // Cells start..=end, counted in C int arithmetic as the reference does; a count below
    // one goes to libvirt, which rejects it (the reference would try to allocate it first).
    // No host has MAX_CELLS NUMA cells, so asking for fewer changes no answer.
    const MAX_CELLS: libc::c_int = 1 << 16;
    let count = end.wrapping_sub(start).wrapping_add(1).min(MAX_CELLS);
    let mut mems: Vec<libc::c_ulonglong> = vec![0; count.max(0) as usize];
    // SAFETY: mems has room for count cells (libvirt writes nothing when count < 1).
    let got = check_neg(unsafe {
        sys::virNodeGetCellsFreeMemory(con.ptr(), mems.as_mut_ptr(), start, count)
    })
    .or_die(p)?;
    call.reserve(got as usize);
    for m in &mems[..got as usize] {
        call.ret(p.uint(*m));
    }
    Ok(())
});

xsub!(fn list_domain_ids(call) {
    call.arity(2, 2, c!("con, maxids"))?;
    let max = call.iv(1) as libc::c_int; // a C int, as the reference converts it
    let con = call.object(0, &CONNECT)?;
    let p = call.perl();
    // SAFETY: a live connection handle.
    let max = crate::perl::rows::room_for(max, || unsafe { sys::virConnectNumOfDomains(con.ptr()) }).or_die(p)?;
    let mut ids: Vec<libc::c_int> = vec![0; max.max(0) as usize];
    // SAFETY: ids has room for max entries (a negative max is rejected by libvirt).
    let n = check_neg(unsafe { sys::virConnectListDomains(con.ptr(), ids.as_mut_ptr(), max) })
        .or_die(p)?;
    call.reserve(n as usize);
    for id in &ids[..n as usize] {
        call.ret(p.int(*id as i64));
    }
    Ok(())
});
