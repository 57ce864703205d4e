// Runs the ```js examples of a doc page in this process, as written: `import { … } from
// 'saddle'` is bound to the TypeScript bindings, `console.log(expr); // text` lines are
// checked against their comment, and the example's instance `sd` reports its live bytes.
import { readFileSync } from 'node:fs';
import * as saddle from '../../bindings/index.js';

export interface DocExampleRun { printed: string[]; expected: string[]; liveBytes: number }

/** The ```js blocks of a doc under docs/. */
export function docExamples(page: string): string[] {
  const text = readFileSync(new URL(`../../docs/${page}`, import.meta.url), 'utf8');
  return [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
}

export async function runDocExample(code: string): Promise<DocExampleRun> {
  const printed: string[] = [];
  const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1].trim());
  const body = code.replace(/import \{([^}]*)\} from 'saddle';/g, (_m, names: string) => `const {${names.replace(/\bas\b/g, ':')}} = saddle;`);
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<number>;
  const run = new AsyncFunction('saddle', 'console', `${body}\nreturn sd.liveBytes();`);
  const liveBytes = await run(saddle, { log: (...args: unknown[]) => printed.push(args.map(String).join(' ')) });
  return { printed, expected, liveBytes };
}
