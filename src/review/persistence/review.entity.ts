import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { DocumentEntity } from '../../documents/persistence/document.entity';
import type { PersistedReview } from '../domain';

@Entity('reviews')
@Check('reviews_version_check', 'version > 0')
@Index('reviews_queue_idx', ['state', 'assigneeId'])
// One open review per document at a time; closed ones stay as history.
@Index('reviews_one_open_per_document', ['documentId'], {
  unique: true,
  where: "state NOT IN ('released', 'withheld', 'closed')",
})
// A document's reviews, latest first: the deadline worker asks for the latest determination.
@Index('reviews_document_idx', ['documentId', 'updatedAt'])
export class ReviewEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  documentId!: string;

  @ManyToOne(() => DocumentEntity)
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'reviews_document_id_fkey' })
  document?: DocumentEntity;

  @Column('text')
  kind!: string;

  /** The statechart's value, kept beside the snapshot for queues and filters. */
  @Column('text')
  state!: string;

  @Column('jsonb')
  snapshot!: PersistedReview;

  @Column('integer')
  machineVersion!: number;

  /** Optimistic lock: one more with every accepted event. */
  @Column('integer')
  version!: number;

  @Column('uuid', { nullable: true })
  assigneeId!: string | null;

  @Column('uuid', { nullable: true })
  proposerId!: string | null;

  @Column('text', { nullable: true })
  determination!: string | null;

  @Column('text', { nullable: true })
  releaseMarking!: string | null;

  @Column('timestamptz', { nullable: true })
  dueAt!: Date | null;

  @Column('integer', { default: 0 })
  priority!: number;

  /** The hash of the last event of the review's audit chain: a step chains to it, guarded by `version`. */
  @Column('text', { nullable: true })
  auditHead!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
