import type { ActorType, CredentialEventName } from '../model/credential-event.ts';

/**
 * The session length STS grants when a request omits `DurationSeconds`, per the STS API reference:
 * AssumeRole, AssumeRoleWithSAML and AssumeRoleWithWebIdentity default to 3600 s; GetSessionToken and
 * GetFederationToken to 43200 s, except that sessions of the account root user are capped at 3600 s;
 * AssumeRoot to 900 s (also its maximum).
 */
export function defaultDurationSeconds(eventName: CredentialEventName, actorType: ActorType): number {
  switch (eventName) {
    case 'AssumeRoot':
      return 900;
    case 'GetSessionToken':
    case 'GetFederationToken':
      return actorType === 'Root' ? 3600 : 43_200;
    default:
      return 3600;
  }
}
