pub mod libvirt;
