#!/usr/bin/env node
// After rollup (`npm run build`): writes dist/config.schema.json (the JSON Schema of a
// `saddle train` config file, shipped as saddle/config.schema.json) and rebuilds the
// generated tables in docs/ from the built package's registries and the built CLI's
// command declarations.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as saddle from '../dist/index.js';
import { docsSections, replaceSection } from './docs-tables.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const document = saddle.gan.jsonSchemaDocument(saddle.gan.RUN_FILE_SCHEMA, 'saddle/config.schema.json');
writeFileSync(root + 'dist/config.schema.json', JSON.stringify(document, null, 2) + '\n');
const files = new Map();
const cliReference = execFileSync(process.execPath, [root + 'dist/cli.js', 'help', '--markdown'], { encoding: 'utf8' }).trimEnd();
for (const [file, id, body] of docsSections(saddle, cliReference)) {
  const text = files.get(file) ?? readFileSync(root + file, 'utf8');
  files.set(file, replaceSection(text, id, body, file));
}
for (const [file, text] of files) if (readFileSync(root + file, 'utf8') !== text) writeFileSync(root + file, text);
