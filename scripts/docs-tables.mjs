// Which generated table goes where: docs/*.md sections rebuilt from the registries and the
// config schema, between `<!-- generated:ID:start ... -->` and `<!-- generated:ID:end -->`.
// Used by scripts/gen-docs.mjs (on the built package, during `npm run build`) and by
// tests/docs-tables.test.ts (on the sources), so prose and registries cannot drift. The CLI's
// reference comes from its command declarations (`saddle help --markdown`, cliReference()).

/**
 * [file, id, markdown] for every generated section, from a saddle module (dist or bindings)
 * and the CLI's reference (the output of `saddle help --markdown`).
 */
export function docsSections(saddle, cliReference) {
  const { schema, gan, optim } = saddle;
  return [
    ['README.md', 'families', families(saddle)],
    ['docs/datasets.md', 'dataset-table', schema.registryTable(gan.DATASET_PRESETS)],
    ['docs/losses.md', 'loss-table', schema.registryTable(gan.LOSSES)],
    ['docs/regularizers.md', 'regularizer-table', schema.registryTable(gan.REGULARIZERS)],
    ['docs/optimizers.md', 'optimizer-table', schema.registryTable(optim.OPTIMIZERS)],
    ['docs/optimizers.md', 'schedule-table', schema.registryTable(optim.SCHEDULES)],
    ['docs/trainer.md', 'scheme-table', schema.registryTable(gan.SCHEMES)],
    ['docs/trainer.md', 'compatibility', compatibility(gan)],
    ['docs/minimax.md', 'game-table', schema.registryTable(saddle.minimax.GAMES)],
    ['docs/minimax.md', 'stepper-table', schema.registryTable(saddle.minimax.STEPPERS)],
    ['docs/metrics.md', 'metric-table', schema.registryTable(saddle.metrics.METRICS)],
    ['docs/config.md', 'trainer-config', schema.configReference(gan.TRAINER_CONFIG_SCHEMA, ['$schema'])],
    ['docs/config.md', 'run-file', schema.configReference(runFileOwnFields(gan))],
    ['docs/config.md', 'activation-table', schema.registryTable(saddle.nn.ACTIVATIONS)],
    ['docs/config.md', 'initializer-table', schema.registryTable(saddle.nn.INITIALIZERS)],
    ['docs/cli.md', 'cli-commands', cliReference],
  ];
}

const markers = (id) => [`<!-- generated:${id}:start (from the registries by npm run build; do not edit) -->`, `<!-- generated:${id}:end -->`];

/** `text` with section `id` replaced by `body`; throws when the markers are missing. */
export function replaceSection(text, id, body, file) {
  const [start, end] = markers(id);
  const i = text.indexOf(start), j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file}: no ${start} … ${end} markers`);
  return text.slice(0, i + start.length) + '\n' + body + '\n' + text.slice(j);
}

/** The section `id` of `text` as it stands. */
export function readSection(text, id) {
  const [start, end] = markers(id);
  const i = text.indexOf(start), j = text.indexOf(end);
  return i < 0 || j < i ? null : text.slice(i + start.length + 1, j - 1);
}

/** The run file's own fields (the rest are TrainerConfig's, listed above them). */
function runFileOwnFields(gan) {
  const { preset, iterations, seed } = gan.RUN_FILE_SCHEMA.properties;
  return { type: 'object', properties: { preset, iterations, seed }, required: [] };
}

/** The pairs of trainer options (gan.configFragments) that checkConfig refuses, and why. */
function compatibility(gan) {
  const pairs = gan.fragmentPairs();
  const refused = pairs.filter((p) => p.refusal);
  const cell = (text) => text.replace(/\|/g, '\\|');
  return [
    `${gan.configFragments().length} options, ${pairs.length} pairs of them that set different fields: ${pairs.length - refused.length} train (tests/gan/combinations.test.ts trains each on a tiny GAN and round-trips its checkpoint), ${refused.length} are refused:`,
    '',
    '| option | with | refused: |',
    '|---|---|---|',
    ...refused.map(({ a, b, refusal }) => `| \`${cell(a.label)}\` | \`${cell(b.label)}\` | ${cell(refusal.message.replace(/^GanTrainer: /, ''))} |`),
  ].join('\n');
}

/** README's list of what the trainer and the lab offer, one line per registry. */
function families({ gan, optim, nn, metrics, minimax }) {
  const list = (registry) => registry.names.map((n) => `\`${n}\``).join(', ');
  return [
    `- **Losses** ([docs/losses.md](https://github.com/saddle-js/saddle/blob/main/docs/losses.md)): ${list(gan.LOSSES)}; one-sided label smoothing for the log-losses.`,
    `- **Regularizers** ([docs/regularizers.md](https://github.com/saddle-js/saddle/blob/main/docs/regularizers.md)): ${list(gan.REGULARIZERS)}; spectral norm and minibatch-std on the networks.`,
    `- **Schemes** ([docs/trainer.md](https://github.com/saddle-js/saddle/blob/main/docs/trainer.md)): ${list(gan.SCHEMES)}, or any **stepper** ([docs/minimax.md](https://github.com/saddle-js/saddle/blob/main/docs/minimax.md)): ${list(minimax.STEPPERS)}; with unrolling, TTUR, EMA and PacGAN packing.`,
    `- **Optimizers** ([docs/optimizers.md](https://github.com/saddle-js/saddle/blob/main/docs/optimizers.md)): ${list(optim.OPTIMIZERS)}; **schedules**: ${list(optim.SCHEDULES)}, with warm-up.`,
    `- **Activations**: ${list(nn.ACTIVATIONS)}; **initializers**: ${list(nn.INITIALIZERS)} ([docs/config.md](https://github.com/saddle-js/saddle/blob/main/docs/config.md)).`,
    `- **Dataset presets** with their sources' exact parameters ([docs/datasets.md](https://github.com/saddle-js/saddle/blob/main/docs/datasets.md)): ${list(gan.DATASET_PRESETS)}.`,
    `- **Metrics** ([docs/metrics.md](https://github.com/saddle-js/saddle/blob/main/docs/metrics.md)): ${list(metrics.METRICS)}; **games** ([docs/minimax.md](https://github.com/saddle-js/saddle/blob/main/docs/minimax.md)): ${list(minimax.GAMES)}.`,
  ].join('\n');
}
