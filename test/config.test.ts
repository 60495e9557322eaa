// Configuration: the three identities (a user-assigned managed identity, a single-tenant app
// registration, open for local use), multi-tenant accepted with a warning, and blob storage by account
// URL with the managed identity or by connection string for Azurite. Every error names the variable
// and the fix.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { rootDir } from './support/app.js';

const clientId = '11111111-1111-1111-1111-111111111111';
const tenantId = '22222222-2222-2222-2222-222222222222';
const read = (env: NodeJS.ProcessEnv) => readConfig(env, rootDir);

describe('the bot identity', () => {
  it('runs open without an app id, for the Emulator and local use', () => {
    const config = read({});
    expect(config.botFramework.MicrosoftAppId).toBe('');
    expect(config.warnings).toEqual([]);
  });

  it('takes a user-assigned managed identity: its client id and tenant, no secret', () => {
    const config = read({
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: clientId,
      MicrosoftAppTenantId: tenantId,
    });
    expect(config.botFramework).toMatchObject({
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: clientId,
      MicrosoftAppTenantId: tenantId,
    });
    expect(config.warnings).toEqual([]);
    // The Agents Toolkit writes it 'UserAssignedMsi'; botbuilder compares without case.
    expect(
      read({ MicrosoftAppType: 'UserAssignedMsi', MicrosoftAppId: clientId, MicrosoftAppTenantId: tenantId })
        .botFramework.MicrosoftAppType,
    ).toBe('UserAssignedMSI');
  });

  it('treats an app id without a type as a single-tenant registration, the kind Azure still creates', () => {
    const config = read({ MicrosoftAppId: clientId, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: tenantId });
    expect(config.botFramework.MicrosoftAppType).toBe('SingleTenant');
    expect(config.warnings).toEqual([]);
  });

  it('accepts an existing multi-tenant registration, with a warning that says what to move to', () => {
    const config = read({ MicrosoftAppType: 'MultiTenant', MicrosoftAppId: clientId, MicrosoftAppPassword: 'secret' });
    expect(config.botFramework.MicrosoftAppType).toBe('MultiTenant');
    expect(config.warnings).toEqual([expect.stringMatching(/31 July 2025.*UserAssignedMSI.*SingleTenant/)]);
  });

  it.each([
    [
      { MicrosoftAppType: 'UserAssignedMSI' },
      /MicrosoftAppId: required with MicrosoftAppType=UserAssignedMSI: the managed identity's client id/,
    ],
    [
      { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: clientId },
      /MicrosoftAppTenantId: required with MicrosoftAppType=UserAssignedMSI/,
    ],
    [
      {
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppId: clientId,
        MicrosoftAppTenantId: tenantId,
        MicrosoftAppPassword: 's',
      },
      /MicrosoftAppPassword: must be empty with MicrosoftAppType=UserAssignedMSI/,
    ],
    [
      { MicrosoftAppId: clientId, MicrosoftAppPassword: 's' },
      /MicrosoftAppTenantId: required with MicrosoftAppType=SingleTenant/,
    ],
    [
      { MicrosoftAppId: clientId, MicrosoftAppTenantId: tenantId },
      /MicrosoftAppPassword: required with MicrosoftAppType=SingleTenant: .*UserAssignedMSI/,
    ],
    [
      { MicrosoftAppType: 'MultiTenant', MicrosoftAppId: clientId },
      /MicrosoftAppPassword: required with MicrosoftAppType=MultiTenant/,
    ],
    [{ MicrosoftAppType: 'Managed' }, /MicrosoftAppType: one of UserAssignedMSI, SingleTenant, MultiTenant/],
  ])('refuses %j, naming the variable and the fix', (env, message) => {
    expect(() => read(env)).toThrow(message);
  });
});

describe('blob storage', () => {
  it('reaches an account by URL with the bot’s own managed identity, or the one AZURE_CLIENT_ID names', () => {
    const msi = { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: clientId, MicrosoftAppTenantId: tenantId };
    const accountUrl = 'https://example.blob.core.windows.net/';
    expect(read({ ...msi, STORAGE: 'blob', BLOB_ACCOUNT_URL: accountUrl }).storage).toEqual({
      kind: 'blob',
      container: 'bot-state',
      accountUrl,
      managedIdentityClientId: clientId,
      timeoutMs: 2000,
    });
    const other = '33333333-3333-3333-3333-333333333333';
    expect(
      read({ ...msi, STORAGE: 'blob', BLOB_ACCOUNT_URL: accountUrl, AZURE_CLIENT_ID: other }).storage,
    ).toMatchObject({
      managedIdentityClientId: other,
    });
    // Without a managed identity named, DefaultAzureCredential chooses (a developer's az login, say).
    expect(read({ STORAGE: 'blob', BLOB_ACCOUNT_URL: accountUrl }).storage).toEqual({
      kind: 'blob',
      container: 'bot-state',
      accountUrl,
      timeoutMs: 2000,
    });
  });

  it('keeps connection strings for Azurite, and warns when one holds a real account key', () => {
    expect(read({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).warnings).toEqual([]);
    const key = 'DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=abc==;EndpointSuffix=core.windows.net';
    expect(read({ STORAGE: 'blob', BLOB_CONNECTION_STRING: key }).warnings).toEqual([
      expect.stringMatching(/account key.*BLOB_ACCOUNT_URL.*Storage Blob Data Contributor/),
    ]);
  });

  it('refuses blob storage with neither an account URL nor a connection string, or with both', () => {
    expect(() => read({ STORAGE: 'blob' })).toThrow(
      /BLOB_ACCOUNT_URL: required when STORAGE=blob: .*BLOB_CONNECTION_STRING=UseDevelopmentStorage=true/,
    );
    expect(() =>
      read({ STORAGE: 'blob', BLOB_ACCOUNT_URL: 'https://a.blob.core.windows.net/', BLOB_CONNECTION_STRING: 'x' }),
    ).toThrow(/BLOB_CONNECTION_STRING: set either BLOB_ACCOUNT_URL .* not both/);
    expect(() => read({ STORAGE: 'blob', BLOB_ACCOUNT_URL: 'example.blob.core.windows.net' })).toThrow(
      /BLOB_ACCOUNT_URL:/,
    );
  });
});

describe('telemetry', () => {
  it('is off unless Application Insights or an OpenTelemetry collector is named', () => {
    expect(read({}).telemetry).toEqual({ kind: 'off' });
    expect(read({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x' }).telemetry).toMatchObject({
      kind: 'azureMonitor',
      connectionString: 'InstrumentationKey=x',
    });
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).telemetry).toMatchObject({
      kind: 'otlp',
      endpoint: 'http://127.0.0.1:4318',
    });
  });
});

describe('turn events and the insights page', () => {
  it('go to a JSON-lines file with memory storage, to a container of the same account with blob storage', () => {
    expect(read({}).events).toEqual({
      kind: 'file',
      path: `${rootDir}logs/events.jsonl`,
      rotation: { maxBytes: 10 * 1024 * 1024, kept: 2 },
      retentionDays: 90,
    });
    expect(read({ EVENTS_LOG: '' }).events).toEqual({ kind: 'off' });
    expect(
      read({
        STORAGE: 'blob',
        BLOB_ACCOUNT_URL: 'https://account.blob.core.windows.net/',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppId: clientId,
        MicrosoftAppTenantId: tenantId,
        EVENTS_RETENTION_DAYS: '30',
        STORAGE_TIMEOUT_MS: '1500',
      }).events,
    ).toEqual({
      kind: 'blob',
      container: 'bot-events',
      retentionDays: 30,
      timeoutMs: 1500,
      accountUrl: 'https://account.blob.core.windows.net/',
      managedIdentityClientId: clientId,
    });
    expect(
      read({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', EVENTS_CONTAINER: '' }).events,
    ).toEqual({ kind: 'off' });
  });

  it('refuses the state’s own container, a retention that is not a number of days, a short token', () => {
    expect(() =>
      read({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', EVENTS_CONTAINER: 'bot-state' }),
    ).toThrow(/configuration: EVENTS_CONTAINER: must differ from BLOB_CONTAINER/);
    expect(() => read({ EVENTS_RETENTION_DAYS: '0' })).toThrow(/configuration: EVENTS_RETENTION_DAYS:/);
    expect(() => read({ INSIGHTS_TOKEN: 'secret' })).toThrow(/configuration: INSIGHTS_TOKEN: at least 24 characters/);
    expect(read({}).insightsToken).toBe('');
    expect(read({ INSIGHTS_TOKEN: ` ${'k'.repeat(32)} ` }).insightsToken).toBe('k'.repeat(32));
  });

  it('warns when the insights page is on but no events are kept', () => {
    expect(read({ INSIGHTS_TOKEN: 'k'.repeat(32), EVENTS_LOG: '' }).warnings).toEqual([
      'INSIGHTS_TOKEN is set but no turn events are kept (EVENTS_LOG is empty): the insights page will show nothing',
    ]);
    expect(read({ INSIGHTS_TOKEN: 'k'.repeat(32) }).warnings).toEqual([]);
  });

  it('says at start-up that the retired log variables are no longer read', () => {
    const warnings = read({ UNANSWERED_LOG: 'logs/unanswered.jsonl', FEEDBACK_LOG: '' }).warnings;
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^UNANSWERED_LOG is no longer read: .*EVENTS_LOG/);
    expect(warnings[1]).toMatch(/^FEEDBACK_LOG is no longer read/);
  });
});
