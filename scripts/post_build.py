"""Trunk post-build hook (runs in the staging folder before it becomes dist/).

0. Splits the app's wasm by route (docs/first-screen.md): the pages are Leptos lazy routes, and
   `wasm-split-cli` cuts cargo's wasm (linked with --emit-relocs) into the first screen's module and
   one module per page plus the chunks they share, fetched on first use. Trunk has no hook between
   cargo and wasm-bindgen, so this step redoes the main bin from cargo's output: split, bindgen,
   wasm-opt on every module, content hashes in the chunks' names, and trunk's files replaced with
   their integrity hashes recomputed.
1. Moves trunk's inline start-up <script type="module"> into boot-<hash>.js, so the page's
   Content-Security-Policy can forbid inline scripts (script-src 'self').
2. Writes the list of built files and a version (hash of their contents) into sw.js, so the
   service worker precaches exactly this build and a new build is seen as an update.
"""
import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
index_path = os.path.join(staging, "index.html")


def run(*args):
    try:
        subprocess.run(args, check=True)
    except FileNotFoundError:
        sys.exit(f"post_build: {args[0]} is not installed (scripts/dev.sh installs it)")


def short_hash(data):
    return hashlib.sha256(data).hexdigest()[:16]


# wasm-opt -Oz over many modules in one process per core: npm's wasm-opt is a 10 MB script, and
# starting it once per module took minutes for the split build's ~400 modules. Binaryen's API, as
# -Oz does: optimize level 2, shrink level 2; the features Rust's wasm32 target emits (with
# wasm-bindgen's externref table: reference types); no names section written (the modules link
# by their imports and exports, not by names).
OPTIMIZE_JS = """
const [index, ...files] = process.argv.slice(1);
// The splitter's modules carry a names subsection binaryen does not know (and drops): not news.
const say = console.error;
console.error = (...a) => { if (!String(a[0]).startsWith('warning: unknown name subsection')) say(...a); };
const { default: binaryen } = await import(index);
const fs = await import('node:fs');
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
const F = binaryen.Features;
for (const file of files) {
  const m = binaryen.readBinary(fs.readFileSync(file));
  m.setFeatures(F.MVP | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt |
    F.MutableGlobals | F.ReferenceTypes | F.CallIndirectOverlong | F.Multivalue);
  m.optimize();
  if (!m.validate()) { console.error('wasm-opt: ' + file + ' does not validate'); process.exit(1); }
  fs.writeFileSync(file, m.emitBinary());
  m.dispose();
}
"""


def optimize(modules):
    wasm_opt = shutil.which("wasm-opt")
    node = shutil.which("node")
    if not wasm_opt or not node:
        sys.exit("post_build: wasm-opt (npm binaryen) and node are needed (scripts/dev.sh installs them)")
    index = os.path.join(os.path.dirname(os.path.realpath(wasm_opt)), "..", "index.js")
    index = "file://" + os.path.realpath(index)
    # The first screen's module by wasm-opt itself, as trunk would run it (the rest of its
    # features read from the module); the others, largest first, dealt out in turn so that the processes end together.
    main, rest = modules[0], sorted(modules[1:], key=os.path.getsize, reverse=True)
    cores = max(1, min(os.cpu_count() or 2, 4))
    features = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int"]
    procs = [subprocess.Popen([wasm_opt, "-Oz", "-q", *features, main, "-o", main])] + [
        subprocess.Popen([node, "--input-type=module", "-e", OPTIMIZE_JS, index, *rest[i::cores]])
        for i in range(cores)
    ]
    if any([p.wait() != 0 for p in procs]):
        sys.exit("post_build: wasm-opt failed")


def split_by_route():
    """Step 0: the main bin split by route, in place of trunk's unsplit build of it."""
    mains = [f for f in os.listdir(staging) if re.fullmatch(r"jingzhun-[0-9a-f]+\.js", f)]
    if len(mains) != 1:
        sys.exit(f"post_build: expected one jingzhun-<hash>.js in {staging}, found {mains}")
    stem = mains[0][: -len(".js")]
    release = os.environ.get("TRUNK_PROFILE", "release") == "release"
    target_dir = os.environ.get("CARGO_TARGET_DIR") or json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--no-deps"],
            check=True, capture_output=True, text=True,
        ).stdout
    )["target_directory"]
    cargo_wasm = os.path.join(
        target_dir, "wasm32-unknown-unknown", "release" if release else "debug", "jingzhun.wasm"
    )
    work = tempfile.mkdtemp(prefix="jingzhun-split-")
    try:
        split_dir, bindgen_dir = os.path.join(work, "split"), os.path.join(work, "bindgen")
        run("wasm-split-cli", cargo_wasm, split_dir, "--target", "web", "--out-name", stem)
        run(
            "wasm-bindgen", os.path.join(split_dir, stem + ".wasm"), "--out-dir", bindgen_dir,
            "--target", "web", "--no-typescript", "--out-name", stem,
            "--keep-lld-exports", "--no-demangle",
        )
        modules = [os.path.join(bindgen_dir, stem + "_bg.wasm")] + sorted(
            os.path.join(split_dir, f) for f in os.listdir(split_dir) if f.endswith(".wasm") and f != stem + ".wasm"
        )
        if release:
            optimize(modules)
        # The page modules and chunks get their content hash in their names (as trunk's files do),
        # so no cache ever pairs one build's loader with another build's chunk.
        loader = open(os.path.join(split_dir, "__wasm_split.js"), encoding="utf-8").read()
        for m in modules[1:]:
            name = os.path.basename(m)
            hashed = f"{name[: -len('.wasm')]}-{short_hash(open(m, 'rb').read())}.wasm"
            if f'"./{name}"' not in loader:
                sys.exit(f"post_build: {name} is not named by __wasm_split.js")
            loader = loader.replace(f'"./{name}"', f'"./{hashed}"')
            shutil.copyfile(m, os.path.join(staging, hashed))
        loader_name = f"__wasm_split-{short_hash(loader.encode())}.js"
        open(os.path.join(staging, loader_name), "w", encoding="utf-8").write(loader)
        bindings = open(os.path.join(bindgen_dir, stem + ".js"), encoding="utf-8").read()
        # Only the JS imports change; the wasm's import object keeps its key "./__wasm_split.js".
        bindings, n = re.subn(
            r"""(\bfrom\s*)(["'])\./__wasm_split\.js\2""",
            lambda m: f"{m.group(1)}{m.group(2)}./{loader_name}{m.group(2)}", bindings,
        )
        if n == 0:
            sys.exit("post_build: the bindings do not import ./__wasm_split.js")
        open(os.path.join(staging, stem + ".js"), "w", encoding="utf-8").write(bindings)
        shutil.copyfile(modules[0], os.path.join(staging, stem + "_bg.wasm"))
        snippets = os.path.join(bindgen_dir, "snippets")
        if os.path.isdir(snippets):
            shutil.copytree(snippets, os.path.join(staging, "snippets"), dirs_exist_ok=True)
        # The browser refuses a preloaded file whose integrity hash is not its own.
        html = open(index_path, encoding="utf-8").read()
        for name in (stem + ".js", stem + "_bg.wasm"):
            digest = base64.b64encode(hashlib.sha384(open(os.path.join(staging, name), "rb").read()).digest())
            html, n = re.subn(
                r'(href="/' + re.escape(name) + r'"[^>]*integrity=")sha384-[^"]*"',
                lambda m: m.group(1) + "sha384-" + digest.decode() + '"', html,
            )
            if n != 1:
                sys.exit(f"post_build: no integrity hash for {name} in index.html")
        open(index_path, "w", encoding="utf-8").write(html)
        print(f"post_build: split by route into {len(modules) - 1} modules ({'optimized' if release else 'debug'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


split_by_route()

# The file worker is not split: a split point it links (through something the library exports)
# is an import it cannot resolve, and the worker would not start — every import would then be
# read in the page. Refused here rather than found by a person.
for f in os.listdir(staging):
    if f.startswith("xlsx_worker") and f.endswith(".wasm"):
        if b"__wasm_split_placeholder__" in open(os.path.join(staging, f), "rb").read():
            sys.exit(f"post_build: {f} imports a split point (from __wasm_split_placeholder__); "
                     "export hooks from src/main.rs, not from the library")
html = open(index_path, encoding="utf-8").read()

pattern = re.compile(r"<script type=\"module\"(?: nonce=\"[^\"]*\")?>(.*?)</script>", re.S)
match = pattern.search(html)
if match:
    body = match.group(1)
    digest = hashlib.sha256(body.encode()).hexdigest()[:16]
    name = f"boot-{digest}.js"
    open(os.path.join(staging, name), "w", encoding="utf-8").write(body)
    html = html[: match.start()] + f'<script type="module" src="/{name}"></script>' + html[match.end():]
    open(index_path, "w", encoding="utf-8").write(html)

# Tell the app where the spreadsheet worker's loader is (its name carries a content hash).
loaders = [f for f in os.listdir(staging) if f.endswith("_loader.js")]
if loaders:
    html = open(index_path, encoding="utf-8").read()
    meta = f'<meta name="xlsx-worker" content="/{loaders[0]}">'
    if 'name="xlsx-worker"' not in html:
        html = html.replace("</head>", meta + "</head>", 1)
        open(index_path, "w", encoding="utf-8").write(html)

assets = []
h = hashlib.sha256()
for root, _, files in os.walk(staging):
    for f in sorted(files):
        if f == "sw.js":
            continue
        path = os.path.join(root, f)
        rel = "/" + os.path.relpath(path, staging).replace(os.sep, "/")
        assets.append(rel)
        h.update(rel.encode())
        h.update(open(path, "rb").read())
assets.sort()
assets.insert(0, "/")
sw_path = os.path.join(staging, "sw.js")
sw = open(sw_path, encoding="utf-8").read()
sw = sw.replace("__BUILD_VERSION__", h.hexdigest()[:16]).replace("__ASSET_LIST__", json.dumps(assets))
open(sw_path, "w", encoding="utf-8").write(sw)
print(f"post_build: {len(assets)} assets, version {h.hexdigest()[:16]}")

# 3. Precompressed copies for servers that serve them (Content-Encoding by the request's
#    Accept-Encoding): .gz always, .br where Node is at hand (its zlib has Brotli). The service
#    worker precaches the plain files; these are only what a server may send instead.
compressible = [
    os.path.join(root, f)
    for root, _, files in os.walk(staging)
    for f in files
    if f.endswith((".wasm", ".js", ".css", ".html", ".webmanifest", ".svg"))
]
for path in compressible:
    data = open(path, "rb").read()
    with open(path + ".gz", "wb") as out:
        out.write(gzip.compress(data, 9, mtime=0))
node = shutil.which("node")
if node and compressible:
    script = (
        "const fs=require('fs'),z=require('zlib');"
        "for(const p of process.argv.slice(1)){"
        "fs.writeFileSync(p+'.br',z.brotliCompressSync(fs.readFileSync(p),"
        "{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_SIZE_HINT]:fs.statSync(p).size}}));}"
    )
    subprocess.run([node, "-e", script, *compressible], check=False)
print(f"post_build: {len(compressible)} files precompressed ({'gzip and brotli' if node else 'gzip'})")
