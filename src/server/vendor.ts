// The browser files the page serves from other packages: Web Chat's bundle and the Government of
// Canada design system (components, fonts, tokens). `npm run build` copies them into dist/vendor
// (src/copyVendor.ts), so a production install needs none of these packages (they are development
// dependencies); a development checkout that has not been built serves them from node_modules.
import { existsSync } from 'node:fs';
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
} satisfies Record<string, VendorSource>;

export type VendorName = keyof typeof vendorSources;

/** Where a package's folder is in node_modules. */
export function packageFolder(name: VendorName): string {
  const source: VendorSource = vendorSources[name];
  const require = createRequire(import.meta.url);
  // Web Chat exports no package.json: its CommonJS entry sits in lib/, beside dist/.
  const root =
    source.package === 'botframework-webchat'
      ? join(dirname(require.resolve(source.package)), '..')
      : dirname(require.resolve(`${source.package}/package.json`));
  return join(root, source.folder);
}

/** The folder to serve a vendor's files from: the built copy when there is one, else the package. */
export function vendorFolder(name: VendorName, vendorDir: string): string {
  const built = join(vendorDir, name);
  return existsSync(built) ? built : packageFolder(name);
}
