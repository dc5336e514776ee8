export { createHub, type Hub } from './hub.js';
export type { HubConfig, HostAuthenticate, HubLimits } from './config.js';
export type { HubServices } from './hub-services.js';
export type { Actor, ActorUser } from './access/actor.js';
export { decideRepo, decideNamespace, type Decision, type RepoAction, type NamespaceRole } from './access/policy.js';
export { HubError } from './errors.js';
export { RESERVED_NAMES } from './util/names.js';
