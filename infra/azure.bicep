// The Canada–US Relations assistant on Azure, with no secret to keep: a user-assigned managed identity
// is the bot's identity (Azure Bot, msaAppType UserAssignedMSI) and reaches Blob storage with the
// "Storage Blob Data Contributor" role (the account refuses keys). A Linux App Service plan and web
// app (Node 22 LTS) run the zip `npm run package:zip` builds; Application Insights receives traces and
// metrics. The shape follows the Microsoft 365 Agents Toolkit's bot template (azure.bicep,
// azure.parameters.json, botRegistration/azurebot.bicep).
//
// Deploy: az deployment group create --resource-group RG --template-file infra/azure.bicep --parameters infra/azure.parameters.json
// This file is not compiled in CI (no Bicep compiler there): test/infra.test.ts checks that the app
// settings below are variables src/config.ts reads, and that every variable a deployment needs is set.

@minLength(4)
@maxLength(20)
@description('Name of the web app (https://NAME.azurewebsites.net), the bot, the identity and the rest: lowercase letters, digits and hyphens; the storage account adds a unique suffix.')
param resourceBaseName string

@description('Where the resources go; the Azure Bot itself is global.')
param location string = resourceGroup().location

@description('App Service plan SKU. B1 is the smallest with Always On; P0v3 or above for production load.')
param webAppSku string = 'B1'

@maxLength(42)
@description('The bot\'s name in Teams and in the Azure portal.')
param botDisplayName string = 'Canada–US Relations'

@allowed(['F0', 'S1'])
@description('Azure Bot SKU: F0 (free, standard channels such as Teams and Direct Line) or S1.')
param botServiceSku string = 'F0'

@description('Blob container for conversation state, created by the bot on first use.')
param blobContainer string = 'bot-state'

@description('Blob container for the turn events (the insights page, npm run report:*): append blobs, one per instance per hour.')
param eventsContainer string = 'bot-events'

@minValue(1)
@description('Days the turn events are kept; the bot deletes older ones every hour.')
param eventsRetentionDays int = 90

@secure()
@description('Token of the insights page (/insights), at least 24 characters, e.g. openssl rand -base64 32; empty: the page is off (404). Give it on the command line, never in the parameters file.')
param insightsToken string = ''

@description('Sites allowed to frame the web chat page (CSP frame-ancestors), e.g. "https://www.example.gc.ca".')
param embedOrigins string = '\'self\''

@allowed(['fatal', 'error', 'warn', 'info', 'debug'])
@description('Log level of the bot\'s JSON lines (App Service log stream). debug logs message text: never in production.')
param logLevel string = 'info'

var storageAccountName = take('${replace(toLower(resourceBaseName), '-', '')}${uniqueString(resourceGroup().id)}', 24)
// Storage Blob Data Contributor: read, write and delete blobs and containers, nothing else.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: blobContainer
  properties: { publicAccess: 'None' }
}

resource eventsBlobContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: eventsContainer
  properties: { publicAccess: 'None' }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: resourceBaseName
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: resourceBaseName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'Node.JS'
    WorkspaceResourceId: logs.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: { name: webAppSku }
  properties: { reserved: true }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // The production start: no build (the zip holds dist/ and the model), node's flags from package.json.
      appCommandLine: 'npm run start:prod'
      alwaysOn: true
      healthCheckPath: '/readyz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      webSocketsEnabled: false
    }
  }
}

module botRegistration './botRegistration/azurebot.bicep' = {
  name: 'azure-bot-registration'
  params: {
    botServiceName: resourceBaseName
    botDisplayName: botDisplayName
    botServiceSku: botServiceSku
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    messagingEndpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    webChatOrigin: 'https://${webApp.properties.defaultHostName}'
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' existing = {
  name: '${resourceBaseName}/DirectLineChannel'
}

// The bot's configuration: each name is a variable src/config.ts reads (see .env.example), except
// WEBSITE_RUN_FROM_PACKAGE, App Service's own: the deployed zip is mounted read-only, as built.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  dependsOn: [botRegistration]
  properties: {
    WEBSITE_RUN_FROM_PACKAGE: '1'
    MicrosoftAppType: 'UserAssignedMSI'
    MicrosoftAppId: identity.properties.clientId
    MicrosoftAppTenantId: identity.properties.tenantId
    AZURE_CLIENT_ID: identity.properties.clientId
    STORAGE: 'blob'
    BLOB_ACCOUNT_URL: storage.properties.primaryEndpoints.blob
    BLOB_CONTAINER: blobContainer
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    DIRECT_LINE_SECRET: directLine.listChannelWithKeys().setting.sites[0].key
    EMBED_ORIGINS: embedOrigins
    LOG_LEVEL: logLevel
    // Every instance's turn events, in the storage account: the insights page reads them all.
    EVENTS_CONTAINER: eventsContainer
    EVENTS_RETENTION_DAYS: string(eventsRetentionDays)
    INSIGHTS_TOKEN: insightsToken
  }
}

output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_WEB_APP_NAME string = webApp.name
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output STORAGE_ACCOUNT_NAME string = storage.name
output APPLICATION_INSIGHTS_NAME string = appInsights.name
