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
// One open review per document at a time outside requests (several requests may cover one
// record, each with its own review); closed ones stay as history.
@Index('reviews_one_open_per_document', ['documentId'], {
  unique: true,
  where: "request_id IS NULL AND state NOT IN ('released', 'withheld', 'closed')",
})
@Index('reviews_request', ['requestId'], { where: 'request_id IS NOT NULL' })
// A document's reviews, latest first: the deadline worker asks for the latest determination.
@Index('reviews_document_idx', ['documentId', 'updatedAt'])
// The lists' orders and search (expression, partial and trigram indexes the migration creates).
@Index('reviews_open_due_idx', { synchronize: false })
@Index('reviews_state_due_idx', { synchronize: false })
@Index('reviews_assignee_due_idx', { synchronize: false })
@Index('reviews_open_updated_idx', { synchronize: false })
@Index('reviews_open_number_idx', { synchronize: false })
@Index('reviews_search_idx', { synchronize: false })
export class ReviewEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  documentId!: string;

  @ManyToOne(() => DocumentEntity)
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'reviews_document_id_fkey' })
  document?: DocumentEntity;

  /** The request the review answers, for FOIA, MDR and appeal reviews. */
  @Column('uuid', { nullable: true })
  requestId!: string | null;

  // Named, not imported: requests are built on reviews, not the other way round.
  @ManyToOne('RequestEntity')
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'reviews_request_id_fkey' })
  request?: unknown;

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

  /**
   * The document's number, title, level and captions, copied by database triggers on insert and
   * on every change of the document, for the lists to filter, sort and search one table.
   */
  @Column('text')
  documentNumber!: string;

  @Column('text')
  documentTitle!: string;

  @Column('smallint')
  documentRank!: number;

  @Column('text', { array: true })
  documentCaptions!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
