// npm run teams:package — builds the Microsoft Teams app package appPackage/build/canada-us-relations.zip.
//
// 1. Reads MicrosoftAppId (and optionally TEAMS_APP_ID) from the environment or, failing that, from
//    .env in the project root (KEY=VALUE lines; a variable set in the environment wins over .env).
// 2. Fills the ${{NAME}} placeholders of appPackage/manifest.json (TEAMS_APP_ID defaults to MicrosoftAppId).
// 3. Validates the result offline against the Teams JSON schema of its manifestVersion bundled in
//    @microsoft/app-manifest (never fetched), and each localization file against the bundled
//    localization schema, then checks the icons (192×192 colour; 32×32 white-on-transparent outline).
// 4. Zips manifest.json, the icons and the localization files at the archive root.
// Any problem is printed with the schema's messages and the exit code is 1.
// The icons are committed files; this script never redraws them (see scripts/teams-icons.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import appManifest from '@microsoft/app-manifest';
import { decodePng } from './teams-icons.js';
import { zip } from './teams-zip.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const appPackageDir = join(root, 'appPackage');
const packagePath = join(appPackageDir, 'build', 'canada-us-relations.zip');

/** Command titles longer than this are cut off by Teams (the schema itself allows 128). */
const MAX_COMMAND_TITLE = 32;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

class PackageError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'PackageError';
  }
}

// ---------------------------------------------------------------------------------------------
// Settings

/** Parses KEY=VALUE lines (blank lines and # comments ignored, optional `export `, optional quotes). */
function parseDotEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1]!;
    let value = match[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, '').trim();
    vars[key] = value;
  }
  return vars;
}

/** The placeholder values: .env overlaid by the environment; TEAMS_APP_ID falls back to MicrosoftAppId. */
function loadSettings(env: NodeJS.ProcessEnv = process.env, dotEnvPath = join(root, '.env')): Record<string, string> {
  const fromFile = existsSync(dotEnvPath) ? parseDotEnv(readFileSync(dotEnvPath, 'utf8')) : {};
  const vars: Record<string, string> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) vars[key] = value;
  const appId = vars.MicrosoftAppId?.trim();
  if (!appId) throw new PackageError("MicrosoftAppId is not set: put your bot's app id in .env");
  if (!GUID.test(appId)) {
    throw new PackageError(
      `MicrosoftAppId "${appId}" is not a GUID: use the Microsoft App ID of the bot's Azure Bot registration`,
    );
  }
  vars.MicrosoftAppId = appId;
  if (!vars.TEAMS_APP_ID?.trim()) vars.TEAMS_APP_ID = appId;
  else vars.TEAMS_APP_ID = vars.TEAMS_APP_ID.trim();
  return vars;
}

/** Replaces every ${{NAME}} in the string values of `value`; an unknown NAME is an error. */
export function fillPlaceholders<T extends Json>(value: T, vars: Record<string, string>): T {
  const missing = new Set<string>();
  const fill = (v: Json): Json => {
    if (typeof v === 'string') {
      return v.replace(PLACEHOLDER, (whole, name: string) => {
        const replacement = vars[name];
        if (replacement === undefined || replacement === '') {
          missing.add(name);
          return whole;
        }
        return replacement;
      });
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  const filled = fill(value) as T;
  if (missing.size) {
    throw new PackageError(
      `manifest.json uses placeholders with no value: ${[...missing].map((n) => `\${{${n}}}`).join(', ')} (set them in .env or the environment)`,
    );
  }
  return filled;
}

// ---------------------------------------------------------------------------------------------
// Schema validation, offline: the schema JSON bundled in @microsoft/app-manifest is always loaded from
// disk and passed in, so nothing is fetched from developer.microsoft.com.
// - manifest.json: AppManifestUtils.validateAgainstSchema(manifest, bundledSchema) from @microsoft/app-manifest.
// - localization files: every bundled MicrosoftTeams.Localization.schema.json has patternProperties
//   such as "^activities.activityTypes\[\b(...)\b]\.description$" whose lone "]" is a syntax error for
//   Unicode-mode regular expressions, which AppManifestUtils' Ajv instance uses, so it cannot compile
//   them. They are validated with the same Ajv (ajv-draft-04 + ajv-formats, resolved from
//   @microsoft/app-manifest's own dependencies) and the same options, plus unicodeRegExp: false.

const appManifestMain = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
const bundledTeamsSchemas = join(dirname(appManifestMain), 'json-schemas', 'teams');

/** Versions of the Teams manifest schema bundled in @microsoft/app-manifest. */
function bundledSchemaPath(manifestVersion: string, kind: 'manifest' | 'localization'): string {
  if (!/^(\d+\.\d+|devPreview)$/.test(manifestVersion)) {
    throw new PackageError(`manifestVersion "${manifestVersion}" is not a Teams manifest version`);
  }
  const file = kind === 'manifest' ? 'MicrosoftTeams.schema.json' : 'MicrosoftTeams.Localization.schema.json';
  const path = join(bundledTeamsSchemas, `v${manifestVersion}`, file);
  if (!existsSync(path)) {
    throw new PackageError(
      `@microsoft/app-manifest has no bundled ${kind} schema for manifest version ${manifestVersion} (looked for ${path})`,
    );
  }
  return path;
}

function loadSchema(path: string): object {
  // Same clean-up as AppManifestUtils.fetchSchema: some Teams schemas contain \a and \v escapes.
  const text = readFileSync(path, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(text) as object;
}

type SchemaValidator = (document: unknown, schema: object) => Promise<string[]>;
const validateAgainstSchema = appManifest.AppManifestUtils.validateAgainstSchema.bind(
  appManifest.AppManifestUtils,
) as unknown as SchemaValidator;

function manifestVersionOf(manifest: unknown): string {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') throw new PackageError('manifest.json has no manifestVersion');
  return version;
}

/** Schema errors of a (filled) manifest against the bundled Teams schema for its manifestVersion; [] when valid. */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  const version = manifestVersionOf(manifest);
  return validateAgainstSchema(manifest, loadSchema(bundledSchemaPath(version, 'manifest')));
}

interface AjvError {
  instancePath: string;
  message?: string;
  params?: unknown;
}
type AjvValidate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvInstance {
  compile(schema: object): AjvValidate;
}
const requireFromAppManifest = createRequire(appManifestMain);
const AjvDraft04 = requireFromAppManifest('ajv-draft-04') as new (options: object) => AjvInstance;
const addFormats = requireFromAppManifest('ajv-formats') as (ajv: AjvInstance, formats: string[]) => AjvInstance;

/** Schema errors of a localization file against the bundled Teams localization schema; [] when valid. */
async function validateLocalization(localization: unknown, manifestVersion: string): Promise<string[]> {
  const ajv = addFormats(new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false }), [
    'uri',
    'email',
    'regex',
  ]);
  const validate = ajv.compile(loadSchema(bundledSchemaPath(manifestVersion, 'localization')));
  if (validate(localization)) return [];
  // Same wording as AppManifestUtils.validateAgainstSchema.
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath} ${e.message ?? ''}. Details: ${e.params ? JSON.stringify(e.params) : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Checks the schema cannot express

/** Looks up a localization key such as "bots[0].commandLists[1].commands[2].title" in the manifest. */
function lookUp(manifest: Json, key: string): Json | undefined {
  let node: Json | undefined = manifest;
  for (const part of key.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match || node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = node[match[1]!];
    for (const index of match[2]!.match(/\d+/g) ?? []) {
      if (!Array.isArray(node)) return undefined;
      node = node[Number(index)];
    }
  }
  return node;
}

function checkManifestExtras(manifest: JsonObject): string[] {
  const problems: string[] = [];
  const bots = Array.isArray(manifest.bots) ? manifest.bots : [];
  bots.forEach((bot, b) => {
    const lists =
      bot && typeof bot === 'object' && !Array.isArray(bot) && Array.isArray(bot.commandLists) ? bot.commandLists : [];
    lists.forEach((list, l) => {
      const commands =
        list && typeof list === 'object' && !Array.isArray(list) && Array.isArray(list.commands) ? list.commands : [];
      commands.forEach((command, c) => {
        const title = command && typeof command === 'object' && !Array.isArray(command) ? command.title : undefined;
        if (typeof title === 'string' && title.length > MAX_COMMAND_TITLE) {
          problems.push(
            `bots[${b}].commandLists[${l}].commands[${c}].title "${title}" is ${title.length} characters; Teams shows at most ${MAX_COMMAND_TITLE}`,
          );
        }
      });
    });
  });
  return problems;
}

function checkLocalizationExtras(file: string, localization: JsonObject, manifest: Json): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(localization)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    const original = lookUp(manifest, key);
    if (typeof original !== 'string') problems.push(`${file}: "${key}" translates nothing in manifest.json`);
    if (/commands\[\d+\]\.title$/.test(key) && typeof value === 'string' && value.length > MAX_COMMAND_TITLE) {
      problems.push(`${file}: "${key}" is ${value.length} characters; Teams shows at most ${MAX_COMMAND_TITLE}`);
    }
  }
  return problems;
}

/** Problems with a PNG icon: not a PNG, wrong size, or (outline) not white on a transparent background. */
function checkIcon(path: string, kind: 'color' | 'outline'): string[] {
  const name = relative(appPackageDir, path);
  if (!existsSync(path)) return [`${name}: file not found`];
  let png;
  try {
    png = decodePng(readFileSync(path));
  } catch (e) {
    return [`${name}: ${(e as Error).message}`];
  }
  const size = kind === 'color' ? 192 : 32;
  const problems: string[] = [];
  if (png.width !== size || png.height !== size) {
    problems.push(`${name}: the ${kind} icon must be ${size}×${size} pixels, it is ${png.width}×${png.height}`);
  }
  if (kind === 'outline') {
    if (png.colorType !== 6 && png.colorType !== 4)
      problems.push(`${name}: the outline icon needs an alpha channel (RGBA PNG)`);
    let transparent = 0;
    let coloured = 0;
    for (let p = 0; p < png.rgba.length; p += 4) {
      const [r, g, b, a] = [png.rgba[p]!, png.rgba[p + 1]!, png.rgba[p + 2]!, png.rgba[p + 3]!];
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) coloured++;
    }
    if (!transparent) problems.push(`${name}: the outline icon must have a transparent background`);
    if (coloured)
      problems.push(
        `${name}: the outline icon must be white (#FFFFFF) only; ${coloured} visible pixels are another colour`,
      );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

function readJson(path: string): Json {
  const name = relative(root, path);
  if (!existsSync(path)) throw new PackageError(`${name} not found`);
  try {
    return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as Json;
  } catch (e) {
    throw new PackageError(`${name} is not valid JSON: ${(e as Error).message}`);
  }
}

function asObject(value: Json, name: string): JsonObject {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new PackageError(`${name} must hold a JSON object`);
  return value;
}

/** Validates everything and writes the package; returns the names zipped. Throws PackageError on any problem. */
export async function buildTeamsPackage(vars: Record<string, string> = loadSettings()): Promise<string[]> {
  const manifest = fillPlaceholders(
    asObject(readJson(join(appPackageDir, 'manifest.json')), 'appPackage/manifest.json'),
    vars,
  );
  const version = manifestVersionOf(manifest);

  const schemaErrors = await validateManifest(manifest);
  if (schemaErrors.length) {
    throw new PackageError(
      `appPackage/manifest.json does not match the Teams manifest schema v${version}:`,
      schemaErrors,
    );
  }
  const problems = checkManifestExtras(manifest);

  const icons = manifest.icons as { color: string; outline: string };
  problems.push(
    ...checkIcon(join(appPackageDir, icons.color), 'color'),
    ...checkIcon(join(appPackageDir, icons.outline), 'outline'),
  );

  const languages = (
    (manifest.localizationInfo as { additionalLanguages?: { file: string }[] } | undefined)?.additionalLanguages ?? []
  ).map((l) => l.file);
  const localizationFiles: { name: string; data: Buffer }[] = [];
  for (const file of languages) {
    const path = join(appPackageDir, file);
    const localization = asObject(readJson(path), `appPackage/${file}`);
    const errors = await validateLocalization(localization, version);
    if (errors.length)
      throw new PackageError(`appPackage/${file} does not match the Teams localization schema v${version}:`, errors);
    problems.push(...checkLocalizationExtras(file, localization, manifest));
    localizationFiles.push({ name: file, data: readFileSync(path) });
  }
  if (problems.length) throw new PackageError('The Teams app package has problems:', problems);

  const entries = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: icons.color, data: readFileSync(join(appPackageDir, icons.color)) },
    { name: icons.outline, data: readFileSync(join(appPackageDir, icons.outline)) },
    ...localizationFiles,
  ];
  mkdirSync(dirname(packagePath), { recursive: true });
  writeFileSync(packagePath, zip(entries));
  return entries.map((e) => e.name);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const names = await buildTeamsPackage();
    console.log(
      `Teams manifest valid (bundled schema, offline); wrote ${relative(root, packagePath)}: ${names.join(', ')}`,
    );
  } catch (e) {
    console.error(e instanceof PackageError ? e.message : e);
    process.exitCode = 1;
  }
}
