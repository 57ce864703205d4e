import type { Node } from './node.js';

/** The ancestors of `outputs` (inclusive), each after all of its inputs. */
export function topoOrder(outputs: readonly Node[]): Node[] {
  const order: Node[] = [];
  const state = new Map<Node, 1 | 2>(); // 1: on the stack, 2: emitted
  for (const root of outputs) {
    if (state.has(root)) continue;
    const stack: Array<[Node, number]> = [[root, 0]];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next < node.inputs.length) {
        top[1]++;
        const input = node.inputs[next];
        if (!state.has(input)) { state.set(input, 1); stack.push([input, 0]); }
      } else {
        stack.pop();
        state.set(node, 2);
        order.push(node);
      }
    }
  }
  return order;
}
