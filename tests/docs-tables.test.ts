// The generated tables in docs/ (losses, regularizers, optimizers, schedules, schemes, the
// config reference, the CLI's commands and flags) equal what the registries and the config schema give now: `npm run
// build` rewrites them, and this fails when a registry changed without a rebuild.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import * as saddle from '../bindings/index.js';
import { cliReference } from '../bindings/cli/main.js';
// @ts-expect-error: plain ESM shared with scripts/gen-docs.mjs
import { docsSections, readSection } from '../scripts/docs-tables.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const sections = docsSections(saddle, cliReference()) as Array<[string, string, string]>;

test.each(sections.map(([file, id, body]) => [`${file} ${id}`, file, id, body]))('%s is generated from the registries', (_name, file, id, body) => {
  const text = readFileSync(root + file, 'utf8');
  expect(readSection(text, id), `${file}: run npm run build to regenerate section ${id}`).toBe(body);
});

test('every registry name appears in its generated table', () => {
  const families = [saddle.gan.LOSSES, saddle.gan.REGULARIZERS, saddle.gan.SCHEMES, saddle.optim.OPTIMIZERS, saddle.optim.SCHEDULES];
  for (const registry of families) {
    const table = sections.find(([, , body]) => body.startsWith(`| ${registry.family} |`));
    expect(table, registry.family).toBeDefined();
    for (const name of registry.names) expect(table![2]).toContain(`| \`${name}\` |`);
  }
});
