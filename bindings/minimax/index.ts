// The minimax lab: games, steppers on any game, dynamics analysis and the literature's
// claims reproduced as experiments. See docs/minimax.md.
export * from './games.js';
export * from './steppers.js';
export * from './analysis.js';
export * from './claims.js';
export { GAMES, buildGame, type GameEntry, type GameName } from './registry.js';
