// results.jsonl: appended and flushed a line per run, the last line per id wins, a torn
// last line is dropped, and a second result for a run already done is not written.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readResults, ResultsFile, type RunResult } from '../../bindings/sweep/results.js';

const result = (id: string, status: RunResult['status'] = 'done'): RunResult => ({ id, index: 0, params: {}, status, attempts: 1 });

test('writes once per done id, keeps failed ones for a retry, and reads back what it wrote', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'saddle-results-')), 'results.jsonl');
  const file = new ResultsFile(path, readResults(path));
  expect(file.write(result('a', 'failed'))).toBe(true);
  expect(file.write(result('a'))).toBe(true);
  expect(file.write(result('a'))).toBe(false);
  expect(file.write(result('b'))).toBe(true);
  file.close();
  expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
  const back = readResults(path);
  expect([...back.keys()]).toEqual(['a', 'b']);
  expect(back.get('a')!.status).toBe('done');
  const again = new ResultsFile(path, back);
  expect(again.write(result('b'))).toBe(false);
  again.close();
});

test('a torn last line (a process killed mid-write) is dropped and the next record starts on its own line', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'saddle-results-')), 'results.jsonl');
  writeFileSync(path, JSON.stringify(result('a')) + '\n' + '{"id":"b","ind');
  expect([...readResults(path).keys()]).toEqual(['a']);
  const file = new ResultsFile(path, readResults(path));
  file.write(result('c'));
  file.close();
  expect([...readResults(path).keys()]).toEqual(['a', 'c']);
});

test('a bad line in the middle is an error naming the line', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'saddle-results-')), 'results.jsonl');
  writeFileSync(path, 'not json\n');
  appendFileSync(path, JSON.stringify(result('a')) + '\n');
  expect(() => readResults(path)).toThrow(/results\.jsonl:1: not a JSON line/);
  writeFileSync(path, '{"status":"done"}\n{"id":"x"}\n');
  expect(() => readResults(path)).toThrow(/:1: a result without an id/);
});
