//! Mounts the app; everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    jingzhun::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Jingzhun runs in the browser: `scripts/dev.sh serve` builds and serves it.");
}

/// The hooks of the browser benchmark and the crash test (`ui::platform::bench`), exported by
/// the page's module only: exported from the library, they would be linked into the file worker
/// too, and with them the split points they reach, imports the worker cannot resolve.
#[cfg(target_arch = "wasm32")]
mod hooks {
    use jingzhun::ui::platform::bench;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub async fn bench_import(text: String) -> Result<String, JsValue> {
        bench::bench_import(text).await
    }

    #[wasm_bindgen]
    pub async fn bench_edit(k: u32) -> Result<f64, JsValue> {
        bench::bench_edit(k).await
    }

    #[wasm_bindgen]
    pub async fn bench_recompute(rounds: u32) -> Result<String, JsValue> {
        bench::bench_recompute(rounds).await
    }

    #[wasm_bindgen]
    pub fn bench_memory() -> f64 {
        bench::bench_memory()
    }

    #[wasm_bindgen]
    pub fn test_crash() {
        bench::test_crash()
    }
}
