/** The library API of salon-chat-conformance. */
export { runConformance, exitCode, type Report, type RunOptions, type ScenarioResult, type Status } from './runner.ts';
export { ConfigError, TargetConfig, loadConfig, parseConfig } from './config.ts';
export { TargetError } from './actors.ts';
export { RULES, type Rule } from './rules.ts';
export { SCENARIOS } from './scenarios/index.ts';
export { REPORTERS, type ReporterName } from './reporters/index.ts';
export type { Scenario } from './scenario.ts';
