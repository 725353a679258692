import { CreateSchema1764281000000 } from './1764281000000-CreateSchema';
import { RestrictAuditGrants1795819953495 } from './1795819953495-RestrictAuditGrants';

/** Every migration, oldest first. A landed migration is never edited; add a new one. */
export const MIGRATIONS = [CreateSchema1764281000000, RestrictAuditGrants1795819953495];
