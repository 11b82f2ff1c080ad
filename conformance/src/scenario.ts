/** The shape of a conformance scenario. */
import type { Context } from './context.ts';
import type { Side } from './rules.ts';

export interface Scenario {
  /** Stable id: `<feature>.<rule in a few words>`. */
  id: string;
  /** States the rule the scenario checks. */
  title: string;
  /** The guide section (and decisions.md section) it checks. */
  guide: string;
  /** Inventory rules it checks; all required or all optional. */
  rules: string[];
  /** The sides it checks them from: whose requests, sockets or lists it exercises. */
  sides: Side[];
  /** Runs with no other scenario in flight (it observes server-wide state such as presence). */
  exclusive?: boolean;
  run(ctx: Context): Promise<void>;
}
