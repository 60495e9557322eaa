// The only reader of process.env: typed and validated once at start-up. Every error names the
// variable and how to fix it; settings that work but should change (a multi-tenant registration, an
// account key outside local use) come back as warnings, logged at start-up.
import { join } from 'node:path';
import { z } from 'zod';

/** An on/off switch: 1 or true turns it on; empty, 0 or false leaves it off. */
const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('')
  .transform((value) => value === '1' || value === 'true');
const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The Bot Framework identities the bot can run with (botbuilder compares them case-insensitively). */
const appTypes = ['UserAssignedMSI', 'SingleTenant', 'MultiTenant'] as const;
type AppType = (typeof appTypes)[number];

const variables = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  MicrosoftAppType: z
    .string()
    .default('')
    .transform((value, context) => {
      if (!value.trim()) return undefined;
      const type = appTypes.find((t) => t.toLowerCase() === value.trim().toLowerCase());
      if (!type) context.addIssue({ code: z.ZodIssueCode.custom, message: `one of ${appTypes.join(', ')}` });
      return type;
    }),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppTenantId: z.string().default(''),
  BotOpenIdMetadata: z.union([z.literal(''), z.string().url()]).default(''),
  DIRECT_LINE_SECRET: z.string().default(''),
  DIRECT_LINE_ENDPOINT: z.string().url().default('https://directline.botframework.com'),
  EMBED_ORIGINS: z.string().default('*'),
  PUBLIC_URL: z
    .union([
      z.literal(''),
      z
        .string()
        .url()
        .regex(/^https?:\/\//i, 'an http or https URL'),
    ])
    .default(''),
  RATE_LIMIT_PER_MINUTE_PER_CLIENT: positive(600),
  RATE_LIMIT_PER_MINUTE_PER_CONVERSATION: positive(60),
  RATE_LIMIT_CONVERSATIONS_PER_MINUTE_PER_CLIENT: positive(20),
  RATE_LIMIT_EXEMPT_LOOPBACK: flag,
  LOOPBACK_REPLIES: flag,
  RECOGNIZER_TRACE: z.enum(['emulator', 'all']).default('emulator'),
  MAX_BODY_KB: positive(256),
  DIRECT_LINE_MAX_CONVERSATIONS: positive(10_000),
  DIRECT_LINE_KEPT_KB_PER_CONVERSATION: positive(128),
  DIRECT_LINE_KEPT_MB_TOTAL: positive(32),
  DIRECT_LINE_SOCKETS_PER_CONVERSATION: positive(2),
  MEMORY_STORAGE_MAX_CONVERSATIONS: positive(10_000),
  STORAGE_TIMEOUT_MS: positive(2000),
  LOG_FILE_MAX_MB: positive(10),
  LOG_FILES_KEPT: z.coerce.number().int().min(0).default(2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EVENTS_LOG: z.string().optional(),
  EVENTS_CONTAINER: z
    .union([
      z.literal(''),
      z
        .string()
        .regex(
          /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
          'an Azure container name: 3 to 63 lowercase letters, digits and single hyphens',
        ),
    ])
    .default('bot-events'),
  EVENTS_RETENTION_DAYS: positive(90),
  INSIGHTS_TOKEN: z
    .string()
    .default('')
    .refine((token) => token === '' || token.trim().length >= 24, {
      message:
        'at least 24 characters (e.g. the output of `openssl rand -base64 32`), or empty to keep the insights page off',
    })
    .transform((token) => token.trim()),
  STORAGE: z.enum(['memory', 'blob']).default('memory'),
  BLOB_ACCOUNT_URL: z.union([z.literal(''), z.string().url()]).default(''),
  BLOB_CONNECTION_STRING: z.string().default(''),
  AZURE_CLIENT_ID: z.string().default(''),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().default(''),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.union([z.literal(''), z.string().url()]).default(''),
  OTEL_SERVICE_NAME: z.string().default('canada-us-relations-assistant'),
  BLOB_CONTAINER: z
    .string()
    .regex(
      /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
      'an Azure container name: 3 to 63 lowercase letters, digits and single hyphens',
    )
    .default('bot-state'),
});

/** Every environment variable the bot reads (test/infra.test.ts checks infra/ sets only these). */
export const configVariables = Object.keys(variables.shape);

/** What a deployment to Azure must set: infra/ sets each (test/infra.test.ts). */
export const azureVariables = [
  'MicrosoftAppType',
  'MicrosoftAppId',
  'MicrosoftAppTenantId',
  'STORAGE',
  'BLOB_ACCOUNT_URL',
  'AZURE_CLIENT_ID',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'DIRECT_LINE_SECRET',
  'EVENTS_CONTAINER',
] as const satisfies readonly (keyof z.infer<typeof variables>)[];

type Problem = (variable: string, message: string) => void;

const environment = variables.superRefine((e, context) => {
  const problem: Problem = (variable, message) =>
    context.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
  if (e.MicrosoftAppId.trim()) checkIdentity(e, problem);
  else if (e.MicrosoftAppType) checkOpenMode(e.MicrosoftAppType, problem);
  if (e.STORAGE === 'blob') checkBlobStorage(e, problem);
});

/** Open mode (no app id) is for local use: an app type without its id is a half-done set-up. */
function checkOpenMode(type: AppType, problem: Problem): void {
  const id = type === 'UserAssignedMSI' ? "the managed identity's client id" : "the app registration's client id";
  problem(
    'MicrosoftAppId',
    `required with MicrosoftAppType=${type}: ${id} (or leave MicrosoftAppType empty to run open, for local use)`,
  );
}

/** An app id needs its tenant (except MultiTenant), and a secret exactly when it is not a managed identity. */
function checkIdentity(e: Variables, problem: Problem): void {
  const type = e.MicrosoftAppType ?? 'SingleTenant';
  const managed = type === 'UserAssignedMSI';
  if (type !== 'MultiTenant' && !e.MicrosoftAppTenantId.trim())
    problem(
      'MicrosoftAppTenantId',
      `required with MicrosoftAppType=${type}: the ${managed ? "managed identity's" : "app registration's"} tenant id`,
    );
  if (managed && e.MicrosoftAppPassword.trim())
    problem(
      'MicrosoftAppPassword',
      'must be empty with MicrosoftAppType=UserAssignedMSI: the managed identity has no secret',
    );
  if (!managed && !e.MicrosoftAppPassword.trim())
    problem(
      'MicrosoftAppPassword',
      `required with MicrosoftAppType=${type}: the app registration's client secret (or, on Azure, use MicrosoftAppType=UserAssignedMSI with a managed identity)`,
    );
}

/** Blob storage needs one way to reach the account, and the events a container apart from the state's. */
function checkBlobStorage(e: Variables, problem: Problem): void {
  if (!e.BLOB_ACCOUNT_URL && !e.BLOB_CONNECTION_STRING.trim())
    problem(
      'BLOB_ACCOUNT_URL',
      "required when STORAGE=blob: the storage account's blob endpoint (https://ACCOUNT.blob.core.windows.net/), reached with the managed identity; for Azurite, set BLOB_CONNECTION_STRING=UseDevelopmentStorage=true instead",
    );
  if (e.EVENTS_CONTAINER && e.EVENTS_CONTAINER === e.BLOB_CONTAINER)
    problem(
      'EVENTS_CONTAINER',
      'must differ from BLOB_CONTAINER: the turn events and the conversation state each have their container',
    );
  if (e.BLOB_ACCOUNT_URL && e.BLOB_CONNECTION_STRING.trim())
    problem(
      'BLOB_CONNECTION_STRING',
      'set either BLOB_ACCOUNT_URL (Azure) or BLOB_CONNECTION_STRING (Azurite), not both',
    );
}

/**
 * botframework-connector's public-cloud settings. Once BotOpenIdMetadata is set, ConfigurationBotFrameworkAuthentication
 * takes every setting from configuration and leaves the missing ones undefined (no token issuer: every token
 * refused), so these go with it.
 */
const publicCloud = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
};

export interface Config {
  port: number;
  host: string;
  /**
   * Bot Framework settings, in the names ConfigurationBotFrameworkAuthentication reads. No MicrosoftAppId:
   * open (no authentication; Emulator and local use).
   */
  botFramework: {
    MicrosoftAppType: AppType;
    MicrosoftAppId: string;
    MicrosoftAppPassword: string;
    MicrosoftAppTenantId: string;
    /** Where channel tokens' signing keys are published, when not the public cloud's (tests). */
    BotOpenIdMetadata?: string;
  } & Partial<typeof publicCloud>;
  dataDir: string;
  intentsDir: string;
  /** The trained model written by `npm run build`. */
  modelFile: string;
  publicDir: string;
  /** Web Chat's and the design system's browser files, copied by `npm run build` (src/copyVendor.ts). */
  vendorDir: string;
  logLevel: string;
  /** Where each turn's event goes, for the insights page and the reports: files, blobs or nowhere. */
  events: EventsConfig;
  /** The insights page's token; empty: the page is off (404). */
  insightsToken: string;
  rateLimit: RateLimits;
  /** The largest request body accepted (413 beyond). */
  maxBodyBytes: number;
  /**
   * Without an app id, replies normally come back only in the response (deliveryMode "expectReplies").
   * With this set they may also be posted to a loopback serviceUrl: the Bot Framework Emulator's.
   */
  loopbackReplies: boolean;
  /**
   * Which channels get the RecognizerResult trace (each intent's score, the entities): the Emulator's only
   * (the Bot Framework convention; what the evaluator reads), or every channel (debugging a deployment).
   */
  recognizerTrace: 'emulator' | 'all';
  /**
   * Where conversation state lives: this process's memory, or a blob container shared by every instance,
   * reached by account URL with a Microsoft Entra credential (managed identity) or, for Azurite, a connection string.
   */
  storage: StorageConfig;
  /** Traces and metrics: off, to Application Insights, or to an OpenTelemetry collector (OTLP). */
  telemetry: TelemetryConfig;
  /** Settings that work but should change, to log at start-up. */
  warnings: string[];
  webChat: {
    /** Azure Direct Line secret: when set, the page uses Azure; otherwise the server's local stand-in. */
    directLineSecret: string;
    directLineEndpoint: string;
    /** CSP frame-ancestors for the page, which the embed script frames. */
    embedOrigins: string;
    /** The address people reach the bot at, for the local Direct Line's stream URL; empty: the server's own. */
    publicUrl: string;
    directLine: DirectLineLimits;
  };
}

export interface RateLimits {
  perClientPerMinute: number;
  perConversationPerMinute: number;
  /** Web chat conversations (tokens) one client may start a minute. */
  conversationsPerClientPerMinute: number;
  /** Loopback clients are limited like any other unless this is set (tests that need it set it). */
  exemptLoopback: boolean;
}

export interface DirectLineLimits {
  /** Beyond this, the least recently used conversation is forgotten. */
  maxConversations: number;
  /** The activities a conversation keeps for reconnecting clients; older ones are dropped first. */
  keptBytesPerConversation: number;
  /** All conversations' kept activities; beyond it, the least recently used conversations' are dropped. */
  keptBytesTotal: number;
  socketsPerConversation: number;
}

export type StorageConfig = (
  { kind: 'memory'; maxConversations?: number } | ({ kind: 'blob'; container: string } & BlobAccount)
) & {
  /** Every storage call gives up (and the turn answers "storage unavailable") after this long. */
  timeoutMs?: number;
};

export type BlobAccount =
  | { connectionString: string }
  /** @param managedIdentityClientId the user-assigned identity to use; none: DefaultAzureCredential's own choice */
  | { accountUrl: string; managedIdentityClientId?: string };

/** The turn events: JSON-lines files on this machine (STORAGE=memory) or append blobs (STORAGE=blob). */
export type EventsConfig =
  | { kind: 'off' }
  | {
      kind: 'file';
      path: string;
      /** Rotated before a line would take the file past maxBytes, keeping this many rotated files. */
      rotation: { maxBytes: number; kept: number };
      retentionDays: number;
    }
  | BlobEventsConfig;

export type BlobEventsConfig = {
  kind: 'blob';
  container: string;
  retentionDays: number;
  timeoutMs: number;
} & BlobAccount;

export type TelemetryConfig =
  | { kind: 'off' }
  | { kind: 'azureMonitor'; connectionString: string; serviceName: string }
  | { kind: 'otlp'; endpoint: string; serviceName: string };

export function readConfig(env: NodeJS.ProcessEnv, rootDir: string): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const appType: AppType = e.MicrosoftAppType ?? (e.MicrosoftAppId ? 'SingleTenant' : 'MultiTenant');
  const eventsConfig = events(e, appType, rootDir);
  return {
    port: e.PORT,
    host: e.HOST,
    botFramework: {
      MicrosoftAppType: appType,
      MicrosoftAppId: e.MicrosoftAppId,
      MicrosoftAppPassword: e.MicrosoftAppPassword,
      MicrosoftAppTenantId: e.MicrosoftAppTenantId,
      ...(e.BotOpenIdMetadata ? { ...publicCloud, BotOpenIdMetadata: e.BotOpenIdMetadata } : {}),
    },
    dataDir: join(rootDir, 'data'),
    intentsDir: join(rootDir, 'intents'),
    modelFile: join(rootDir, 'dist', 'model.bin'),
    publicDir: join(rootDir, 'public'),
    vendorDir: join(rootDir, 'dist', 'vendor'),
    logLevel: e.LOG_LEVEL,
    events: eventsConfig,
    insightsToken: e.INSIGHTS_TOKEN,
    rateLimit: {
      perClientPerMinute: e.RATE_LIMIT_PER_MINUTE_PER_CLIENT,
      perConversationPerMinute: e.RATE_LIMIT_PER_MINUTE_PER_CONVERSATION,
      conversationsPerClientPerMinute: e.RATE_LIMIT_CONVERSATIONS_PER_MINUTE_PER_CLIENT,
      exemptLoopback: e.RATE_LIMIT_EXEMPT_LOOPBACK,
    },
    maxBodyBytes: e.MAX_BODY_KB * 1024,
    loopbackReplies: e.LOOPBACK_REPLIES,
    recognizerTrace: e.RECOGNIZER_TRACE,
    storage: storage(e, appType),
    telemetry: telemetry(e),
    warnings: [...warnings(e, appType, eventsConfig), ...retired(env)],
    webChat: webChat(e),
  };
}

function storage(e: Variables, appType: AppType): StorageConfig {
  const where =
    e.STORAGE === 'blob'
      ? { kind: 'blob' as const, container: e.BLOB_CONTAINER, ...blobAccount(e, appType) }
      : { kind: 'memory' as const, maxConversations: e.MEMORY_STORAGE_MAX_CONVERSATIONS };
  return { ...where, timeoutMs: e.STORAGE_TIMEOUT_MS };
}

/** Azure Monitor when its connection string is set, else OTLP when its endpoint is, else none. */
function telemetry(e: Variables): TelemetryConfig {
  const serviceName = e.OTEL_SERVICE_NAME;
  const connectionString = e.APPLICATIONINSIGHTS_CONNECTION_STRING.trim();
  if (connectionString) return { kind: 'azureMonitor', connectionString, serviceName };
  if (e.OTEL_EXPORTER_OTLP_ENDPOINT) return { kind: 'otlp', endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName };
  return { kind: 'off' };
}

function webChat(e: Variables): Config['webChat'] {
  return {
    directLineSecret: e.DIRECT_LINE_SECRET,
    directLineEndpoint: e.DIRECT_LINE_ENDPOINT,
    embedOrigins: e.EMBED_ORIGINS,
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    directLine: {
      maxConversations: e.DIRECT_LINE_MAX_CONVERSATIONS,
      keptBytesPerConversation: e.DIRECT_LINE_KEPT_KB_PER_CONVERSATION * 1024,
      keptBytesTotal: e.DIRECT_LINE_KEPT_MB_TOTAL * 1024 * 1024,
      socketsPerConversation: e.DIRECT_LINE_SOCKETS_PER_CONVERSATION,
    },
  };
}

type Variables = z.infer<typeof variables>;

function blobAccount(e: Variables, appType: AppType): BlobAccount {
  if (!e.BLOB_ACCOUNT_URL) return { connectionString: e.BLOB_CONNECTION_STRING.trim() };
  // The bot's own user-assigned identity reaches storage too, unless AZURE_CLIENT_ID names another.
  const clientId = e.AZURE_CLIENT_ID.trim() || (appType === 'UserAssignedMSI' ? e.MicrosoftAppId.trim() : '');
  return { accountUrl: e.BLOB_ACCOUNT_URL, ...(clientId ? { managedIdentityClientId: clientId } : {}) };
}

/** Events follow the conversation state: files for one process, the shared account for several. */
function events(e: Variables, appType: AppType, rootDir: string): EventsConfig {
  const retentionDays = e.EVENTS_RETENTION_DAYS;
  if (e.STORAGE === 'blob')
    return e.EVENTS_CONTAINER
      ? {
          kind: 'blob',
          container: e.EVENTS_CONTAINER,
          retentionDays,
          timeoutMs: e.STORAGE_TIMEOUT_MS,
          ...blobAccount(e, appType),
        }
      : { kind: 'off' };
  const path = e.EVENTS_LOG ?? join(rootDir, 'logs', 'events.jsonl');
  return path.trim()
    ? {
        kind: 'file',
        path: path.trim(),
        rotation: { maxBytes: e.LOG_FILE_MAX_MB * 1024 * 1024, kept: e.LOG_FILES_KEPT },
        retentionDays,
      }
    : { kind: 'off' };
}

/** Variables that earlier versions read and this one does not: said at start-up, so nobody relies on them. */
const retiredVariables: Record<string, string> = {
  UNANSWERED_LOG:
    'UNANSWERED_LOG is no longer read: declined questions are turn events now (EVENTS_LOG with STORAGE=memory, EVENTS_CONTAINER with STORAGE=blob); npm run report:unanswered reads them',
  FEEDBACK_LOG:
    'FEEDBACK_LOG is no longer read: ratings are turn events now (EVENTS_LOG with STORAGE=memory, EVENTS_CONTAINER with STORAGE=blob); npm run report:feedback reads them',
};

function retired(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(retiredVariables).flatMap(([name, message]) => (env[name] !== undefined ? [message] : []));
}

/** A connection string is an account key unless it is Azurite's (the development account or a loopback endpoint). */
function isLocalStorage(connectionString: string): boolean {
  return (
    /UseDevelopmentStorage=true/i.test(connectionString) ||
    /AccountName=devstoreaccount1\b/i.test(connectionString) ||
    /Endpoint=https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/i.test(connectionString)
  );
}

function warnings(e: Variables, appType: AppType, eventsConfig: EventsConfig): string[] {
  const found: string[] = [];
  if (e.INSIGHTS_TOKEN && eventsConfig.kind === 'off')
    found.push(
      `INSIGHTS_TOKEN is set but no turn events are kept (${e.STORAGE === 'blob' ? 'EVENTS_CONTAINER' : 'EVENTS_LOG'} is empty): the insights page will show nothing`,
    );
  if (e.MicrosoftAppId && appType === 'MultiTenant')
    found.push(
      'MicrosoftAppType=MultiTenant: Azure stopped accepting new multi-tenant bot registrations on 31 July 2025; this one keeps working, but plan a move to UserAssignedMSI (a managed identity, no secret) or SingleTenant',
    );
  if (e.STORAGE === 'blob' && e.BLOB_CONNECTION_STRING.trim() && !isLocalStorage(e.BLOB_CONNECTION_STRING))
    found.push(
      'BLOB_CONNECTION_STRING holds an account key: keep connection strings for Azurite and local use; in Azure set BLOB_ACCOUNT_URL and give the managed identity the "Storage Blob Data Contributor" role',
    );
  return found;
}
