// `npm run build` runs this after compiling: copies the browser files the page serves from other
// packages (src/server/vendor.ts) into dist/vendor, so that production needs none of those packages.
// usage: node dist/copyVendor.js [OUTPUT_FOLDER]   (default: dist/vendor)
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageFolder, vendorSources, type VendorName } from './server/vendor.js';

const vendorDir = process.argv[2] ?? fileURLToPath(new URL('../dist/vendor', import.meta.url));
rmSync(vendorDir, { recursive: true, force: true });
for (const [name, source] of Object.entries(vendorSources) as [VendorName, { files?: string[] }][]) {
  const from = packageFolder(name);
  const to = join(vendorDir, name);
  mkdirSync(to, { recursive: true });
  if (source.files) for (const file of source.files) cpSync(join(from, file), join(to, file));
  else cpSync(from, to, { recursive: true });
}
console.log(`browser files copied to ${vendorDir}`);
