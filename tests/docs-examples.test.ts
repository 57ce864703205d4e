// Every program in docs/*.md runs as written: a ```js or ```ts block that imports saddle is
// run with Node from the repository's root (ts through esbuild, which only strips types).
// A block that imports nothing, or elides code with `// ...`, is a fragment of the text
// around it and is not run; README and getting-started are run (and their output checked)
// by tests/readme.test.ts.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const blocks = readdirSync(`${root}docs`).filter((f) => f.endsWith('.md') && f !== 'getting-started.md').flatMap((file) =>
  [...readFileSync(`${root}docs/${file}`, 'utf8').matchAll(/```(js|ts)\n([\s\S]*?)```/g)].map((m, i) => ({ file, i, lang: m[1], code: m[2] })));
const importsSaddle = (code: string) => /^import .* from 'saddle(\/\w+)?';/m.test(code);
const elides = (code: string) => /^\s*\/\/ \.\.\./m.test(code);
const isProgram = (code: string) => importsSaddle(code) && !elides(code);
const programs = blocks.filter((b) => isProgram(b.code));

test('the docs have programs, and every fragment is a fragment', () => {
  expect(programs.length).toBeGreaterThanOrEqual(10);
  // a block that imports saddle is a program unless it says where it elides
  for (const b of blocks.filter((x) => importsSaddle(x.code))) expect(isProgram(b.code) || elides(b.code), `${b.file} block ${b.i}`).toBe(true);
});

test.each(programs.map((b) => [`${b.file} block ${b.i}`, b] as const))('%s runs', (_name, b) => {
  const code = b.lang === 'ts' ? transformSync(b.code, { loader: 'ts', format: 'esm' }).code : b.code;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', stdio: 'pipe', timeout: 120_000 });
  expect(typeof out).toBe('string');
}, 150_000);
