// docs/kernels.md carries a table generated from the kernel table (name, shapes, in place,
// tolerance). This test fails when they drift; `UPDATE_DOCS=1 npx vitest run tests/docs.test.ts`
// rewrites the generated section.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { KERNEL_TABLE } from './kernels/table.js';

const file = new URL('../docs/kernels.md', import.meta.url);
const START = '<!-- kernel-table:start (generated from tests/kernels/table.ts; do not edit) -->';
const END = '<!-- kernel-table:end -->';

function renderTable(): string {
  const lines = ['| kernel | shapes tested | in place | tolerance |', '|---|---|---|---|'];
  for (const row of KERNEL_TABLE) {
    const shapes = row.shapes.length > 6
      ? `${row.shapes.length} shapes, ${row.shapes.slice(0, 4).map((s) => s.join('×')).join(', ')}, …`
      : row.shapes.map((s) => s.join('×')).join(', ');
    lines.push(`| \`${row.name}\` | ${shapes} | ${row.inPlace ? 'yes' : ''} | ${row.tolerance.replaceAll('|', '\\|')} |`);
  }
  return lines.join('\n');
}

test('docs/kernels.md lists every kernel of the table with its tolerance', () => {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START), end = text.indexOf(END);
  expect(start, 'docs/kernels.md has the generated-section markers').toBeGreaterThanOrEqual(0);
  const generated = `${START}\n${renderTable()}\n${END}`;
  const current = text.slice(start, end + END.length);
  if (process.env.UPDATE_DOCS && current !== generated) {
    writeFileSync(file, text.slice(0, start) + generated + text.slice(end + END.length));
    return;
  }
  expect(current).toBe(generated);
});

test('docs/api.md lists every export of the package as the code has it', async () => {
  // @ts-expect-error: a plain ESM script
  const { apiMarkdown } = await import('../scripts/gen-api-docs.mjs');
  const api = new URL('../docs/api.md', import.meta.url);
  const generated: string = apiMarkdown();
  if (process.env.UPDATE_DOCS && readFileSync(api, 'utf8') !== generated) writeFileSync(api, generated);
  expect(readFileSync(api, 'utf8'), 'docs/api.md is out of date: node scripts/gen-api-docs.mjs').toBe(generated);
  expect(generated).toMatch(/\| `gan\.GanTrainer` \| class \|/);
}, 60_000);
