/** The `earshot` process: runs the CLI and sets its exit code (bin/earshot.js runs this through tsx; the image runs it compiled). */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
