//! Mounts the app; everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    jingzhun::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Jingzhun runs in the browser: `scripts/dev.sh serve` builds and serves it.");
}
