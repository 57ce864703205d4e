// GAN models for the benchmark, built the same way in saddle (one compiled program, a D
// phase and a G phase) and in tfjs written the ordinary way (optimizer.minimize per
// update, tf.grad for R1). The table is the one bench/gan.bench.ts runs.
import { compile, grad, graph as G, optim, type Saddle } from '../bindings/index.js';
import type { Node } from '../bindings/graph/index.js';
import { mulberry32 } from '../tests/helpers/random.js';
import { tf } from './peers/tfjs.js';

export interface GanCase {
  name: string;
  noise: number;
  generator: number[]; // hidden widths
  discriminator: number[];
  dim: number; // data dimension
  batch: number;
  r1?: number; // γ of the R1 penalty (γ/2)·E‖∇ₓD(x)‖² on real data
  dataRows: number;
}

/** The benchmark table: GAN Lab-sized, the same with R1, and an MNIST-sized MLP GAN. */
export const GAN_CASES: GanCase[] = [
  { name: 'small 2-16-16-2 / 2-16-16-1, batch 256', noise: 2, generator: [16, 16], discriminator: [16, 16], dim: 2, batch: 256, dataRows: 4096 },
  { name: 'small + R1 (γ = 10)', noise: 2, generator: [16, 16], discriminator: [16, 16], dim: 2, batch: 256, dataRows: 4096, r1: 10 },
  { name: 'big 64-256³-784 / 784-256³-1, batch 512', noise: 64, generator: [256, 256, 256], discriminator: [256, 256, 256], dim: 784, batch: 512, dataRows: 2048 },
];

const LR = 2e-4;

export function ganDataset(c: GanCase): Float32Array {
  const next = mulberry32(17);
  const out = new Float32Array(c.dataRows * c.dim);
  if (c.dim === 2) {
    // 8 Gaussians on a ring of radius 2, σ = 0.02
    for (let i = 0; i < c.dataRows; i++) {
      const k = i % 8, r = Math.sqrt(-2 * Math.log(1 - next())), t = 2 * Math.PI * next();
      out[2 * i] = 2 * Math.cos((k * Math.PI) / 4) + 0.02 * r * Math.cos(t);
      out[2 * i + 1] = 2 * Math.sin((k * Math.PI) / 4) + 0.02 * r * Math.sin(t);
    }
  } else {
    for (let i = 0; i < out.length; i++) out[i] = next();
  }
  return out;
}

/** Layer sizes of an MLP from input width through hidden widths to output width. */
const sizes = (input: number, hidden: number[], output: number) => [input, ...hidden, output];

// ---- saddle ----

function saddleMlp(g: G.Graph, widths: number[]) {
  const params: Node[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    params.push(G.param(g, [widths[l], widths[l + 1]], { kind: 'he' }), G.param(g, [1, widths[l + 1]]));
  }
  const apply = (x: Node): Node => {
    let h = x;
    for (let l = 0; l < params.length; l += 2) {
      h = G.add(G.matmul(h, params[l]), params[l + 1]);
      if (l + 2 < params.length) h = G.relu(h);
    }
    return h;
  };
  return { params, apply };
}

const adamPhase = (loss: Node, params: Node[], log: string) => optim.minimize(loss, params, optim.adam(LR, { b1: 0.5, b2: 0.999 }), { log });

export function buildSaddleGan(sd: Saddle, c: GanCase) {
  const g = new G.Graph();
  const data = G.input(g, [c.dataRows, c.dim]);
  const gen = saddleMlp(g, sizes(c.noise, c.generator, c.dim));
  const disc = saddleMlp(g, sizes(c.dim, c.discriminator, 1));
  // discriminator update
  const real = G.sampleRows(data, c.batch, 1);
  const dReal = disc.apply(real);
  const dFake = disc.apply(gen.apply(G.randomNormal(g, [c.batch, c.noise], 2)));
  let dLoss = G.add(G.mean(G.softplus(G.neg(dReal))), G.mean(G.softplus(dFake)));
  if (c.r1) {
    const [dx] = grad(G.sum(dReal), [real]);
    dLoss = G.add(dLoss, G.mul(G.mean(G.sum(G.square(dx), 1)), c.r1 / 2));
  }
  // generator update (fresh noise)
  const gLoss = G.mean(G.softplus(G.neg(disc.apply(gen.apply(G.randomNormal(g, [c.batch, c.noise], 3))))));
  const program = compile(sd, { seed: 1, phases: [adamPhase(dLoss, disc.params, 'dLoss'), adamPhase(gLoss, gen.params, 'gLoss')] });
  program.write(data, ganDataset(c));
  return program;
}

// ---- tfjs, the ordinary way ----

function tfMlp(widths: number[]) {
  const vars: Array<ReturnType<typeof tf.variable>> = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    vars.push(tf.variable(tf.randomNormal([widths[l], widths[l + 1]], 0, Math.sqrt(2 / widths[l]))), tf.variable(tf.zeros([1, widths[l + 1]])));
  }
  const apply = (x: ReturnType<typeof tf.tensor2d>) => {
    let h = x;
    for (let l = 0; l < vars.length; l += 2) {
      h = tf.add(tf.matMul(h, vars[l] as never), vars[l + 1]);
      if (l + 2 < vars.length) h = tf.relu(h);
    }
    return h;
  };
  return { vars, apply };
}

export function buildTfGan(c: GanCase): { step: () => void; dispose: () => void } {
  const data = tf.tensor2d(ganDataset(c), [c.dataRows, c.dim]);
  const gen = tfMlp(sizes(c.noise, c.generator, c.dim));
  const disc = tfMlp(sizes(c.dim, c.discriminator, 1));
  const dOpt = tf.train.adam(LR, 0.5, 0.999), gOpt = tf.train.adam(LR, 0.5, 0.999);
  const step = () => tf.tidy(() => {
    const real = tf.gather(data, tf.randomUniform([c.batch], 0, c.dataRows, 'int32'));
    const z1 = tf.randomNormal([c.batch, c.noise]);
    dOpt.minimize(() => {
      const dReal = disc.apply(real as never);
      let loss = tf.add(tf.mean(tf.softplus(tf.neg(dReal))), tf.mean(tf.softplus(disc.apply(gen.apply(z1 as never) as never))));
      if (c.r1) {
        const dx = tf.grad((x) => tf.sum(disc.apply(x as never)))(real);
        loss = tf.add(loss, tf.mul(tf.mean(tf.sum(tf.square(dx), 1)), c.r1 / 2));
      }
      return loss as never;
    }, false, disc.vars as never);
    const z2 = tf.randomNormal([c.batch, c.noise]);
    gOpt.minimize(() => tf.mean(tf.softplus(tf.neg(disc.apply(gen.apply(z2 as never) as never)))) as never, false, gen.vars as never);
  });
  return {
    step,
    dispose: () => { data.dispose(); [...gen.vars, ...disc.vars].forEach((v) => v.dispose()); dOpt.dispose(); gOpt.dispose(); },
  };
}

