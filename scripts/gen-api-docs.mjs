#!/usr/bin/env node
// docs/api.md from the code: every export of the package (bindings/index.ts and the
// saddle/node entry bindings/node.ts, namespaces
// included) with its kind, its call signature and the first sentence of its doc comment,
// read with the TypeScript compiler. `node scripts/gen-api-docs.mjs` rewrites the file;
// tests/docs.test.ts fails when it is out of date.
import ts from 'typescript';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function firstSentence(text) {
  const paragraph = text.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  const match = paragraph.match(/^(.+?[.!?])(\s|$)/);
  return (match ? match[1] : paragraph).replace(/\|/g, '\\|');
}

function kindOf(symbol) {
  const f = symbol.flags, F = ts.SymbolFlags;
  if (f & F.Class) return 'class';
  if (f & F.Function) return 'function';
  if (f & F.Interface) return 'interface';
  if (f & F.TypeAlias) return 'type';
  if (f & F.Enum) return 'enum';
  if (f & F.Variable) return 'const';
  if (f & (F.ValueModule | F.NamespaceModule)) return 'namespace';
  return 'other';
}

/** The markdown of docs/api.md. */
export function apiMarkdown() {
  const entries = [['saddle', 'bindings/index.ts'], ['saddle/node', 'bindings/node.ts']];
  const program = ts.createProgram(entries.map(([, file]) => `${root}${file}`), {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, skipLibCheck: true, types: [],
  });
  const checker = program.getTypeChecker();
  const resolve = (s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const sections = [];
  const walk = (moduleSymbol, prefix) => {
    const rows = [], namespaces = [];
    const exports = checker.getExportsOfModule(moduleSymbol).slice().sort((a, b) => a.name.localeCompare(b.name));
    for (const exported of exports) {
      const symbol = resolve(exported);
      const kind = kindOf(symbol);
      if (kind === 'namespace') { namespaces.push([exported.name, symbol]); continue; }
      const doc = firstSentence(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
      let signature = '';
      if (kind === 'function') {
        const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
        const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
        const sigs = type.getCallSignatures();
        signature = sigs.length ? `\`${exported.name}${checker.signatureToString(sigs[sigs.length - 1], undefined, ts.TypeFormatFlags.NoTruncation).replace(/\s+/g, ' ')}\`` : '';
        if (sigs.length > 1) signature += ` (+${sigs.length - 1} overloads)`;
      }
      rows.push(`| \`${prefix}${exported.name}\` | ${kind} | ${[doc, signature].filter(Boolean).join('<br>')} |`);
    }
    sections.push([prefix ? prefix.slice(0, -1) : entry === 'saddle' ? '(top level)' : entry, rows]);
    for (const [name, symbol] of namespaces) walk(symbol, `${prefix}${name}.`);
  };
  let entry = '';
  for (const [name, file] of entries) {
    entry = name;
    walk(checker.getSymbolAtLocation(program.getSourceFile(`${root}${file}`)), '');
  }
  const lines = [
    '# API reference',
    '',
    'Generated from the code by `scripts/gen-api-docs.mjs` (a test fails when this file is out',
    'of date): every export of the package with its kind, its signature (functions) and the',
    'first sentence of its doc comment; `saddle/node` (Node only) comes last. The doc comments in `bindings/` hold the formulas,',
    'conventions, papers and examples; the family pages in this folder explain the math.',
    '',
  ];
  for (const [title, rows] of sections) {
    if (rows.length === 0) continue;
    lines.push(`## ${title}`, '', '| name | kind | description |', '|---|---|---|', ...rows, '');
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(`${root}docs/api.md`, apiMarkdown());
  console.log('docs/api.md written');
}
