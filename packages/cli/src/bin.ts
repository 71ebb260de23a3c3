#!/usr/bin/env node
/** Entry point of the `bytescope` executable. */
import { run } from './main.js';

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
