// Debug messages, off unless asked for: SADDLE_DEBUG set (and not '0' or 'false') in the
// environment under Node, or `globalThis.SADDLE_DEBUG = true` (browsers, or at run time).

const warned = new Set<string>();

/** Whether saddle's debug messages are on. */
export function debugEnabled(): boolean {
  const flag = (globalThis as { SADDLE_DEBUG?: unknown }).SADDLE_DEBUG;
  if (flag !== undefined) return flag !== false && flag !== 0 && flag !== '0' && flag !== 'false';
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SADDLE_DEBUG;
  return env !== undefined && env !== '' && env !== '0' && env !== 'false';
}

/** console.warn(message) the first time `key` is warned about, when debugging is on. */
export function debugWarnOnce(key: string, message: string): void {
  if (warned.has(key) || !debugEnabled()) return;
  warned.add(key);
  console.warn(message);
}
