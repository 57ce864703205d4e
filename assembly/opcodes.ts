// Operation numbers: the single source. scripts/gen-opcodes.mjs mirrors every
// `export const NAME: i32 = N;` line into bindings/wasm/opcodes.ts (a test checks they agree).

// ---- unary elementwise ops: y = f(x) (kernels/elementwise.ts) ----
export const UNARY_COPY: i32 = 0;
export const UNARY_NEG: i32 = 1;
export const UNARY_ABS: i32 = 2;
export const UNARY_SQUARE: i32 = 3;
export const UNARY_SQRT: i32 = 4;
export const UNARY_EXP: i32 = 5;
export const UNARY_LOG: i32 = 6;
export const UNARY_RELU: i32 = 7;
export const UNARY_LEAKY_RELU: i32 = 8;
export const UNARY_TANH: i32 = 9;
export const UNARY_SIGMOID: i32 = 10;
export const UNARY_SOFTPLUS: i32 = 11;
export const UNARY_LOG_SIGMOID: i32 = 12;
export const UNARY_EXPM1: i32 = 13;
export const UNARY_LOG1P: i32 = 14;
export const UNARY_RECIPROCAL: i32 = 15;
export const UNARY_SIGN: i32 = 16;
export const UNARY_STEP: i32 = 17;
export const UNARY_POW: i32 = 18;
export const UNARY_SILU: i32 = 19;

// ---- binary elementwise ops: z = f(a, b) (kernels/elementwise.ts) ----
export const BINARY_ADD: i32 = 0;
export const BINARY_SUB: i32 = 1;
export const BINARY_MUL: i32 = 2;
export const BINARY_DIV: i32 = 3;
export const BINARY_MAX: i32 = 4;
export const BINARY_MIN: i32 = 5;
export const BINARY_GT: i32 = 6;
export const BINARY_GE: i32 = 7;
export const BINARY_EQ: i32 = 8;

// ---- how a binary operand is laid out over a rows×cols output ----
export const BCAST_FULL: i32 = 0;
export const BCAST_ROW: i32 = 1;
export const BCAST_COL: i32 = 2;
export const BCAST_SCALAR: i32 = 3;

// ---- reductions: which reduction, over which axis (kernels/reduce.ts) ----
// REDUCE_MEAN is the sum divided by the count (NaN for an empty set); REDUCE_MAX is -Inf
// for an empty set; REDUCE_SUMSQ is Σ x². AXIS_ROWS gives one value per row (reduces
// along a row), AXIS_COLS one per column, AXIS_ALL one value.
export const REDUCE_SUM: i32 = 0;
export const REDUCE_MEAN: i32 = 1;
export const REDUCE_MAX: i32 = 2;
export const REDUCE_SUMSQ: i32 = 3;
export const AXIS_ROWS: i32 = 0;
export const AXIS_COLS: i32 = 1;
export const AXIS_ALL: i32 = 2;

// ---- executor instructions (exec.ts): an instruction is its opcode followed by a fixed
// number of i32 operands (f32 operands stored as their bits). Counts in EXEC_ARGS below.
export const EXEC_END: i32 = 0;
export const EXEC_GEMM: i32 = 1;
export const EXEC_UNARY: i32 = 2;
export const EXEC_BINARY: i32 = 3;
export const EXEC_REDUCE: i32 = 4;
export const EXEC_COPY: i32 = 5;
export const EXEC_FILL: i32 = 6;
export const EXEC_RNG_NORMAL: i32 = 7;
export const EXEC_RNG_UNIFORM: i32 = 8;
export const EXEC_LOG: i32 = 9;
export const EXEC_REPEAT: i32 = 10;
export const EXEC_AXPBY: i32 = 11;
export const EXEC_TRANSPOSE: i32 = 12;
export const EXEC_COPY2D: i32 = 13;
export const EXEC_SELECT: i32 = 14;
export const EXEC_GATHER_ROWS: i32 = 15;
export const EXEC_SCATTER_ADD_ROWS: i32 = 16;
export const EXEC_RNG_INDICES: i32 = 17;

// ---- minimax executor instructions (exec.ts; range 40..44) ----
// EXEC_ANDERSON [x, tx, state, out, n, p, lambda f32, beta f32, restart, growth f32]:
// one Anderson type-II step (kernels/anderson.ts): out = [x_{k+1} (n) | new state].
export const EXEC_ANDERSON: i32 = 40;

// ---- Anderson restart policies (kernels/anderson.ts) ----
export const ANDERSON_RESTART_NONE: i32 = 0;
export const ANDERSON_RESTART_WINDOW: i32 = 1;
export const ANDERSON_RESTART_RESIDUAL: i32 = 2;
// EXEC_SINKHORN [kind, debiased, x, y, n, m, d, maxIter, eps lo, eps hi, tol lo, tol hi,
// scaling lo, scaling hi, rho lo, rho hi, out]: f64 operands as two words (low word first);
// see sinkhorn_loss_f32 in solvers/sinkhorn.ts for the layout of out.
export const EXEC_SINKHORN: i32 = 30;
