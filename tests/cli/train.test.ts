// `saddle train` from the built CLI (needs `npm run build`, which npm test runs first),
// and the mode-coverage measure it reports.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { modeCoverage } from '../../bindings/cli/train.js';
import { gan, nn, optim } from '../../bindings/index.js';
import type { Dataset } from '../../bindings/gan/datasets/index.js';
import { decodePng } from '../helpers/png.js';


test('saddle train writes a report, metrics and the config of the run', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-')), 'run');
  const { status, stdout } = runCli(['train', 'ring-8', '--iterations', '400', '--every', '100', '--out', out, '--seed', '5']);
  expect(status).toBe(0);
  expect(stdout).toMatch(/saddle train: ring-8 \(fjxmlzn\/PacGAN/);
  expect(stdout).toContain(`report: ${join(out, 'report.html')}`);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  expect(metrics.iterations).toBe(400);
  expect(metrics.modes).toBe(8);
  expect(metrics.evaluations.map((e: { iteration: number }) => e.iteration)).toEqual([0, 100, 200, 300, 400]);
  expect(metrics.final.modes).toBeGreaterThanOrEqual(0);
  // distances to held-out data shrink as the generator learns
  const [first, last] = [metrics.evaluations[0], metrics.final];
  expect(last.sinkhorn).toBeLessThan(first.sinkhorn);
  expect(last.mmd2).toBeLessThan(first.mmd2);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  expect(config).toMatchObject({ preset: 'ring-8', iterations: 400, seed: 5, loss: 'nonSaturating' });
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  const links = [...html.matchAll(/<a href="([^"]+\.png)"/g)].map((m) => m[1]);
  expect(links).toEqual(['samples.png', 'discriminator.png', 'losses.png', 'gradients.png', 'learning-rates.png', 'penalties.png', 'metrics.png', 'distances.png']);
  for (const file of links) {
    const { width, height } = decodePng(readFileSync(join(out, file)));
    expect(width % 2, `${file} is drawn at 2x`).toBe(0);
    expect(width).toBeGreaterThan(600);
    expect(height).toBeGreaterThan(400);
  }
  // the summary card, the difference from the default run (seed 5, 400 iterations) and a row per evaluation
  expect(html).toContain('<section class="card" id="summary">');
  expect(html).toMatch(/<td><code>seed<\/code><\/td><td><code>1<\/code><\/td><td><code>5<\/code><\/td>/);
  expect(html).toMatch(/<td><code>iterations<\/code><\/td><td><code>10000<\/code><\/td><td><code>400<\/code><\/td>/);
  const rows = [...html.matchAll(/<table class="evaluations">.*?<tbody>(.*?)<\/tbody>/gs)][0][1].match(/<tr>/g)!;
  expect(rows.length).toBe(metrics.evaluations.length);
  for (const e of metrics.evaluations) expect(html).toContain(`<tr><td>${e.iteration}</td><td>${e.modes}/8</td>`);
  // the smoothing control swaps renderings; the snapshot slider spans the evaluations
  expect(html.match(/<input type="radio" name="losses"/g)!.length).toBe(4);
  expect(html.match(/class="snapshot"/g)!.length).toBe(metrics.evaluations.length);
  expect(html).toContain('<details id="config">');
  expect(existsSync(join(out, 'checkpoint.saddle'))).toBe(true);
});

test('saddle train reads a config file, and rejects bad input with exit code 2 and a missing file with 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const file = join(dir, 'run.json');
  writeFileSync(file, JSON.stringify({ preset: '25gaussians', iterations: 50, loss: 'hinge', batch: 64, generator: { hidden: [16] }, discriminator: { hidden: [16] } }));
  const ok = runCli(['train', file, '--out', join(dir, 'out')]);
  expect(ok.status).toBe(0);
  expect(JSON.parse(readFileSync(join(dir, 'out', 'config.json'), 'utf8'))).toMatchObject({ preset: '25gaussians', loss: 'hinge', batch: 64 });
  expect(existsSync(join(dir, 'out', 'report.html'))).toBe(true);
  const bad = runCli(['train', 'no-such-preset']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/unknown preset 'no-such-preset' \(presets: 8gaussians/);
  expect(runCli(['train', '--iterations', '0']).status).toBe(2);
  const badConfig = runCli(['train', join(dir, 'missing.json')]);
  expect(badConfig.status).toBe(1);
  expect(badConfig.stderr).toBe(`saddle: cannot read config ${join(dir, 'missing.json')}: no such file or folder (ENOENT)\n`);
});

test('saddle train refuses run files that are not objects, malformed, or ask for what it will not do', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const refused = (name: string, text: string, pattern: RegExp) => {
    writeFileSync(join(dir, name), text);
    const r = runCli(['train', join(dir, name), '--out', join(dir, `out-${name}`)]);
    expect(r.status, name).toBe(2);
    expect(r.stderr, name).toMatch(pattern);
    expect(existsSync(join(dir, `out-${name}`)), name).toBe(false); // nothing trained, nothing written
  };
  const at = (name: string) => join(dir, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  refused('array.json', '[1, 2]', new RegExp(`config ${at('array.json')}: must be a JSON object of run fields .*got array\\(2\\)`));
  refused('number.json', '5', new RegExp(`config ${at('number.json')}: must be a JSON object of run fields .*got 5`));
  refused('negative.json', '{ "iterations": -5 }', /argument 'iterations' must be an integer in \[1, 2\^31 - 1\], got -5/);
  refused('fraction.json', '{ "iterations": 2.5 }', /argument 'iterations' must be an integer/);
  // data comes from the preset: a data field is refused, not replaced
  refused('data.json', '{ "preset": "ring-8", "data": { "values": [1, 2], "dim": 2 } }', /argument 'data' must be one of the known fields .*got an unknown field 'data'/);
  refused('truncated.json', '{\n  "preset": "ring-8",\n  "loss": "hin', new RegExp(`${at('truncated.json')}: not valid JSON at line 3, column 15: the file ends in the middle of a value \\(truncated\\?\\)`));
  refused('comma.json', '{ "preset": "ring-8", }', new RegExp(`${at('comma.json')}: not valid JSON at line 1, column 23: unexpected "}"`));
});

test('--out refuses a folder that holds files unless --force, and a file in its place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const out = join(dir, 'run');
  mkdirSync(out);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  const args = ['train', 'ring-8', '--iterations', '20', '--every', '20', '--out', out];
  const refused = runCli(args);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toMatch(new RegExp(`--out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not empty; .*--resume.*--force`));
  expect(readdirSync(out)).toEqual(['notes.txt']);
  expect(runCli(['train', 'ring-8', '--resume', out, '--force']).status).toBe(2); // --force is for new runs only
  const forced = runCli([...args, '--force']);
  expect(forced.status, forced.stderr).toBe(0);
  expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).iterations).toBe(20);
  // an empty folder is fine without --force
  mkdirSync(join(dir, 'empty'));
  expect(runCli(['train', 'ring-8', '--iterations', '20', '--out', join(dir, 'empty')]).status).toBe(0);
  writeFileSync(join(dir, 'file'), '');
  const file = runCli(['train', 'ring-8', '--iterations', '20', '--out', join(dir, 'file')]);
  expect(file.status).toBe(1);
  expect(file.stderr).toMatch(/--out .*file: a file, not a folder/);
});

test('--resume refuses a checkpoint that its config.json did not write, listing what differs', () => {
  const root = mkdtempSync(join(tmpdir(), 'saddle-'));
  const a = join(root, 'a'), b = join(root, 'b');
  for (const [dir, seed] of [[a, '2'], [b, '3']]) expect(runCli(['train', 'grid-25', '--iterations', '40', '--every', '20', '--out', dir, '--seed', seed]).status).toBe(0);
  const resume = (dir: string, ...more: string[]) => runCli(['train', '--resume', dir, ...more]);
  const config = readFileSync(join(b, 'config.json'), 'utf8'), checkpoint = readFileSync(join(b, 'checkpoint.saddle'));
  // another run's checkpoint
  copyFileSync(join(a, 'checkpoint.saddle'), join(b, 'checkpoint.saddle'));
  let r = resume(b, '--iterations', '60');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/checkpoint\.saddle was not written by the run config\.json describes; they differ in/);
  expect(r.stderr).toMatch(/preset: the checkpoint's training data is not that of config\.json's preset 'grid-25' with seed 3/);
  expect(r.stderr).toMatch(/^  seed: 2 in the checkpoint, 3 in config\.json$/m);
  expect(readFileSync(join(b, 'checkpoint.saddle'))).toEqual(readFileSync(join(a, 'checkpoint.saddle'))); // left as it was
  writeFileSync(join(b, 'checkpoint.saddle'), checkpoint);
  // an edited config.json: every changed field is named
  const edited = JSON.parse(config);
  edited.loss = 'hinge';
  edited.optimizer.d.lr = 0.01;
  delete edited.ema;
  edited.preset = 'ring-8';
  writeFileSync(join(b, 'config.json'), JSON.stringify(edited));
  r = resume(b);
  expect(r.status).toBe(1);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('  '));
  expect(lines).toEqual([
    "  preset: the checkpoint's training data is not that of config.json's preset 'ring-8' with seed 3",
    '  loss: "nonSaturating" in the checkpoint, "hinge" in config.json',
    '  optimizer.d.lr: 0.001 in the checkpoint, 0.01 in config.json',
  ]); // ema unset is the default 0.999, the value the checkpoint has
  // config.json is a run file: its schema holds on resume too
  for (const [text, pattern] of [['{ "iterations": -5 }', /argument 'iterations' must be an integer/], ['[]', /must be a JSON object/], ['{ "data": [] }', /unknown field 'data'/],
    ['{ "iterations": 10', /config\.json: not valid JSON at line 1, column 19: the file ends/]] as const) {
    writeFileSync(join(b, 'config.json'), text);
    r = resume(b);
    expect(r.status, text).toBe(2);
    expect(r.stderr, text).toMatch(pattern);
  }
  writeFileSync(join(b, 'config.json'), config);
  r = resume(b, '--iterations', '30');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--iterations 30 is below the 40 iterations the checkpoint .* has already run/);
  // a damaged checkpoint is a runtime error naming what is wrong
  writeFileSync(join(b, 'checkpoint.saddle'), checkpoint.subarray(0, 100));
  r = resume(b);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/\[E_CHECKPOINT\] --resume .*: checkpoint is corrupted or truncated/);
  writeFileSync(join(b, 'checkpoint.saddle'), checkpoint);
  r = resume(b, '--iterations', '60');
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/resumed at iteration 40/);
});

test('saddle train --help lists every name of the registries; run files are checked by their schema', () => {
  const help = runCli(['train', '--help']);
  expect(help.status).toBe(0);
  for (const registry of [gan.LOSSES, gan.REGULARIZERS, gan.SCHEMES, optim.OPTIMIZERS, optim.SCHEDULES, nn.ACTIVATIONS]) {
    for (const name of registry.names) expect(help.stdout, `${registry.family} ${name}`).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  }
  for (const command of ['claims', 'metrics', 'bench', 'info']) {
    const r = runCli([command, '--help']);
    expect(r.status, command).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: saddle ${command}`));
  }
  const bare = runCli([]);
  expect(bare.status).toBe(2);
  expect(bare.stderr).toMatch(/^usage: saddle <command>/);
  expect(runCli(['help', 'trian']).status).toBe(2);
  const dir = mkdtempSync(join(tmpdir(), 'saddle-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ preset: 'ring-8', optimizer: { d: { kind: 'adam', lr: 1e-3, momentum: 0.9 } } }));
  const bad = runCli(['train', file]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/argument 'optimizer\.d\.momentum' must be unset for kind 'adam'/);
  writeFileSync(file, JSON.stringify({ preset: 'ring8' }));
  expect(runCli(['train', file]).stderr).toMatch(/argument 'preset'.*did you mean 'ring-8'/);
  expect(runCli(['train', 'ring8']).stderr).toMatch(/did you mean 'ring-8'/);
});

test('mode coverage counts samples within 3σ of a centre (the VEEGAN/PacGAN protocol)', () => {
  const set = { dim: 2, modes: Float32Array.from([0, 0, 10, 0]), stds: Float64Array.from([1, 1, 0.5, 0.5]) } as unknown as Dataset;
  // 60 at mode 0 (within 3σ), 30 at mode 1 at 2.9σ, 10 far away
  const samples = new Float32Array(200);
  for (let i = 0; i < 60; i++) samples.set([0.5, -0.5], 2 * i);
  for (let i = 60; i < 90; i++) samples.set([10 + 1.45, 0], 2 * i);
  for (let i = 90; i < 100; i++) samples.set([5, 50], 2 * i);
  const p0 = 60 / 90, p1 = 30 / 90;
  const { modes, highQuality, klToUniform } = modeCoverage(samples, set);
  expect([modes, highQuality]).toEqual([2, 0.9]);
  expect(klToUniform).toBeCloseTo(p0 * Math.log(2 * p0) + p1 * Math.log(2 * p1), 12);
  samples.fill(100);
  expect(modeCoverage(samples, set).modes).toBe(0);
  expect(modeCoverage(samples, set).highQuality).toBe(0);
  expect(modeCoverage(samples, set).klToUniform).toBeNaN();
});

test('saddle train --resume continues a run from its checkpoint bit for bit', () => {
  const root = mkdtempSync(join(tmpdir(), 'saddle-'));
  const straight = join(root, 'straight'), split = join(root, 'split');
  expect(runCli(['train', 'grid-25', '--iterations', '300', '--every', '100', '--out', straight, '--seed', '2']).status).toBe(0);
  expect(runCli(['train', 'grid-25', '--iterations', '200', '--every', '100', '--out', split, '--seed', '2']).status).toBe(0);
  const resumed = runCli(['train', '--resume', split, '--iterations', '300', '--every', '100']);
  expect(resumed.status).toBe(0);
  expect(resumed.stdout).toMatch(/resumed at iteration 200/);
  expect(readFileSync(join(split, 'checkpoint.saddle'))).toEqual(readFileSync(join(straight, 'checkpoint.saddle')));
  const metrics = JSON.parse(readFileSync(join(split, 'metrics.json'), 'utf8'));
  expect(metrics.evaluations.map((e: { iteration: number }) => e.iteration)).toEqual([0, 100, 200, 300]);
  const missing = runCli(['train', '--resume', join(root, 'nothing')]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/--resume .*nothing: no such folder/);
  mkdirSync(join(root, 'empty'));
  const empty = runCli(['train', '--resume', join(root, 'empty')]);
  expect(empty.status).toBe(1);
  expect(empty.stderr).toMatch(/no config\.json and checkpoint\.saddle/);
  expect(runCli(['train', '--resume', split, '--seed', '3']).status).toBe(2);
});
