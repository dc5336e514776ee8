import type { Context, ParameterizedContext } from 'koa';
import type Router from '@koa/router';
import type { Actor } from '../access/actor.js';
import type { HubServices } from '../hub-services.js';

export interface HubState {
  requestId: string;
  actor: Actor;
  /** The session's CSRF token, when the caller came in on a session cookie. */
  csrfToken?: string;
  sessionId?: string;
}

export type HubContext = ParameterizedContext<HubState, Context & { services: HubServices }>;
export type HubRouter = Router<HubState, Context & { services: HubServices }>;
