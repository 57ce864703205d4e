// Debug messages: off by default; on with SADDLE_DEBUG (environment or global); each key once.
import { afterEach, expect, test, vi } from 'vitest';
import { debugEnabled, debugWarnOnce } from '../../bindings/wasm/debug.js';

const flags = globalThis as { SADDLE_DEBUG?: unknown };
const env = process.env.SADDLE_DEBUG;

afterEach(() => {
  delete flags.SADDLE_DEBUG;
  if (env === undefined) delete process.env.SADDLE_DEBUG; else process.env.SADDLE_DEBUG = env;
  vi.restoreAllMocks();
});

test('SADDLE_DEBUG in the environment or on globalThis turns debug messages on; the global wins', () => {
  delete process.env.SADDLE_DEBUG;
  expect(debugEnabled()).toBe(false);
  for (const [value, on] of [['1', true], ['yes', true], ['0', false], ['false', false], ['', false]] as const) {
    process.env.SADDLE_DEBUG = value;
    expect(debugEnabled(), `env ${JSON.stringify(value)}`).toBe(on);
  }
  process.env.SADDLE_DEBUG = '1';
  flags.SADDLE_DEBUG = false;
  expect(debugEnabled()).toBe(false);
  delete process.env.SADDLE_DEBUG;
  flags.SADDLE_DEBUG = true;
  expect(debugEnabled()).toBe(true);
});

test('debugWarnOnce warns once per key, and not at all while debugging is off', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  delete process.env.SADDLE_DEBUG;
  debugWarnOnce('quiet', 'not shown');
  expect(warn).not.toHaveBeenCalled();
  flags.SADDLE_DEBUG = true;
  debugWarnOnce('quiet', 'shown now');
  debugWarnOnce('quiet', 'not again');
  debugWarnOnce('other', 'another key');
  expect(warn.mock.calls.map((c) => c[0])).toEqual(['shown now', 'another key']);
});
