#!/usr/bin/env node
// The first download's size, and each lazily loaded area's: raw and brotli (quality 11, as a
// CDN or `tower-http` would serve it). Fails when the initial Wasm+JS (brotli) grows by more
// than 10 % over the committed baseline. `--write` records the current size as the baseline.
//
//   node scripts/wasm-size.js [target/site/pkg] [--write]
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const args = process.argv.slice(2);
const write = args.includes("--write");
const pkg = args.find((a) => !a.startsWith("--")) || "target/site/pkg";
const baselineFile = path.join(__dirname, "wasm-size-baseline.json");

const brotli = (buf) =>
  zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const files = fs.readdirSync(pkg).filter((f) => /\.(wasm|js)$/.test(f));
// What every page loads before anything works: the entry script, its Wasm, and the splitter's
// loader. Every other Wasm file is a chunk fetched when a lazy area (or code shared by areas)
// is first used.
const isInitial = (f) => /^vitrine(\.[\w-]+)?\.(js|wasm)$/.test(f) || /^vitrine_bg(\.[\w-]+)?\.wasm$/.test(f) || f.startsWith("__wasm_split");
const rows = files.map((f) => {
  const buf = fs.readFileSync(path.join(pkg, f));
  return { file: f, raw: buf.length, br: brotli(buf), initial: isInitial(f) };
});
const initial = rows.filter((r) => r.initial);
const chunks = rows.filter((r) => !r.initial).sort((a, b) => b.br - a.br);
const sum = (rs, k) => rs.reduce((n, r) => n + r[k], 0);
const total = { raw: sum(initial, "raw"), br: sum(initial, "br") };

console.log("initial download (sign-in, the queue):");
for (const r of initial) console.log(`  ${r.file.padEnd(60)} ${kb(r.raw).padStart(10)} raw ${kb(r.br).padStart(10)} brotli`);
console.log(`  ${"total".padEnd(60)} ${kb(total.raw).padStart(10)} raw ${kb(total.br).padStart(10)} brotli`);
console.log(`lazily loaded chunks (${chunks.length}):`);
for (const r of chunks) console.log(`  ${r.file.padEnd(60)} ${kb(r.raw).padStart(10)} raw ${kb(r.br).padStart(10)} brotli`);
console.log(`  ${"total".padEnd(60)} ${kb(sum(chunks, "raw")).padStart(10)} raw ${kb(sum(chunks, "br")).padStart(10)} brotli`);

// What opening each lazy route fetches: its own chunk and the shared chunks the splitter's
// manifest lists for it (most are fetched once, for the first area that needs them).
const manifestFile = fs.readdirSync(pkg).find((f) => f.startsWith("__wasm_split_manifest"));
if (manifestFile) {
  const m = JSON.parse(fs.readFileSync(path.join(pkg, manifestFile), "utf8"));
  const byStem = new Map(rows.map((r) => [r.file.replace(/\.wasm$/, ""), r]));
  console.log("per lazy route (its chunk + the shared chunks it needs):");
  for (const [route, deps] of Object.entries(m).sort()) {
    const own = rows.find((r) => r.file.startsWith(`split_${route}.`));
    const parts = [own, ...deps.map((d) => byStem.get(d))].filter(Boolean);
    const name = route.replace(/^__/, "").replace(/_view_\d+$/, "");
    console.log(`  ${name.padEnd(40)} ${String(parts.length).padStart(4)} files ${kb(sum(parts, "raw")).padStart(10)} raw ${kb(sum(parts, "br")).padStart(10)} brotli`);
  }
}

if (write) {
  fs.writeFileSync(baselineFile, JSON.stringify({ initial_brotli_bytes: total.br, initial_raw_bytes: total.raw }, null, 2) + "\n");
  console.log(`baseline written: ${baselineFile}`);
  process.exit(0);
}
if (initial.length === 0) {
  console.error(`no Wasm bundle in ${pkg}`);
  process.exit(1);
}
const baseline = JSON.parse(fs.readFileSync(baselineFile, "utf8"));
const limit = Math.round(baseline.initial_brotli_bytes * 1.1);
if (total.br > limit) {
  console.error(`initial download ${kb(total.br)} brotli is more than 10 % over the baseline ${kb(baseline.initial_brotli_bytes)} (limit ${kb(limit)})`);
  process.exit(1);
}
console.log(`initial download within 10 % of the baseline ${kb(baseline.initial_brotli_bytes)} brotli`);
