#!/usr/bin/env node
// The measured figures in README.md, BENCHMARKS.md and docs/*.md: every region between
// `<!-- bench:<suite>:<id>:start -->` and `<!-- bench:<suite>:<id>:end -->` is rendered by
// bench/render/<suite>.mjs from bench/results/<suite>.json (written by `npm run bench`).
// `node scripts/bench-docs.mjs` rewrites the regions; tests/bench-docs.test.ts fails when
// a region and its results file disagree, or when a measured figure sits outside a region.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const MARKER = /<!-- bench:([a-z0-9-]+):([a-z0-9-]+):start -->\n?([\s\S]*?)<!-- bench:\1:\2:end -->/g;

/** The documents that may hold measured figures. */
export function documents() {
  return ['README.md', 'BENCHMARKS.md', ...readdirSync(root + 'docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
}

/** Every bench region of `text`: { suite, id, body }. */
export function regions(text) {
  return [...text.matchAll(MARKER)].map((m) => ({ suite: m[1], id: m[2], body: m[3].replace(/\n$/, '') }));
}

/** The results file of `suite` (null when it was never run). */
export function readResults(suite) {
  const file = `${root}bench/results/${suite}.json`;
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

const renderers = new Map();
/** The rendered regions { id: markdown } of `suite` from its results file. */
export async function renderSuite(suite, results = readResults(suite)) {
  if (!results) throw new Error(`bench/results/${suite}.json is missing: run npm run bench (bench/${suite}.bench.ts)`);
  if (!renderers.has(suite)) renderers.set(suite, (await import(pathToFileURL(`${root}bench/render/${suite}.mjs`).href)).render);
  return renderers.get(suite)(results);
}

/** `text` with every bench region re-rendered; throws on a region its renderer does not know. */
export async function renderText(text, file, resultsOf = readResults) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const [, suite, id] = m;
    const sections = await renderSuite(suite, resultsOf(suite));
    if (typeof sections[id] !== 'string') throw new Error(`${file}: bench/render/${suite}.mjs renders no region "${id}" (it has ${Object.keys(sections).join(', ')})`);
    out.push(text.slice(last, m.index), `<!-- bench:${suite}:${id}:start -->\n${sections[id]}\n<!-- bench:${suite}:${id}:end -->`);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out.join('');
}

/**
 * Measured figures typed outside a region: speeds (it/s, GFLOP/s), times (ms, µs, s) and
 * ratios (12x, 1.2–3x). Design constants that are not measurements are listed in ALLOWED.
 */
const FIGURE = /\d[\d,.]*(?:[–-]\d[\d,.]*)?\s?(?:it\/s|GFLOP\/s|ms\b|µs\b)|(?:^|[\s(~≈])\d+(?:\.\d+)?(?:[–-]\d+(?:\.\d+)?)?x(?=[\s,.;)]|$)|[~≈]\s?\d+(?:\.\d+)?\s?s\b|\d+(?:\.\d+)?(?:[–-]\d+(?:\.\d+)?)?×\s(?:faster|slower)/gm;
const ALLOWED = ['every ~50 ms', 'about 50 ms', 'default 50 ms', 'about 25 ms', 'within 100 ms', '(2x, 2y)'];
export function strayFigures(text) {
  const outside = text.replace(MARKER, '').replace(/```[\s\S]*?```/g, '');
  const found = [];
  for (const line of outside.split('\n')) {
    let rest = line;
    for (const a of ALLOWED) rest = rest.replaceAll(a, '');
    for (const m of rest.matchAll(FIGURE)) found.push(`${m[0].trim()}  ←  ${line.trim().slice(0, 120)}`);
  }
  return found;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const file of documents()) {
    const text = readFileSync(root + file, 'utf8');
    if (!regions(text).length) continue;
    const next = await renderText(text, file);
    if (next !== text) { writeFileSync(root + file, next); console.log(`bench-docs: rewrote ${file}`); }
  }
}
