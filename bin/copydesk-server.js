#!/usr/bin/env node
'use strict';
// The newsroom server runs in plain Node from the build (out/main/server.js).
const { join } = require('node:path');
const { existsSync } = require('node:fs');

const built = join(__dirname, '..', 'out', 'main', 'server.js');
if (!existsSync(built)) {
  process.stderr.write(
    'copydesk-server: the server is not built yet. Run `npm run build` in the Copydesk folder first.\n',
  );
  process.exit(1);
}
const { runServerCli } = require(built);
runServerCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}).then((code) => {
  process.exitCode = code;
});
