import type { Logger } from 'pino';
import { AuditRow } from '../db/models.js';
import type { Actor } from '../access/actor.js';

export interface AuditEntry {
  action: string;
  repoKey?: string | null;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Who did what to which repository, when and from where. */
export class AuditService {
  constructor(private readonly logger: Logger) {}

  async record(actor: Actor, entry: AuditEntry): Promise<void> {
    try {
      await AuditRow.create({
        actorId: actor.user?.id ?? null,
        actorName: actor.user?.name ?? null,
        action: entry.action,
        repoKey: entry.repoKey ?? null,
        target: entry.target ?? null,
        ip: entry.ip ?? null,
        details: entry.details ? JSON.stringify(entry.details) : null,
      });
    } catch (err) {
      // The action already happened; losing its audit line must not turn it into an error for the user.
      this.logger.error({ err, entry }, 'audit record failed');
    }
  }

  async forRepo(repoKey: string, limit = 100): Promise<AuditRow[]> {
    return AuditRow.findAll({ where: { repoKey }, order: [['id', 'DESC']], limit });
  }
}
