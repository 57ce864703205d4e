// README's and docs/getting-started.md's JavaScript examples run as written (importing the
// built package by name).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const jsBlocks = (file: string) => [...readFileSync(`${root}${file}`, 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const blocks = jsBlocks('README.md');
const guide = jsBlocks('docs/getting-started.md');

test('README has JavaScript examples', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(2);
});

test.each([...blocks.map((code, i) => [`README example ${i}`, code] as const), ...guide.map((code, i) => [`getting-started example ${i}`, code] as const)])('%s runs', (_name, code) => {
  // the examples end with dispose(); report live bytes so a leak in an example fails here
  const script = `${code}\nconsole.log('LIVE=' + sd.liveBytes());`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(out).toMatch(/LIVE=0\s*$/);
  // a console.log line's trailing comment is what it prints
  const expected = [...code.matchAll(/^.*console\.log\(.*\/\/\s*(.+?)\s*$/gm)].map((m) => m[1]);
  const printed = out.trim().split('\n').filter((line) => !line.startsWith('LIVE='));
  const numbers = (text: string) => (text.replace(/\w*Array\(\d+\)/g, '').match(/-?\d+(\.\d+)?(e[-+]?\d+)?/gi) ?? []).map(Number);
  const same = (line: string, want: string) => {
    if (!want.startsWith('≈')) return line === want;
    const [got, ref] = [numbers(line), numbers(want)];
    return got.length === ref.length && got.every((g, i) => Math.abs(g - ref[i]) <= 1e-4 * Math.max(1, Math.abs(ref[i])));
  };
  if ((code.match(/console\.log\(/g) ?? []).length === expected.length) {
    expect(printed.length, out).toBe(expected.length);
    expected.forEach((want, i) => expect(same(printed[i], want), `printed ${printed[i]}, README says ${want}`).toBe(true));
  } else {
    for (const want of expected) expect(printed.some((line) => same(line, want)), `README says ${want}; printed ${printed.join(' | ')}`).toBe(true);
  }
});

test('README links resolve where npm shows it: absolute links, repository links naming files that exist', () => {
  const links = [...readFileSync(`${root}README.md`, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(10);
  expect(links.filter((l) => !/^(https?:|#)/.test(l))).toEqual([]);
  const repo = 'https://github.com/saddle-js/saddle/blob/main/';
  for (const l of links.filter((x) => x.startsWith(repo))) expect(existsSync(root + l.slice(repo.length).split('#')[0]), l).toBe(true);
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  expect(pkg.repository.url).toBe('git+https://github.com/saddle-js/saddle.git');
});
