/** The CLI room: argument parsing, the commands of INTERFACE.md and the demo registry. */
export { runCli, mainHelp, version, type CliResult, type RunOptions } from './main.js';
export { COMMANDS, findCommand } from './commands/index.js';
export type { Command, CliIO } from './command.js';
export { CliError, EXIT, type ErrorLocation } from './errors.js';
export { DEMOS, type Demo, type DemoIO, type DemoResult, type Check } from './demos/index.js';
