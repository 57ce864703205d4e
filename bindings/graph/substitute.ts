// Rebuilding part of a graph with some nodes replaced: the model evaluated at other
// weights (EMA weights for sampling, extrapolated weights for extragradient, unrolled
// discriminator steps). Nodes that do not depend on a replaced node are shared, not copied.

import { SaddleArgumentError } from '../errors.js';
import type { Node } from './node.js';
import { apply } from './op.js';
import { topoOrder } from './topo.js';

/**
 * `outputs` with every node in `replacements` swapped for its replacement (same shape and
 * dtype, same graph); each node depending on a replaced one is rebuilt with the same op
 * and attributes. Random nodes are leaves and are kept (the same draw per phase run).
 */
export function substitute(outputs: readonly Node[], replacements: ReadonlyMap<Node, Node>): Node[] {
  for (const [from, to] of replacements) {
    if (from.shape[0] !== to.shape[0] || from.shape[1] !== to.shape[1] || from.dtype !== to.dtype) {
      throw new SaddleArgumentError('substitute', 'replacements', `a replacement of ${from}'s shape and dtype`, `${to}`);
    }
    if (from.graph !== to.graph) throw new SaddleArgumentError('substitute', 'replacements', 'nodes of one graph', `${to} from another graph`);
  }
  const mapped = new Map<Node, Node>();
  for (const node of topoOrder(outputs)) {
    const replacement = replacements.get(node);
    if (replacement) { mapped.set(node, replacement); continue; }
    const inputs = node.inputs.map((x) => mapped.get(x) ?? x);
    const changed = inputs.some((x, i) => x !== node.inputs[i]);
    if (!changed) continue;
    const rebuilt = apply(node.op, inputs, node.attrs as Record<string, unknown>, node.graph);
    rebuilt.name = node.name;
    mapped.set(node, rebuilt);
  }
  return outputs.map((y) => mapped.get(y) ?? y);
}
