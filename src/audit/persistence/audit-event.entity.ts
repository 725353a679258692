import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: a trigger and the grants refuse UPDATE and DELETE (see the migration). */
@Entity('audit_events')
@Index('audit_events_chain_idx', ['chainKey', 'seq'])
@Index('audit_events_review_idx', ['reviewId', 'seq'])
@Index('audit_events_document_idx', ['documentId', 'seq'])
@Index('audit_events_occurred_idx', ['occurredAt'])
// Login throttling counts recent LOGIN_FAILED events per username and per client address; both
// are partial (expression) indexes written by hand in the migration, so TypeORM leaves them be.
@Index('audit_events_login_username_idx', { synchronize: false })
@Index('audit_events_login_address_idx', { synchronize: false })
export class AuditEventEntity {
  /** Global order of events. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  /** The hash chain the event belongs to: `review:<id>`, `document:<id>`, `user:<id>`, `auth`. */
  @Column('text')
  chainKey!: string;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('text', { nullable: true })
  actorUsername!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  actorRoles!: string[];

  @Column('text')
  action!: string;

  @Column('uuid', { nullable: true })
  reviewId!: string | null;

  @Column('uuid', { nullable: true })
  documentId!: string | null;

  @Column('text', { nullable: true })
  fromState!: string | null;

  @Column('text', { nullable: true })
  toState!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  payload!: Record<string, unknown>;

  @Column('text', { nullable: true })
  prevHash!: string | null;

  @Column('text')
  hash!: string;
}
