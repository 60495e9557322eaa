// infra/ is not compiled here (no Bicep compiler on these machines): these tests read the .bicep text
// and keep it honest against the code. Every app setting the templates set is a variable
// src/config.ts reads (or one of App Service's own, listed below with why), every variable a
// deployment to Azure needs is set, and the resources have the settings the README promises.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureVariables, configVariables } from '../src/config.js';
import { rootDir } from './support/app.js';

const infra = join(rootDir, 'infra');
const main = readFileSync(join(infra, 'azure.bicep'), 'utf8');
const botRegistration = readFileSync(join(infra, 'botRegistration/azurebot.bicep'), 'utf8');

/** App Service's own settings, which the bot does not read. */
const platformSettings: Record<string, string> = {
  WEBSITE_RUN_FROM_PACKAGE: 'the deployed zip is mounted read-only, as built',
};

/** The text of the `{ … }` block that opens at `from` (braces balanced; strings and comments skipped). */
function block(text: string, from: number): string {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'") i = text.indexOf("'", i + 1);
    else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i);
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** Top-level `name: value` pairs of a block (nested blocks and comments left out). */
function entries(body: string): Map<string, string> {
  const found = new Map<string, string>();
  let depth = 0;
  for (const line of body.split('\n')) {
    const code = line.replace(/\/\/.*$/, '').trim();
    const match = depth === 0 ? code.match(/^'?([A-Za-z_][\w.-]*)'?\s*:\s*(.*)$/) : null;
    if (match) found.set(match[1]!, match[2]!);
    depth += (code.match(/[{[]/g) ?? []).length - (code.match(/[}\]]/g) ?? []).length;
  }
  return found;
}

/** A resource declaration's body, by its symbolic name. */
function resource(text: string, name: string): string {
  const at = text.search(new RegExp(`^resource ${name} '`, 'm'));
  expect(at, `resource ${name}`).toBeGreaterThanOrEqual(0);
  return block(text, at);
}

/** Every app setting the templates set: the `appsettings` config resource's properties, and any siteConfig.appSettings array. */
function appSettings(): Map<string, string> {
  const settings = new Map<string, string>();
  for (const text of [main, botRegistration]) {
    for (const match of text.matchAll(/^resource \w+ 'Microsoft\.Web\/sites\/config@[^']+'/gm)) {
      const body = block(text, match.index);
      if (!/name:\s*'appsettings'/.test(body)) continue;
      for (const [key, value] of entries(block(body, body.search(/^\s*properties:/m)))) settings.set(key, value);
    }
    for (const match of text.matchAll(/appSettings:\s*\[/g)) {
      const array = text.slice(match.index, text.indexOf(']', match.index));
      for (const [, name, value] of array.matchAll(/name:\s*'([^']+)'\s*value:\s*([^\n]+)/g))
        settings.set(name!, value!);
    }
  }
  return settings;
}

describe('app settings', () => {
  const settings = appSettings();

  it('are found in the templates', () => {
    expect(settings.size).toBeGreaterThan(5);
  });

  it('are each a variable src/config.ts reads, or one of App Service’s own', () => {
    const unknown = [...settings.keys()].filter((name) => !configVariables.includes(name) && !platformSettings[name]);
    expect(unknown).toEqual([]);
  });

  it('include every variable the bot needs in Azure', () => {
    expect(azureVariables.filter((name) => !settings.has(name))).toEqual([]);
  });

  it('run the bot as its managed identity, on blob storage reached by URL, with telemetry', () => {
    expect(settings.get('MicrosoftAppType')).toBe("'UserAssignedMSI'");
    expect(settings.get('MicrosoftAppId')).toBe('identity.properties.clientId');
    expect(settings.get('AZURE_CLIENT_ID')).toBe('identity.properties.clientId');
    expect(settings.get('MicrosoftAppTenantId')).toBe('identity.properties.tenantId');
    expect(settings.get('STORAGE')).toBe("'blob'");
    expect(settings.get('BLOB_ACCOUNT_URL')).toBe('storage.properties.primaryEndpoints.blob');
    expect(settings.get('APPLICATIONINSIGHTS_CONNECTION_STRING')).toMatch(
      /^appInsights\.properties\.ConnectionString$/,
    );
    expect(settings.has('BLOB_CONNECTION_STRING')).toBe(false);
    expect(settings.get('EVENTS_CONTAINER')).toBe('eventsContainer');
    // The insights token is a secure parameter, never a value in the template or the parameters file.
    expect(settings.get('INSIGHTS_TOKEN')).toBe('insightsToken');
    expect(main).toMatch(/@secure\(\)\n@description\([^\n]*\)\nparam insightsToken string = ''/);
    expect(settings.has('MicrosoftAppPassword')).toBe(false);
  });
});

describe('resources', () => {
  it('a Linux web app on Node 22 LTS: HTTPS only, always on, health check on /readyz, FTPS off, production start', () => {
    const webApp = resource(main, 'webApp');
    const site = entries(block(webApp, webApp.indexOf('properties:')));
    expect(site.get('httpsOnly')).toBe('true');
    const config = entries(block(webApp, webApp.indexOf('siteConfig:')));
    expect(config.get('linuxFxVersion')).toBe("'NODE|22-lts'");
    expect(config.get('alwaysOn')).toBe('true');
    expect(config.get('healthCheckPath')).toBe("'/readyz'");
    expect(config.get('ftpsState')).toBe("'Disabled'");
    const start = config.get('appCommandLine')!.match(/^'npm run (\S+)'$/)![1]!;
    const scripts = (
      JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts[start]).toMatch(/^node .*dist\/index\.js$/);
    expect(webApp).toMatch(/type: 'UserAssigned'/);
    expect(entries(resource(main, 'plan')).get('kind')).toBe("'linux'");
  });

  it('a storage account that refuses account keys, and the identity’s Storage Blob Data Contributor role', () => {
    expect(
      entries(block(resource(main, 'storage'), resource(main, 'storage').indexOf('properties:'))).get(
        'allowSharedKeyAccess',
      ),
    ).toBe('false');
    expect(main).toMatch(/storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'/);
    const role = resource(main, 'blobRole');
    expect(role).toMatch(/scope: storage/);
    expect(role).toMatch(/principalId: identity\.properties\.principalId/);
    expect(resource(main, 'container')).toMatch(/name: blobContainer/);
    expect(resource(main, 'eventsBlobContainer')).toMatch(/name: eventsContainer/);
  });

  it('an Azure Bot with the managed identity, the messaging endpoint, Teams and Direct Line', () => {
    const bot = entries(
      block(resource(botRegistration, 'botService'), resource(botRegistration, 'botService').indexOf('properties:')),
    );
    expect(bot.get('msaAppType')).toBe("'UserAssignedMSI'");
    expect(bot.get('msaAppId')).toBe('identityClientId');
    expect(bot.get('msaAppMSIResourceId')).toBe('identityResourceId');
    expect(bot.get('endpoint')).toBe('messagingEndpoint');
    expect(main).toMatch(/messagingEndpoint: 'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    expect(resource(botRegistration, 'teams')).toMatch(/channelName: 'MsTeamsChannel'/);
    expect(resource(botRegistration, 'directLine')).toMatch(/channelName: 'DirectLineChannel'/);
    expect(resource(main, 'appInsights')).toMatch(/WorkspaceResourceId: logs\.id/);
  });

  it('modules exist, and the outputs the README uses are there', () => {
    for (const [, path] of main.matchAll(/^module \w+ '([^']+)'/gm))
      expect(existsSync(join(infra, path!)), path).toBe(true);
    for (const output of ['BOT_ID', 'BOT_DOMAIN', 'BOT_WEB_APP_NAME', 'APPLICATION_INSIGHTS_NAME'])
      expect(main).toMatch(new RegExp(`^output ${output} string = `, 'm'));
  });
});

describe('parameters', () => {
  const declared = new Map(
    [...main.matchAll(/^param (\w+) \w+( = .*)?$/gm)].map((m) => [m[1]!, m[2] !== undefined] as const),
  );
  const given = Object.keys(
    (JSON.parse(readFileSync(join(infra, 'azure.parameters.json'), 'utf8')) as { parameters: object }).parameters,
  );

  it('the parameters file gives only parameters azure.bicep declares, and every one without a default', () => {
    expect(given.filter((name) => !declared.has(name))).toEqual([]);
    const required = [...declared].filter(([, hasDefault]) => !hasDefault).map(([name]) => name);
    expect(required.filter((name) => !given.includes(name))).toEqual([]);
  });

  it('each module call passes exactly the module’s parameters', () => {
    for (const match of main.matchAll(/^module \w+ '([^']+)'/gm)) {
      const moduleText = readFileSync(join(infra, match[1]!), 'utf8');
      const moduleParams = [...moduleText.matchAll(/^param (\w+) \w+( = .*)?$/gm)];
      const call = block(main, match.index);
      const passed = [...entries(block(call, call.indexOf('params:'))).keys()];
      expect(passed.filter((name) => !moduleParams.some((p) => p[1] === name))).toEqual([]);
      expect(moduleParams.filter((p) => !p[2] && !passed.includes(p[1]!)).map((p) => p[1])).toEqual([]);
    }
  });
});

describe('.env.example', () => {
  it('documents every variable src/config.ts reads', () => {
    const documented = readFileSync(join(rootDir, '.env.example'), 'utf8');
    expect(configVariables.filter((name) => !new RegExp(`^#?\\s*${name}=`, 'm').test(documented))).toEqual([]);
  });
});

it('infra/ holds only what these tests read', () => {
  const files = readdirSync(infra, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => join(f.parentPath ?? dirname(''), f.name).slice(infra.length + 1))
    .sort();
  expect(files).toEqual(['azure.bicep', 'azure.parameters.json', 'botRegistration/azurebot.bicep']);
});
