"""Trunk post-build hook (runs in the staging folder before it becomes dist/).

1. Moves trunk's inline start-up <script type="module"> into boot-<hash>.js, so the page's
   Content-Security-Policy can forbid inline scripts (script-src 'self').
2. Writes the list of built files and a version (hash of their contents) into sw.js, so the
   service worker precaches exactly this build and a new build is seen as an update.
"""
import hashlib
import json
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
index_path = os.path.join(staging, "index.html")
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
import gzip
import shutil
import subprocess

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
