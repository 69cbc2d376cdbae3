//! `Sys::Virt`: the connection. Perl-level helpers (`new`, `get_domain_by_*`, version
//! arithmetic) live in lib/Sys/Virt.pm; here are the calls into libvirt.

use super::{OrDie, CONNECT, DOMAIN, NETWORK, STORAGE_POOL};
use super::{INTERFACE, NODE_DEVICE, NWFILTER, NWFILTER_BINDING, SECRET};
use crate::libvirt::error::{check_neg, check_null};
use crate::methods;
use crate::perl::r#async::Held;

use perlxs::{Boot, Call};
use std::ffi::CStr;
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
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

// ---------------------------------------------------------------------------------------
// Host CPU and memory, CPU models, domain statistics, restore and identity.
// ---------------------------------------------------------------------------------------

use super::typed_params;
use crate::libvirt::connect::{self as lv, Restore, StatsRecords};
use crate::libvirt::params::Params;
use crate::perl::rows::{self, int_list, not_array, str_list, CArg};
use perlxs::Fail;
use std::ffi::CString;
use virt::sys::{VIR_NODE_CPU_STATS_ALL_CPUS, VIR_NODE_MEMORY_STATS_ALL_CELLS};

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

/// The strings of a list read into scratch memory (see `rows::str_list`), as values of their
/// own: made once every element is read, with no Perl code run after.
fn owned_strings(list: &[*const libc::c_char]) -> Vec<CString> {
    // SAFETY: NUL-terminated mortal copies, alive until the statement ends.
    list.iter()
        .map(|&s| unsafe { CStr::from_ptr(s) }.to_owned())
        .collect()
}

crate::irregular! {
    package "Sys::Virt";
    names(call, p, out, who);

    // A connection, with no credential callbacks (those are `_open_auth`'s, in event.rs).
    // The async form (Sys::Virt->new_async) opens it on a worker.
    fn _open(name: sv, flags: uint) {
        read {
            let name = call.opt_cstr(0, "uri")?.map(std::ffi::CStr::to_owned);
            crate::perl::admin::libvirt_usable(call)?;
        }
        run {
            let name_ptr = name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
            // SAFETY: name is NULL or a NUL-terminated string of this call's own.
            let con = check_null(unsafe { sys::virConnectOpenAuth(name_ptr, std::ptr::null_mut(), flags) });
            // SAFETY: a new connection with the reference the call handed over.
            con.map(|c| unsafe { crate::perl::r#async::Held::adopt(&CONNECT, c) })
        }
        build(con) { out.ret(con.into_object(p)); }
    }

    // The reference declares one ignored argument, shown as "void" in its usage message.
    fn _get_library_version(void: sv) {
        run {
            let mut v: libc::c_ulong = 0;
            // SAFETY: only the version out pointer; NULL asks for libvirt's own version.
            check_neg(unsafe { sys::virGetVersion(&mut v, std::ptr::null(), std::ptr::null_mut()) })
                .map(|_| v)
        }
        build(v) { out.ret(p.uint(v as u64)); }
    }

    // From typed parameters (params_sv, when defined), or from a saved image with
    // replacement XML or none: fromsv and dxmlsv are not read when params_sv is given.
    fn restore_domain(con: CONNECT, fromsv: sv = undef, dxmlsv: sv = undef,
                      params_sv: sv = undef, flags: uint = 0) {
        read {
            let mut what = if call.defined(3) {
                let h = typed_params::hash_arg(call, 3, "params_sv")?;
                Restore::Params(typed_params::from_fields_owned(
                    call.perl(), who, &h, crate::perl::domain::SAVE_PARAMS)?)
            } else {
                let Some(from) = call.opt_cstr(1, "fromsv")? else {
                    return Err(Fail::Message(
                        "Either $from or $params parameter must be supplied".into()));
                };
                let dxml = call.opt_cstr(2, "dxmlsv")?;
                Restore::File { from: from.to_owned(), dxml: dxml.map(CStr::to_owned) }
            };
        }
        run { lv::restore(con.ptr(), &mut what, flags) }
        build(_r) {}
    }

    fn get_node_cpu_stats(con: CONNECT, cpuNum: int = VIR_NODE_CPU_STATS_ALL_CPUS,
                          flags: uint = 0) {
        run { lv::cpu_stats(con.ptr(), cpuNum, flags) }
        build(list) {
            let mut h = p.hash();
            for s in &list {
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
            out.ret(h.into_ref());
        }
    }

    fn get_node_memory_stats(con: CONNECT, cellNum: int = VIR_NODE_MEMORY_STATS_ALL_CELLS,
                             flags: uint = 0) {
        run { lv::memory_stats(con.ptr(), cellNum, flags) }
        build(list) {
            let mut h = p.hash();
            for s in &list {
                let key = match rows::c_chars(&s.field) {
                    b"total" => "total",
                    b"free" => "free",
                    b"buffers" => "buffers",
                    b"cached" => "cached",
                    _ => continue,
                };
                h.store(key, p.uint(s.value));
            }
            out.ret(h.into_ref());
        }
    }

    fn get_node_free_memory(con: CONNECT) {
        run { lv::free_memory(con.ptr()) }
        build(mem) { out.ret(p.uint(mem)); }
    }

    // Cells start..=end, counted in C int arithmetic as the reference does; a count below
    // one goes to libvirt, which rejects it (the reference would try to allocate it first).
    fn get_node_cells_free_memory(con: CONNECT, start: int, end: int) {
        run { lv::cells_free_memory(con.ptr(), start, end) }
        build(mems) {
            out.reserve(mems.len());
            for m in mems {
                out.ret(p.uint(m));
            }
        }
    }

    fn get_node_free_pages(con: CONNECT, pagesizes: sv, start: int, end: int, flags: uint = 0) {
        read {
            let av = call.array_arg(1).ok_or_else(|| not_array(call, "pagesizes"))?;
            let sizes = int_list(call, &av, |v| v.iv() as libc::c_uint).to_vec();
        }
        run { lv::free_pages(con.ptr(), sizes, start, end, flags) }
        build(fp) {
            let per_cell = fp.sizes.len();
            out.reserve(fp.cells);
            for i in 0..fp.cells {
                let mut rec = p.hash();
                rec.store("cell", p.int(fp.start as i64 + i as i64));
                let mut per = p.hash();
                for (j, size) in fp.sizes.iter().enumerate() {
                    per.store(&size.to_string(), p.uint(fp.counts[i * per_cell + j]));
                }
                rec.store("pages", per.into_ref());
                out.ret(rec.into_ref());
            }
        }
    }

    fn get_node_memory_parameters(conn: CONNECT, flags: uint = 0) {
        // SAFETY: a connection handle, and a list of n entries or NULL for the count.
        run { Params::counted(|l, n| unsafe { sys::virNodeGetMemoryParameters(conn.ptr(), l, n, flags) }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    // The hash is checked before the flags are converted (their warning comes after its
    // die), and the current values are read with the caller's flags, as before.
    fn set_node_memory_parameters(conn: CONNECT, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
        }
        // SAFETY: as for the getter.
        run { Params::counted(|l, n| unsafe { sys::virNodeGetMemoryParameters(conn.ptr(), l, n, flags) }) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        // SAFETY: a connection handle and a list whose strings it owns.
        run { check_neg(unsafe { sys::virNodeSetMemoryParameters(conn.ptr(), list.as_mut_ptr(), list.len(), flags) }) }
        build(_r) {}
    }

    fn get_node_cpu_map(con: CONNECT, flags: uint = 0) {
        run { lv::cpu_map(con.ptr(), flags) }
        build(m) {
            out.reserve(3);
            out.ret(p.int(m.cpus as i64));
            out.ret(p.str(&m.map));
            out.ret(p.int(m.online as i64));
        }
    }

    fn get_node_sev_info(conn: CONNECT, flags: uint = 0) {
        // SAFETY: a connection handle; libvirt allocates the list.
        run { Params::allocated(|l, n| unsafe { sys::virNodeGetSEVInfo(conn.ptr(), l, n, flags) }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn node_alloc_pages(con: CONNECT, pages: sv, start: int, end: int, flags: uint = 0) {
        read {
            let av = call.array_arg(1).ok_or_else(|| not_array(call, "pages"))?;
            let n = av.len();
            let sizes = call.perl().scratch::<libc::c_uint>(n);
            let counts = call.perl().scratch::<libc::c_ulonglong>(n);
            for i in 0..n {
                // Each element is [size, count]; anything else is refused (the reference
                // crashes).
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
            let (mut sizes, mut counts) = (sizes.to_vec(), counts.to_vec());
        }
        run { lv::alloc_pages(con.ptr(), &mut sizes, &mut counts, start, end, flags) }
        build(_r) {}
    }

    // Its parameter is named after a Rust keyword, and xsubpp converts the string (with
    // its warnings) before the object: both are read here, in that order.
    fn get_max_vcpus(con: sv, ty: sv) usage "con, type" {
        read {
            let ty = call.cstr(1, "type")?;
            let con = call.object(0, &CONNECT)?;
            let (ty, con) = (ty.to_owned(), Held::take(&CONNECT, con.ptr()));
        }
        // SAFETY: a connection handle and a NUL-terminated string.
        run { check_neg(unsafe { sys::virConnectGetMaxVcpus(con.ptr(), ty.as_ptr()) }) }
        build(n) { out.ret(p.int(n as i64)); }
    }

    // Like the XS module, a failure returns undef rather than dying.
    fn get_type(con: CONNECT) {
        run { lv::hypervisor_type(con.ptr()) }
        build(t) {
            match t {
                Some(t) => out.ret(p.str(&t)),
                None => out.ret(p.undef()),
            }
        }
    }

    // As get_max_vcpus: xsubpp's order is the strings, the object, then the flags.
    fn find_storage_pool_sources(con: sv, ty: sv, srcspec: sv, flags: sv = 0)
        usage "con, type, srcspec, flags=0"
    {
        read {
            let ty = call.cstr(1, "type")?;
            let spec = call.cstr(2, "srcspec")?;
            let con = call.object(0, &CONNECT)?;
            let flags = call.flags(3);
            let (ty, spec, con) = (ty.to_owned(), spec.to_owned(), Held::take(&CONNECT, con.ptr()));
        }
        run { lv::find_storage_pool_sources(con.ptr(), &ty, &spec, flags) }
        build(xml) { out.ret(p.str(&xml)); }
    }

    fn baseline_cpu(con: CONNECT, xml: sv, flags: uint = 0) {
        read {
            let av = call.array_arg(1).ok_or_else(|| not_array(call, "xml"))?;
            let xmls = owned_strings(str_list(call, &av, "xml")?);
        }
        run { lv::baseline_cpu(con.ptr(), &xmls, flags) }
        build(cpu) { out.ret(p.str(&cpu)); }
    }

    fn baseline_hypervisor_cpu(con: CONNECT, emulatorsv: opt_str, archsv: opt_str,
                               machinesv: opt_str, virttypesv: opt_str, xml: sv,
                               flags: uint = 0) {
        read {
            let av = call.array_arg(5).ok_or_else(|| not_array(call, "xml"))?;
            let xmls = owned_strings(str_list(call, &av, "xml")?);
        }
        run {
            lv::baseline_hypervisor_cpu(con.ptr(), CArg::c(&emulatorsv), CArg::c(&archsv),
                                        CArg::c(&machinesv), CArg::c(&virttypesv), &xmls, flags)
        }
        build(cpu) { out.ret(p.str(&cpu)); }
    }

    fn get_cpu_model_names(con: CONNECT, arch: str, flags: uint = 0) {
        run { lv::cpu_model_names(con.ptr(), &arch, flags) }
        build(names) {
            out.reserve(names.len());
            for name in &names {
                out.ret(p.str(name));
            }
        }
    }

    // The hash is checked before the flags are converted, and read before the handle is.
    fn set_identity(conn: CONNECT, newident: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 1, "newident")?;
            let flags = call.flags(2);
            let mut params = typed_params::from_fields_owned(call.perl(), who, &h, IDENTITY)?;
            crate::perl::live(call, conn.ptr(), "conn")?;
        }
        run { lv::set_identity(conn.ptr(), &mut params, flags) }
        build(_r) {}
    }

    fn list_domain_ids(con: CONNECT, maxids: int) {
        run { lv::domain_ids(con.ptr(), maxids) }
        build(ids) {
            out.reserve(ids.len());
            for id in ids {
                out.ret(p.int(id as i64));
            }
        }
    }

    // The statistics of the connection's domains, or of those of doms_sv: every element is
    // read (and held) first, then each domain is held by a reference of its own.
    fn get_all_domain_stats(con: CONNECT, stats: uint, doms_sv: sv = undef, flags: uint = 0) {
        read {
            let list = domain_list(call)?;
            let doms: Vec<Held<sys::virDomainPtr>> = list[..list.len().saturating_sub(1)]
                .iter()
                .map(|&d| Held::take(&DOMAIN, d))
                .collect();
        }
        run { lv::domain_stats(con.ptr(), &mut domain_ptrs(&doms), stats, flags) }
        build(recs) {
            out.reserve(recs.len());
            build_domain_stats(p, recs, |v| out.ret(v));
        }
    }
}

/// The records as hashes of `dom` and `data`, each given to `out`.
fn build_domain_stats(p: perlxs::Perl, r: StatsRecords, mut out: impl FnMut(perlxs::Owned)) {
    let objects = p.objects(&DOMAIN);
    let (recs, n) = r.into_raw();
    // The list is freed here rather than by virDomainStatsRecordListFree, so that each
    // record's domain reference can move into its object: taking a reference of our own
    // and letting the list drop the record's would cost two more libvirt calls a record,
    // each formatting the domain's UUID for a debug message. libvirt allocates the records
    // and the list with GLib, whose allocator is malloc.
    // SAFETY: n records libvirt allocated, in a NULL-terminated list; each record's
    // parameters are freed with libvirt's call, then the record, then the list.
    unsafe {
        for &rec in crate::libvirt::array_slice(recs, n) {
            let mut h = p.hash();
            h.store("dom", objects.object((*rec).dom));
            let params = crate::libvirt::array_slice((*rec).params, (*rec).nparams.max(0) as usize);
            h.store("data", typed_params::to_hash(p, params).into_ref());
            out(h.into_ref());
            sys::virTypedParamsFree((*rec).params, (*rec).nparams);
            libc::free(rec as *mut libc::c_void);
        }
        libc::free(recs as *mut libc::c_void);
    }
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

/// The handles of a list of held domains, NULL-terminated (a destroyed object's NULL ends
/// the list for libvirt, as it always has).
fn domain_ptrs(doms: &[Held<sys::virDomainPtr>]) -> Vec<sys::virDomainPtr> {
    doms.iter()
        .map(|d| d.ptr())
        .chain(std::iter::once(std::ptr::null_mut()))
        .collect()
}
