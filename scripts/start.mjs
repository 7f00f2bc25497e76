import { spawn, spawnSync } from 'node:child_process';
import { electronBinary, MISSING_ELECTRON, ROOT } from './electronBinary.mjs';

/** `npm start`: build, then open the app — or explain, in one paragraph, what is missing. */
const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const binary = electronBinary();
if (!binary) {
  console.error(`\n${MISSING_ELECTRON}\n`);
  process.exit(1);
}
const app = spawn(binary, [ROOT, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
app.on('exit', (code) => process.exit(code ?? 0));
