import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('documents')
@Check(
  'documents_classification_check',
  `original_classification IN ('UNCLASSIFIED', 'LIMITED OFFICIAL USE', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET') AND current_classification IN ('UNCLASSIFIED', 'LIMITED OFFICIAL USE', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET') AND classification_rank BETWEEN 0 AND 3`,
)
@Index('documents_collection_number_key', ['collection', 'documentNumber'], { unique: true })
@Index('documents_visibility_idx', ['classificationRank', 'documentDate'])
export class DocumentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { default: 'default' })
  collection!: string;

  @Column('text')
  documentNumber!: string;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  originator!: string | null;

  @Column('date')
  documentDate!: string;

  @Column('text', { default: 'TEL' })
  format!: string;

  @Column('text', { array: true, default: () => "'{}'" })
  tags!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  captions!: string[];

  @Column('text')
  originalClassification!: string;

  @Column('text')
  currentClassification!: string;

  /** Rank of the current classification (U/LOU 0 … TS 3), for need-to-know filters in SQL. */
  @Column('smallint')
  classificationRank!: number;

  /** e.g. `E.O. 11652: GDS`. */
  @Column('text', { nullable: true })
  classificationAuthority!: string | null;

  @Column('text', { nullable: true })
  declassifyOn!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  equities!: string[];

  /** Restricted Data / Formerly Restricted Data: never declassified automatically. */
  @Column('boolean', { default: false })
  restrictedData!: boolean;

  /** 31 December of origin + 25 (E.O. 13526 §3.3); null when never automatic (RD/FRD, U, LOU). */
  @Column('date', { nullable: true })
  autoDeclassifyOn!: string | null;

  /** SHA-256 of the portions' text, to recognise a record seen before. */
  @Column('text')
  contentHash!: string;

  /** Attributes imported with the record as found (cable "Message Attributes"). */
  @Column('jsonb', { nullable: true })
  sourceAttributes!: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
