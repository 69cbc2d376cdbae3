//! `Sys::Virt`: the connection. Perl-level helpers (`new`, `get_domain_by_*`, version
//! arithmetic) live in lib/Sys/Virt.pm; here are the calls into libvirt.

use super::{OrDie, CONNECT, DOMAIN, NETWORK, STORAGE_POOL};
use super::{INTERFACE, NODE_DEVICE, NWFILTER, NWFILTER_BINDING, SECRET};
use crate::libvirt::error::{check_neg, check_null};
use crate::libvirt::Error;
use crate::perl::r#async::Held;
use crate::{c, methods};

use perlxs::{xsub, Boot, Call};
use std::ffi::CStr;
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
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
    register_host(b);
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

    fn compare_hypervisor_cpu(con: CONNECT, emulatorsv: opt_str, archsv: opt_str,
                              machinesv: opt_str, virttypesv: opt_str, xml: str,
                              flags: uint = 0) -> int:
        virConnectCompareHypervisorCPU(con, emulatorsv, archsv, machinesv, virttypesv, xml, flags);
    fn domain_xml_from_native(con: CONNECT, configtype: str, configdata: str, flags: uint = 0)
        -> owned_str: virConnectDomainXMLFromNative(con, configtype, configdata, flags);
    fn domain_xml_to_native(con: CONNECT, configtype: str, xmldata: str, flags: uint = 0)
        -> owned_str: virConnectDomainXMLToNative(con, configtype, xmldata, flags);

    // ---- host objects: interfaces, node devices, secrets, network filters and their
    // bindings. The lookups, definitions and one-by-one lists are Perl, in lib/Sys/Virt.pm.
    fn num_of_interfaces(con: CONNECT) -> int: virConnectNumOfInterfaces(con);
    fn num_of_defined_interfaces(con: CONNECT) -> int: virConnectNumOfDefinedInterfaces(con);
    fn list_interface_names(con: CONNECT, maxnames: int)
        -> names(names, maxnames, virConnectNumOfInterfaces(con)):
        virConnectListInterfaces(con, names, maxnames);
    fn list_defined_interface_names(con: CONNECT, maxnames: int)
        -> names(names, maxnames, virConnectNumOfDefinedInterfaces(con)):
        virConnectListDefinedInterfaces(con, names, maxnames);
    fn list_all_interfaces(con: CONNECT, flags: uint = 0) -> objects(INTERFACE, ifaces):
        virConnectListAllInterfaces(con, ifaces, flags);
    fn interface_change_begin(conn: CONNECT, flags: uint = 0) -> done:
        virInterfaceChangeBegin(conn, flags);
    fn interface_change_commit(conn: CONNECT, flags: uint = 0) -> done:
        virInterfaceChangeCommit(conn, flags);
    fn interface_change_rollback(conn: CONNECT, flags: uint = 0) -> done:
        virInterfaceChangeRollback(conn, flags);
    // `cap` is a plain scalar in the reference: undef for every device.
    fn num_of_node_devices(con: CONNECT, cap: opt_str, flags: uint = 0) -> int:
        virNodeNumOfDevices(con, cap, flags);
    fn list_node_device_names(con: CONNECT, cap: opt_str, maxnames: int, flags: uint = 0)
        -> names(names, maxnames, virNodeNumOfDevices(con, cap, flags)):
        virNodeListDevices(con, cap, names, maxnames, flags);
    fn list_all_node_devices(con: CONNECT, flags: uint = 0) -> objects(NODE_DEVICE, devs):
        virConnectListAllNodeDevices(con, devs, flags);
    fn num_of_secrets(con: CONNECT) -> int: virConnectNumOfSecrets(con);
    fn list_secret_uuids(con: CONNECT, maxuuids: int)
        -> names(uuids, maxuuids, virConnectNumOfSecrets(con)):
        virConnectListSecrets(con, uuids, maxuuids);
    fn list_all_secrets(con: CONNECT, flags: uint = 0) -> objects(SECRET, secrets):
        virConnectListAllSecrets(con, secrets, flags);
    fn num_of_nwfilters(con: CONNECT) -> int: virConnectNumOfNWFilters(con);
    fn list_nwfilter_names(con: CONNECT, maxnames: int)
        -> names(names, maxnames, virConnectNumOfNWFilters(con)):
        virConnectListNWFilters(con, names, maxnames);
    fn list_all_nwfilters(con: CONNECT, flags: uint = 0) -> objects(NWFILTER, filters):
        virConnectListAllNWFilters(con, filters, flags);
    fn list_all_nwfilter_bindings(con: CONNECT, flags: uint = 0)
        -> objects(NWFILTER_BINDING, bindings):
        virConnectListAllNWFilterBindings(con, bindings, flags);
}

xsub!(fn open(call) {
    call.arity(2, 2, c!("name, flags"))?;
    let flags = call.flags(1);
    let name = call.opt_cstr(0, "uri")?;
    crate::perl::admin::libvirt_usable(call)?;
    let p = call.perl();
    let name_ptr = name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
    // SAFETY: name is NULL or a NUL-terminated string alive for the call.
    let con = check_null(unsafe { sys::virConnectOpenAuth(name_ptr, std::ptr::null_mut(), flags) })
        .or_die(p)?;
    // SAFETY: a new connection, whose reference the object takes over.
    unsafe { call.ret_object(&p.objects(&CONNECT), con) };
    Ok(())
});

// The async form of `_open` (Sys::Virt->new_async): the same arguments; the connection is
// opened on a worker, without credential callbacks.
xsub!(pub fn open_async(call) {
    call.arity(2, 2, c!("name, flags"))?;
    let flags = call.flags(1);
    let name = call.opt_cstr(0, "uri")?.map(std::ffi::CStr::to_owned);
    crate::perl::admin::libvirt_usable(call)?;
    crate::perl::r#async::submit(call, move || {
        let name_ptr = name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
        // SAFETY: name is NULL or a NUL-terminated string owned by this job.
        let con = check_null(unsafe { sys::virConnectOpenAuth(name_ptr, std::ptr::null_mut(), flags) })?;
        // SAFETY: a new connection with the reference the call handed over.
        let h = unsafe { crate::perl::r#async::Held::adopt(&CONNECT, con) };
        crate::perl::r#async::ok(move |p| vec![h.into_object(p)])
    })
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
    let ids = domain_ids(con.ptr(), max).or_die(p)?;
    call.reserve(ids.len());
    for id in ids {
        call.ret(p.int(id as i64));
    }
    Ok(())
});

// ---------------------------------------------------------------------------------------
// Host CPU and memory, CPU models, domain statistics, restore and identity.
// ---------------------------------------------------------------------------------------

use super::typed_params;
use crate::perl::rows::{self, int_list, not_array, opt_ptr, str_list};
use perlxs::Fail;

xsub!(fn baseline_cpu(call) {
    call.arity(2, 3, c!("con, xml, flags=0"))?;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(2);
    let av = call.array_arg(1).ok_or_else(|| not_array(call, "xml"))?;
    let xmls = str_list(call, &av, "xml")?;
    // SAFETY: a connection handle and C strings alive for the statement; the result is ours.
    let r = unsafe {
        sys::virConnectBaselineCPU(con.ptr(), xmls.as_mut_ptr(), xmls.len() as libc::c_uint, flags)
    };
    rows::owned_str(call, r)
});

xsub!(fn baseline_hypervisor_cpu(call) {
    call.arity(6, 7, c!("con, emulatorsv, archsv, machinesv, virttypesv, xml, flags=0"))?;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(6);
    let emulator = call.opt_cstr(1, "emulatorsv")?;
    let arch = call.opt_cstr(2, "archsv")?;
    let machine = call.opt_cstr(3, "machinesv")?;
    let virttype = call.opt_cstr(4, "virttypesv")?;
    let av = call.array_arg(5).ok_or_else(|| not_array(call, "xml"))?;
    let xmls = str_list(call, &av, "xml")?;
    // SAFETY: a connection handle, strings or NULLs, and C strings alive for the statement.
    let r = unsafe {
        sys::virConnectBaselineHypervisorCPU(con.ptr(), opt_ptr(emulator), opt_ptr(arch),
            opt_ptr(machine), opt_ptr(virttype), xmls.as_mut_ptr(),
            xmls.len() as libc::c_uint, flags)
    };
    rows::owned_str(call, r)
});

xsub!(fn get_cpu_model_names(call) {
    call.arity(2, 3, c!("con, arch, flags=0"))?;
    let arch = call.cstr(1, "arch")?;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(2);
    let mut names: *mut *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: a connection handle and a string; libvirt allocates the list.
    let r = unsafe { sys::virConnectGetCPUModelNames(con.ptr(), arch.as_ptr(), &mut names, flags) };
    rows::owned_strings(call, r, names)
});

xsub!(fn get_node_cpu_map(call) {
    call.arity(1, 2, c!("con, flags=0"))?;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut map: *mut libc::c_uchar = std::ptr::null_mut();
    let mut online: libc::c_uint = 0;
    // SAFETY: a connection handle; libvirt allocates the map, freed below.
    let n = check_neg(unsafe { sys::virNodeGetCPUMap(con.ptr(), &mut map, &mut online, flags) })
        .or_die(p)?;
    call.reserve(3);
    call.ret(p.int(n as i64));
    // SAFETY: a map of one bit per CPU, rounded up to whole bytes.
    call.ret(p.str(unsafe { crate::libvirt::array_slice(map, (n as usize).div_ceil(8)) }));
    call.ret(p.int(online as libc::c_int as i64));
    // SAFETY: the map libvirt allocated.
    unsafe { libc::free(map as *mut libc::c_void) };
    Ok(())
});

xsub!(fn get_node_cpu_stats(call) {
    call.arity(1, 3, c!("con, cpuNum=VIR_NODE_CPU_STATS_ALL_CPUS, flags=0"))?;
    let con = call.object(0, &CONNECT)?;
    let cpu = if call.items() > 1 { call.iv(1) as libc::c_int } else { sys::VIR_NODE_CPU_STATS_ALL_CPUS };
    let flags = call.flags(2);
    let p = call.perl();
    let mut n: libc::c_int = 0;
    // SAFETY: a connection handle; no array when asking for the count.
    check_neg(unsafe { sys::virNodeGetCPUStats(con.ptr(), cpu, std::ptr::null_mut(), &mut n, flags) })
        .or_die(p)?;
    let stats = p.scratch::<sys::virNodeCPUStats>(n.max(0) as usize);
    // SAFETY: room for n records.
    check_neg(unsafe { sys::virNodeGetCPUStats(con.ptr(), cpu, stats.as_mut_ptr(), &mut n, flags) })
        .or_die(p)?;
    let mut h = p.hash();
    for s in &stats[..(n.max(0) as usize).min(stats.len())] {
        let key = match rows::c_chars(&s.field) {
            b"kernel" => "kernel",
            b"user" => "user",
            b"idle" => "idle",
            b"iowait" => "iowait",
            b"intr" => "intr",
            b"utilization" => "utilization",
            // libvirt 11.8 on (VIR_NODE_CPU_STATS_GUEST); Sys::Virt 12.7.0 returns it
            b"guest" => "guest",
            _ => continue,
        };
        h.store(key, p.uint(s.value));
    }
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn get_node_memory_stats(call) {
    call.arity(1, 3, c!("con, cellNum=VIR_NODE_MEMORY_STATS_ALL_CELLS, flags=0"))?;
    let con = call.object(0, &CONNECT)?;
    let cell = if call.items() > 1 { call.iv(1) as libc::c_int } else { sys::VIR_NODE_MEMORY_STATS_ALL_CELLS };
    let flags = call.flags(2);
    let p = call.perl();
    let mut n: libc::c_int = 0;
    // SAFETY: a connection handle; no array when asking for the count.
    check_neg(unsafe { sys::virNodeGetMemoryStats(con.ptr(), cell, std::ptr::null_mut(), &mut n, flags) })
        .or_die(p)?;
    let stats = p.scratch::<sys::virNodeMemoryStats>(n.max(0) as usize);
    // SAFETY: room for n records.
    check_neg(unsafe { sys::virNodeGetMemoryStats(con.ptr(), cell, stats.as_mut_ptr(), &mut n, flags) })
        .or_die(p)?;
    let mut h = p.hash();
    for s in &stats[..(n.max(0) as usize).min(stats.len())] {
        let key = match rows::c_chars(&s.field) {
            b"total" => "total",
            b"free" => "free",
            b"buffers" => "buffers",
            b"cached" => "cached",
            _ => continue,
        };
        h.store(key, p.uint(s.value));
    }
    call.ret(h.into_ref());
    Ok(())
});

/// How many NUMA cells `start..=end` spans, in the reference's C int arithmetic; a count
/// below one goes to libvirt, which refuses it.
fn cell_count(start: libc::c_int, end: libc::c_int) -> libc::c_int {
    // No host has this many cells; the cap keeps a huge range from allocating gigabytes.
    const MAX_CELLS: libc::c_int = 1 << 16;
    end.wrapping_sub(start).wrapping_add(1).min(MAX_CELLS)
}

xsub!(fn get_node_free_pages(call) {
    call.arity(4, 5, c!("con, pagesizes, start, end, flags=0"))?;
    let start = call.iv(2) as libc::c_int;
    let end = call.iv(3) as libc::c_int;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(4);
    let p = call.perl();
    let ncells = cell_count(start, end);
    let av = call.array_arg(1).ok_or_else(|| not_array(call, "pagesizes"))?;
    let pages = int_list(call, &av, |v| v.iv() as libc::c_uint);
    let counts = p.scratch::<libc::c_ulonglong>(pages.len() * ncells.max(0) as usize);
    // SAFETY: a connection handle, the page sizes and room for a count per size and cell.
    check_neg(unsafe {
        sys::virNodeGetFreePages(con.ptr(), pages.len() as libc::c_uint, pages.as_mut_ptr(), start,
                                 ncells as libc::c_uint, counts.as_mut_ptr(), flags)
    })
    .or_die(p)?;
    let ncells = ncells.max(0) as usize;
    call.reserve(ncells);
    for i in 0..ncells {
        let mut rec = p.hash();
        rec.store("cell", p.int(start as i64 + i as i64));
        let mut per = p.hash();
        for (j, size) in pages.iter().enumerate() {
            per.store(&size.to_string(), p.uint(counts[i * pages.len() + j]));
        }
        rec.store("pages", per.into_ref());
        call.ret(rec.into_ref());
    }
    Ok(())
});

xsub!(fn node_alloc_pages(call) {
    call.arity(4, 5, c!("con, pages, start, end, flags=0"))?;
    let start = call.iv(2) as libc::c_int;
    let end = call.iv(3) as libc::c_int;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(4);
    let p = call.perl();
    let av = call.array_arg(1).ok_or_else(|| not_array(call, "pages"))?;
    let n = av.len();
    let sizes = p.scratch::<libc::c_uint>(n);
    let counts = p.scratch::<libc::c_ulonglong>(n);
    for i in 0..n {
        // Each element is [size, count]; anything else is refused (the reference crashes).
        let pair = av.get(i).and_then(|v| v.array()).ok_or_else(|| {
            Fail::Message(format!(
                "{}() -- element {} of pages is not an ARRAY reference of [size, count]",
                call.sub_name(),
                i
            ))
        })?;
        sizes[i] = pair.get(0).map_or(0, |v| v.iv() as libc::c_uint);
        counts[i] = pair.get(1).map_or(0, |v| v.uv() as libc::c_ulonglong);
    }
    // SAFETY: a connection handle and two lists of n entries.
    let r = unsafe {
        sys::virNodeAllocPages(con.ptr(), n as libc::c_uint, sizes.as_mut_ptr(), counts.as_mut_ptr(),
                               start, cell_count(start, end) as libc::c_uint, flags)
    };
    rows::done(call, r)
});

xsub!(fn get_node_memory_parameters(call) {
    call.arity(1, 2, c!("conn, flags=0"))?;
    let con = call.object_as(0, &CONNECT, "conn")?;
    let flags = call.flags(1);
    let con = con.ptr();
    // SAFETY: a connection handle, and a list of n entries or NULL for the count.
    typed_params::get_counted(call, |params, n| unsafe {
        sys::virNodeGetMemoryParameters(con, params, n, flags)
    })
});

xsub!(fn set_node_memory_parameters(call) {
    call.arity(2, 3, c!("conn, newparams, flags=0"))?;
    let con = call.object_as(0, &CONNECT, "conn")?;
    let h = typed_params::hash_arg(call, 1, "newparams")?;
    let flags = call.flags(2);
    let con = con.ptr();
    typed_params::set_counted(
        call,
        &h,
        // SAFETY: as for the getter.
        |params, n| unsafe { sys::virNodeGetMemoryParameters(con, params, n, flags) },
        // SAFETY: a connection handle and a list in scratch memory.
        |params, n| unsafe { sys::virNodeSetMemoryParameters(con, params, n, flags) },
    )
});

xsub!(fn get_node_sev_info(call) {
    call.arity(1, 2, c!("conn, flags=0"))?;
    let con = call.object_as(0, &CONNECT, "conn")?;
    let flags = call.flags(1);
    let con = con.ptr();
    // SAFETY: a connection handle; libvirt allocates the list.
    let h = typed_params::allocated(call, |params, n| unsafe {
        sys::virNodeGetSEVInfo(con, params, n, flags)
    })?;
    call.ret(h.into_ref());
    Ok(())
});

/// The fields of a connection identity hash, with libvirt's types.
const IDENTITY: &[typed_params::Field] = &[
    (
        sys::VIR_CONNECT_IDENTITY_USER_NAME,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_CONNECT_IDENTITY_UNIX_USER_ID,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
    (
        sys::VIR_CONNECT_IDENTITY_GROUP_NAME,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_CONNECT_IDENTITY_UNIX_GROUP_ID,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
    (
        sys::VIR_CONNECT_IDENTITY_PROCESS_ID,
        sys::VIR_TYPED_PARAM_LLONG,
    ),
    (
        sys::VIR_CONNECT_IDENTITY_PROCESS_TIME,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
    (
        sys::VIR_CONNECT_IDENTITY_SASL_USER_NAME,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_CONNECT_IDENTITY_X509_DISTINGUISHED_NAME,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_CONNECT_IDENTITY_SELINUX_CONTEXT,
        sys::VIR_TYPED_PARAM_STRING,
    ),
];

xsub!(fn set_identity(call) {
    call.arity(2, 3, c!("conn, newident, flags=0"))?;
    let con = call.object_as(0, &CONNECT, "conn")?;
    let h = typed_params::hash_arg(call, 1, "newident")?;
    let flags = call.flags(2);
    let params = typed_params::from_fields(call, &h, IDENTITY)?;
    let con = super::live(call, con.ptr(), "conn")?;
    // SAFETY: a connection handle and a list in scratch memory.
    let r = unsafe {
        sys::virConnectSetIdentity(con, params.as_mut_ptr(), params.len() as _, flags)
    };
    rows::done(call, r)
});

xsub!(fn restore_domain(call) {
    call.arity(1, 5, c!("con, fromsv=&PL_sv_undef, dxmlsv=&PL_sv_undef, params_sv=&PL_sv_undef, flags=0"))?;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(4);
    if call.defined(3) {
        let h = typed_params::hash_arg(call, 3, "params_sv")?;
        let params = typed_params::from_fields(call, &h, crate::perl::domain::SAVE_PARAMS)?;
        // SAFETY: a connection handle and a list in scratch memory.
        let r = unsafe {
            sys::virDomainRestoreParams(con.ptr(), params.as_mut_ptr(), params.len() as _, flags)
        };
        return rows::done(call, r);
    }
    let Some(from) = call.opt_cstr(1, "fromsv")? else {
        return Err(Fail::Message("Either $from or $params parameter must be supplied".into()));
    };
    let dxml = call.opt_cstr(2, "dxmlsv")?;
    // SAFETY: a connection handle and strings (or NULL).
    let r = unsafe {
        if dxml.is_some() || flags != 0 {
            sys::virDomainRestoreFlags(con.ptr(), from.as_ptr(), opt_ptr(dxml), flags)
        } else {
            sys::virDomainRestore(con.ptr(), from.as_ptr())
        }
    };
    rows::done(call, r)
});

/// Domain statistics records that libvirt allocated: freed on drop unless built into Perl
/// values (`build_domain_stats`). Plain malloc'ed memory and domain references, so they may
/// cross from a worker to the Perl thread.
pub struct StatsRecords {
    recs: *mut sys::virDomainStatsRecordPtr,
    n: usize,
}

// SAFETY: the records are libvirt's heap memory and domain references, both usable from
// any thread; only one thread owns them at a time.
unsafe impl Send for StatsRecords {}

impl Drop for StatsRecords {
    fn drop(&mut self) {
        if !self.recs.is_null() {
            // SAFETY: the list libvirt returned, not yet taken apart.
            unsafe { sys::virDomainStatsRecordListFree(self.recs) };
        }
    }
}

/// The call of `get_all_domain_stats`: for the connection's domains, or for the listed ones
/// (`doms`, NULL-terminated, when it holds any).
fn domain_stats(
    con: sys::virConnectPtr,
    doms: &mut [sys::virDomainPtr],
    stats: libc::c_uint,
    flags: libc::c_uint,
) -> Result<StatsRecords, Error> {
    let mut recs: *mut sys::virDomainStatsRecordPtr = std::ptr::null_mut();
    // SAFETY: a connection handle, or a NULL-terminated list of live domain handles;
    // libvirt allocates the records.
    let n = check_neg(unsafe {
        if doms.len() > 1 {
            sys::virDomainListGetStats(doms.as_mut_ptr(), stats, &mut recs, flags)
        } else {
            sys::virConnectGetAllDomainStats(con, stats, &mut recs, flags)
        }
    })?;
    Ok(StatsRecords {
        recs,
        n: n as usize,
    })
}

/// The records as hashes of `dom` and `data`, each given to `out`.
fn build_domain_stats(p: perlxs::Perl, mut r: StatsRecords, mut out: impl FnMut(perlxs::Owned)) {
    let objects = p.objects(&DOMAIN);
    // The list is freed here rather than by virDomainStatsRecordListFree, so that each
    // record's domain reference can move into its object: taking a reference of our own
    // and letting the list drop the record's would cost two more libvirt calls a record,
    // each formatting the domain's UUID for a debug message. libvirt allocates the records
    // and the list with GLib, whose allocator is malloc.
    // SAFETY: n records libvirt allocated, in a NULL-terminated list; each record's
    // parameters are freed with libvirt's call, then the record, then the list.
    unsafe {
        for &rec in crate::libvirt::array_slice(r.recs, r.n) {
            let mut h = p.hash();
            h.store("dom", objects.object((*rec).dom));
            let params = crate::libvirt::array_slice((*rec).params, (*rec).nparams.max(0) as usize);
            h.store("data", typed_params::to_hash(p, params).into_ref());
            out(h.into_ref());
            sys::virTypedParamsFree((*rec).params, (*rec).nparams);
            libc::free(rec as *mut libc::c_void);
        }
        libc::free(r.recs as *mut libc::c_void);
    }
    r.recs = std::ptr::null_mut();
}

/// The domains of `doms_sv` (argument 2): every element is read (and held) first, then the
/// handles, once no more Perl code can run; NULL-terminated, in scratch memory.
fn domain_list<'a>(call: &'a Call) -> Result<&'a mut [sys::virDomainPtr], Fail> {
    if !call.defined(2) {
        return Ok(&mut []);
    }
    let p = call.perl();
    let av = call
        .array_arg(2)
        .ok_or_else(|| not_array(call, "doms_sv"))?;
    let n = av.len();
    let held = p.scratch::<Option<perlxs::Value>>(n);
    for (i, slot) in held.iter_mut().enumerate() {
        let v = av.get(i).ok_or(false).and_then(|v| v.hold_object(&DOMAIN));
        *slot = Some(v.map_err(|_| {
            Fail::Message(format!(
                "{}() -- element {} of doms_sv is not a Sys::Virt::Domain object",
                call.sub_name(),
                i
            ))
        })?);
    }
    let doms = p.scratch::<sys::virDomainPtr>(n + 1);
    for (slot, v) in doms.iter_mut().zip(held.iter()) {
        *slot = v.map_or(std::ptr::null_mut(), |v| v.handle(&DOMAIN));
    }
    Ok(doms)
}

xsub!(fn get_all_domain_stats(call) {
    call.arity(2, 4, c!("con, stats, doms_sv=&PL_sv_undef, flags=0"))?;
    let stats = call.uv(1) as libc::c_uint;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(3);
    let p = call.perl();
    let doms = domain_list(call)?;
    let recs = domain_stats(con.ptr(), doms, stats, flags).or_die(p)?;
    call.reserve(recs.n);
    build_domain_stats(p, recs, |v| call.ret(v));
    Ok(())
});

// The async form: the same arguments, the domains held by the job.
xsub!(pub fn get_all_domain_stats_async(call) {
    call.arity(2, 4, c!("con, stats, doms_sv=&PL_sv_undef, flags=0"))?;
    let stats = call.uv(1) as libc::c_uint;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(3);
    let doms: Vec<Held<sys::virDomainPtr>> = domain_list(call)?
        .iter()
        .filter(|d| !d.is_null())
        .map(|&d| Held::take(&DOMAIN, d))
        .collect();
    let con = Held::take(&CONNECT, con.ptr());
    crate::perl::r#async::submit(call, move || {
        let mut ptrs: Vec<sys::virDomainPtr> = doms.iter().map(|d| d.ptr()).collect();
        if !ptrs.is_empty() {
            ptrs.push(std::ptr::null_mut());
        }
        let recs = domain_stats(con.ptr(), &mut ptrs, stats, flags)?;
        crate::perl::r#async::ok(move |p| {
            let mut v = Vec::with_capacity(recs.n);
            build_domain_stats(p, recs, |o| v.push(o));
            v
        })
    })
});

/// The ids of the running domains, up to `max`.
fn domain_ids(con: sys::virConnectPtr, max: libc::c_int) -> Result<Vec<libc::c_int>, Error> {
    // SAFETY: a live connection handle.
    let max = crate::perl::rows::room_for(max, || unsafe { sys::virConnectNumOfDomains(con) })?;
    let mut ids: Vec<libc::c_int> = vec![0; max.max(0) as usize];
    // SAFETY: ids has room for max entries (a negative max is rejected by libvirt).
    let n = check_neg(unsafe { sys::virConnectListDomains(con, ids.as_mut_ptr(), max) })?;
    ids.truncate(n as usize);
    Ok(ids)
}

xsub!(pub fn list_domain_ids_async(call) {
    call.arity(2, 2, c!("con, maxids"))?;
    let max = call.iv(1) as libc::c_int;
    let con = call.object(0, &CONNECT)?;
    let con = Held::take(&CONNECT, con.ptr());
    crate::perl::r#async::submit(call, move || {
        let ids = domain_ids(con.ptr(), max)?;
        crate::perl::r#async::ok(move |p| ids.iter().map(|&id| p.int(id as i64)).collect())
    })
});

/// Registers the methods above.
fn register_host(b: &Boot) {
    let m = |name: &'static CStr, req, opt, f| b.method(name, req, opt, f);
    m(c!("Sys::Virt::baseline_cpu"), 2, 1, baseline_cpu);
    m(
        c!("Sys::Virt::baseline_hypervisor_cpu"),
        6,
        1,
        baseline_hypervisor_cpu,
    );
    m(
        c!("Sys::Virt::get_cpu_model_names"),
        2,
        1,
        get_cpu_model_names,
    );
    m(c!("Sys::Virt::get_node_cpu_map"), 1, 1, get_node_cpu_map);
    m(
        c!("Sys::Virt::get_node_cpu_stats"),
        1,
        2,
        get_node_cpu_stats,
    );
    m(
        c!("Sys::Virt::get_node_memory_stats"),
        1,
        2,
        get_node_memory_stats,
    );
    m(
        c!("Sys::Virt::get_node_free_pages"),
        4,
        1,
        get_node_free_pages,
    );
    m(c!("Sys::Virt::node_alloc_pages"), 4, 1, node_alloc_pages);
    m(
        c!("Sys::Virt::get_node_memory_parameters"),
        1,
        1,
        get_node_memory_parameters,
    );
    m(
        c!("Sys::Virt::set_node_memory_parameters"),
        2,
        1,
        set_node_memory_parameters,
    );
    m(c!("Sys::Virt::get_node_sev_info"), 1, 1, get_node_sev_info);
    m(c!("Sys::Virt::set_identity"), 2, 1, set_identity);
    m(c!("Sys::Virt::restore_domain"), 1, 4, restore_domain);
    m(
        c!("Sys::Virt::get_all_domain_stats"),
        2,
        2,
        get_all_domain_stats,
    );
}
