import type { TokenScope } from '../db/models.js';

export interface ActorUser {
  id: number;
  name: string;
  nameKey: string;
  email: string;
  fullName: string;
  isAdmin: boolean;
}

/** How the caller proved who they are. Sessions and host-portal sign-ins act with full scope. */
export type AuthMethod = 'anonymous' | 'token' | 'session' | 'host' | 'ssh';

/** Who is asking: produced by auth/, consumed by the access policy. */
export interface Actor {
  user: ActorUser | null;
  scope: TokenScope;
  method: AuthMethod;
  tokenId?: number;
  tokenName?: string;
}

export const anonymous: Actor = Object.freeze({ user: null, scope: 'read', method: 'anonymous' }) as Actor;
