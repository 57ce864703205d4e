// Central finite differences of a scalar graph node through the f64 reference evaluation.
import * as G from '../../bindings/graph/index.js';
import type { Node } from '../../bindings/graph/index.js';

/**
 * ∂y/∂x by central differences for each x in xs, perturbing the arrays in `leaves` in
 * place (and restoring them). `y` must be a scalar node.
 */
export function finiteDifferenceGrad(y: Node, xs: readonly Node[], leaves: Map<Node, Float64Array>, h = 1e-6): Float64Array[] {
  const f = () => G.evaluate([y], leaves)[0][0];
  return xs.map((x) => {
    const v = leaves.get(x);
    if (!v) throw new Error(`finiteDifferenceGrad: no leaf values for ${x}`);
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x0 = v[i];
      v[i] = x0 + h; const up = f();
      v[i] = x0 - h; const down = f();
      v[i] = x0;
      out[i] = (up - down) / (2 * h);
    }
    return out;
  });
}
