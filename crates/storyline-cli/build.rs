//! Embeds every file of `demo/` (but its notes and gold files) into the binary, so
//! `storyline demo` needs nothing on disk.

use std::io::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("demo/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md") && !n.ends_with(".tsv") && !n.starts_with('.'))
        .collect();
    names.sort();
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("demo_files.rs");
    let mut f = std::fs::File::create(out).unwrap();
    writeln!(f, "/// The demo corpus: (file name, contents).").unwrap();
    writeln!(f, "pub const DEMO_FILES: &[(&str, &[u8])] = &[").unwrap();
    for n in names {
        writeln!(f, "    ({n:?}, include_bytes!({:?})),", dir.join(&n).display().to_string()).unwrap();
    }
    writeln!(f, "];").unwrap();
}
