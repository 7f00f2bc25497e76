import { ICONS_DIR, generateIcons } from './lib/icons.mjs';

/** `node scripts/icons.mjs [OUT]`: the app's icons from resources/icon.svg, into resources/icons/ or OUT (scripts/lib/icons.mjs). */
const outDir = process.argv[2] ?? ICONS_DIR;
const written = generateIcons(undefined, outDir);
console.log(`Icons from resources/icon.svg: ${written.join(', ')} in ${outDir}`);
