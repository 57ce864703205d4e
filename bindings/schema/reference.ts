// Text for people from schemas and registries: one-line option summaries, markdown tables
// of a registry, and the reference of every config path. docs/*.md tables, `saddle train
// --help` and the playground's tooltips use these.

import type { TSchema } from '@sinclair/typebox';
import { describeSchema } from './validate.js';

type Schema = TSchema & Record<string, unknown>;

interface EntryLike { summary: string; reference: string; options: TSchema }
interface RegistryLike { family: string; names: readonly string[]; entries: { readonly [name: string]: EntryLike } }

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** "b1 = 0.5 (a number in [0, 1)), scope = 'global' (one of 'global', 'layer')"; '' when none. */
export function optionSummary(schema: TSchema): string {
  const s = schema as Schema;
  if (s.type !== 'object') {
    const d = s.default !== undefined ? ` = ${JSON.stringify(s.default)}` : '';
    return `${describeSchema(schema)}${d}`;
  }
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = (s.required ?? []) as string[];
  return Object.entries(props).map(([key, p]) => {
    const d = p.default !== undefined ? ` = ${typeof p.default === 'string' ? `'${p.default}'` : JSON.stringify(p.default)}` : required.includes(key) ? '' : ' (optional)';
    return `${key}${d}: ${describeSchema(p)}`;
  }).join('; ');
}

/** A markdown table of a registry: name, what it is, options, reference. */
export function registryTable(registry: RegistryLike): string {
  const rows = registry.names.map((name) => {
    const e = registry.entries[name];
    return `| \`${name}\` | ${cell(e.summary)} | ${cell(optionSummary(e.options)) || '—'} | ${cell(e.reference)} |`;
  });
  return [`| ${registry.family} | what | options | reference |`, '|---|---|---|---|', ...rows].join('\n');
}

/** Every leaf path of a config schema with what it allows, its default and description. */
export function configReference(schema: TSchema, skip: readonly string[] = []): string {
  const rows: string[] = [];
  const walk = (path: string, s: Schema, required: boolean) => {
    if (skip.includes(path)) return;
    const props = s.type === 'object' && s.properties ? (s.properties as Record<string, Schema>) : null;
    if (props && Object.keys(props).length) {
      const req = (s.required ?? []) as string[];
      for (const [key, p] of Object.entries(props)) walk(path ? `${path}.${key}` : key, p, req.includes(key));
      return;
    }
    const d = s.default !== undefined ? `\`${JSON.stringify(s.default)}\`` : required ? 'required' : '—';
    rows.push(`| \`${path}\` | ${cell(describeSchema(s))} | ${d} | ${cell((s.description as string | undefined) ?? '')} |`);
  };
  walk('', schema as Schema, true);
  return ['| path | allowed | default | what |', '|---|---|---|---|', ...rows].join('\n');
}
