import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Side effects committed with a transition and relayed to BullMQ afterwards. */
@Entity('outbox')
@Index('outbox_pending_idx', ['id'], { where: 'relayed_at IS NULL' })
// Relayed but never confirmed: the relay sends these again, in case Redis lost their jobs.
@Index('outbox_undelivered_idx', ['relayedAt'], { where: 'delivered_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  /** Queue name the message goes to. */
  @Column('text')
  queue!: string;

  /** Job name within the queue. */
  @Column('text')
  job!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  relayedAt!: Date | null;

  /** Set when the job's handler has run; until then the row may be relayed again. */
  @Column('timestamptz', { nullable: true })
  deliveredAt!: Date | null;
}
