// Writes a generated file, or with --check exits 1 when the file on disk differs.
import { readFileSync, writeFileSync } from 'node:fs';

export function writeGenerated(target, text, script) {
  if (!process.argv.includes('--check')) { writeFileSync(target, text); return; }
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch {}
  if (current !== text) { console.error(`${target} is stale: run node ${script}`); process.exit(1); }
}
