//! The built-in theatre and styles are embedded in the binary
//! (`include_dir!` in src/load/builtin.rs): rebuild when they change.

fn main() {
    println!("cargo:rerun-if-changed=geodata");
    println!("cargo:rerun-if-changed=styles");
}
