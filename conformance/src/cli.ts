/** Entry point of the `salon-chat-conformance` command. */
import { runCli } from './command.ts';

process.exitCode = await runCli(process.argv.slice(2));
