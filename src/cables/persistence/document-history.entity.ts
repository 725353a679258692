import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { DocumentEntity } from '../../documents/persistence/document.entity';

/**
 * A record's history from before declass: the reviews and dispositions a cable's "Message
 * Attributes" block recorded (Review History, Review Action, Disposition History, Disposition
 * Action, Markings), one row per entry, in the order the block gave them. `source` says where an
 * entry came from — today only IMPORTED — so nobody mistakes a legacy entry for a review done
 * here; reviews done in declass live in `reviews` and the audit trail, never here.
 */
@Entity('document_history')
@Check('document_history_source_check', `source IN ('IMPORTED')`)
@Check('document_history_kind_check', `kind IN ('REVIEW', 'DISPOSITION')`)
export class DocumentHistoryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'document_history_pkey' })
  documentId!: string;

  @ManyToOne(() => DocumentEntity)
  @JoinColumn({
    name: 'document_id',
    foreignKeyConstraintName: 'document_history_document_id_fkey',
  })
  document?: DocumentEntity;

  /** 1-based position in the document's legacy history. */
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'document_history_pkey' })
  ordinal!: number;

  @Column('text')
  source!: string;

  /** REVIEW: a reviewer's or approver's act; DISPOSITION: what was decided about the record. */
  @Column('text')
  kind!: string;

  /** The attribute the entry was read from: `Review History`, `Disposition Action`, `Markings` … */
  @Column('text')
  attribute!: string;

  /** As written: `RELEASED`, `APPROVED`, `Released in Part` … */
  @Column('text', { nullable: true })
  action!: string | null;

  @Column('date', { nullable: true })
  date!: string | null;

  /** The legacy system's user name or the reviewer's name, as written. */
  @Column('text', { nullable: true })
  performedBy!: string | null;

  /** Exemption codes or a reason word (`PRIVACY`), as written. */
  @Column('text', { nullable: true })
  reason!: string | null;

  /** Disposition Comment (`25 YEAR REVIEW`). */
  @Column('text', { nullable: true })
  comment!: string | null;

  /** The declassification stamp. */
  @Column('text', { nullable: true })
  marking!: string | null;

  @Column('date', { nullable: true })
  approvedOn!: string | null;

  @Column('text', { nullable: true })
  authority!: string | null;

  @Column('text', { nullable: true })
  caseNumber!: string | null;

  /** The attribute's value exactly as found in the file. */
  @Column('text')
  raw!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
