import { CreateSchema1764281000000 } from './1764281000000-CreateSchema';

/** Every migration, oldest first. A landed migration is never edited; add a new one. */
export const MIGRATIONS = [CreateSchema1764281000000];
