// The only reader of process.env: typed and validated once at start-up.
import { join } from 'node:path';
import { z } from 'zod';

const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default('MultiTenant'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppTenantId: z.string().default(''),
});

export interface Config {
  port: number;
  host: string;
  /** Bot Framework settings, in the names ConfigurationBotFrameworkAuthentication reads. */
  botFramework: {
    MicrosoftAppType: string;
    MicrosoftAppId: string;
    MicrosoftAppPassword: string;
    MicrosoftAppTenantId: string;
  };
  dataDir: string;
  intentsDir: string;
  /** The trained model written by `npm run build`. */
  modelFile: string;
}

export function readConfig(env: NodeJS.ProcessEnv, rootDir: string): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    botFramework: {
      MicrosoftAppType: e.MicrosoftAppType || 'MultiTenant',
      MicrosoftAppId: e.MicrosoftAppId,
      MicrosoftAppPassword: e.MicrosoftAppPassword,
      MicrosoftAppTenantId: e.MicrosoftAppTenantId,
    },
    dataDir: join(rootDir, 'data'),
    intentsDir: join(rootDir, 'intents'),
    modelFile: join(rootDir, 'dist', 'model.json'),
  };
}
