#!/usr/bin/env node
'use strict';
// The command line runs the built services in plain Node (no Electron).
const { join } = require('node:path');
const { existsSync } = require('node:fs');

const built = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write(
    'copydesk: the command line is not built yet. Run `npm run build` in the Copydesk folder first.\n',
  );
  process.exit(1);
}
const { runCli } = require(built);
runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}).then((code) => {
  process.exitCode = code;
});
