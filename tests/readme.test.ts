// README's and docs/getting-started.md's JavaScript examples run as written (importing the
// built package by name).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
});
