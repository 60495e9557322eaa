// The browser files the pages serve from other packages: Web Chat's bundle, the Government of Canada
// design system (components, fonts, tokens) and Chart.js (the insights page's charts). `npm run build` copies them into dist/vendor
// (src/copyVendor.ts), so a production install needs none of these packages (they are development
// dependencies); a development checkout that has not been built serves them from node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface VendorSource {
  /** The npm package. */
  package: string;
  /** The folder of the package that holds the files. */
  folder: string;
  /** Only these files of the folder (all of it when absent). */
  files?: string[];
}

/** Each vendor folder: where it comes from. Its name is its folder under dist/vendor. */
export const vendorSources = {
  webchat: { package: 'botframework-webchat', folder: 'dist', files: ['webchat.js'] },
  'gcds-components': { package: '@gcds-core/components', folder: 'dist/gcds' },
  'gcds-fonts': { package: '@gcds-core/fonts', folder: 'fonts' },
  'gcds-tokens': { package: '@gcds-core/tokens', folder: 'build/web/js', files: ['tokens.js'] },
  chartjs: { package: 'chart.js', folder: 'dist', files: ['chart.umd.min.js'] },
} satisfies Record<string, VendorSource>;

export type VendorName = keyof typeof vendorSources;

/** Where a package's folder is in node_modules. */
export function packageFolder(name: VendorName): string {
  const source: VendorSource = vendorSources[name];
  return join(packageRoot(source.package), source.folder);
}

/** A package's folder in node_modules: beside its package.json, or up from its entry point when it exports none (Web Chat, Chart.js). */
function packageRoot(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    let folder = dirname(require.resolve(name));
    const isRoot = (path: string) =>
      existsSync(join(path, 'package.json')) &&
      (JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { name?: string }).name === name;
    while (!isRoot(folder)) {
      if (dirname(folder) === folder) throw new Error(`the package ${name} was not found in node_modules`);
      folder = dirname(folder);
    }
    return folder;
  }
}

/** The folder to serve a vendor's files from: the built copy when there is one, else the package. */
export function vendorFolder(name: VendorName, vendorDir: string): string {
  const built = join(vendorDir, name);
  return existsSync(built) ? built : packageFolder(name);
}
