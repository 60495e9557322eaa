// The Azure Bot: registers the web app's /api/messages with the Bot Framework under the managed
// identity (msaAppType UserAssignedMSI: no app registration, no secret), and turns on the Microsoft
// Teams and Direct Line channels (Direct Line serves the web chat page; its trusted origin is the web app).

@maxLength(64)
param botServiceName string

@maxLength(42)
param botDisplayName string

param botServiceSku string = 'F0'
param identityClientId string
param identityResourceId string
param identityTenantId string

@description('https://HOST/api/messages')
param messagingEndpoint string

@description('The web app\'s origin, the only one allowed to exchange the Direct Line secret for tokens.')
param webChatOrigin string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: { name: botServiceSku }
  properties: {
    displayName: botDisplayName
    endpoint: messagingEndpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: identityTenantId
    disableLocalAuth: false
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'Web chat page'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: true
          trustedOrigins: [webChatOrigin]
        }
      ]
    }
  }
}

output botServiceName string = botService.name
