import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A message to one person about a review; written by the worker from an outbox row. */
@Entity('notifications')
@Index('notifications_user_idx', ['userId', 'createdAt'])
// One notification per outbox message and person, however often the job runs.
@Index('notifications_source_key', ['sourceOutboxId', 'userId'], { unique: true })
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @Column('uuid', { nullable: true })
  reviewId!: string | null;

  @Column('uuid', { nullable: true })
  documentId!: string | null;

  @Column('text')
  reason!: string;

  @Column('text')
  message!: string;

  @Column('bigint')
  sourceOutboxId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  readAt!: Date | null;
}
