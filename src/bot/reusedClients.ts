// The Bot Framework clients a turn needs, made once and reused. CloudAdapter asks its authentication
// for a new ConnectorClient and a new UserTokenClient on every turn, each building an Azure HTTP
// pipeline of a dozen policies: measured, about half of an echo bot's CPU time per turn and a third
// of its garbage. Neither holds per-turn state — the service URL, the audience and the app id make a
// client, and their credentials keep their tokens in botframework-connector's process-wide cache — so
// the same client serves every turn that has the same three (the .NET SDK keeps them too).
import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

/** Clients kept at most: a channel has a handful of service URLs; an anonymous sender could name any. */
const keptClients = 64;

/** A small least-recently-used map of promises: a client made once, even by turns that ask at once. */
class Kept<T> {
  private readonly items = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    let item = this.items.get(key);
    if (item) this.items.delete(key);
    else {
      item = make();
      // A failure is not kept: the next turn tries again.
      item.catch(() => this.items.get(key) === item && this.items.delete(key));
    }
    this.items.set(key, item);
    if (this.items.size > keptClients) this.items.delete(this.items.keys().next().value!);
    return item;
  }
}

/** The bot's app id as botframework-connector reads it from a request's claims (none when open). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
}

class ReusedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: Kept<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () =>
      this.inner.create(serviceUrl, audience),
    );
  }
}

/** The adapter's authentication, unchanged, except that the clients it makes are reused. */
export class ReusingClients extends BotFrameworkAuthentication {
  private readonly connectorClients = new Kept<ConnectorClient>();
  private readonly userTokenClients = new Kept<UserTokenClient>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusedConnectorFactory(
      this.inner.createConnectorFactory(claimsIdentity),
      appIdOf(claimsIdentity),
      this.connectorClients,
    );
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    const appId = appIdOf(result.claimsIdentity);
    return {
      ...result,
      connectorFactory: new ReusedConnectorFactory(result.connectorFactory, appId, this.connectorClients),
    };
  }
}
