import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PortionEntity } from '../../documents/persistence/portion.entity';
import { ReviewEntity } from './review.entity';
import type { Exemption } from '../domain';

/** The current decision on each portion of a review, projected from the snapshot for queries. */
@Entity('portion_decisions')
@Index('portion_decisions_review_portion_key', ['reviewId', 'portionId'], { unique: true })
export class PortionDecisionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  reviewId!: string;

  @ManyToOne(() => ReviewEntity)
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'portion_decisions_review_id_fkey' })
  review?: ReviewEntity;

  @Column('uuid')
  portionId!: string;

  @ManyToOne(() => PortionEntity)
  @JoinColumn({ name: 'portion_id', foreignKeyConstraintName: 'portion_decisions_portion_id_fkey' })
  portion?: PortionEntity;

  @Column('text')
  action!: string;

  @Column('jsonb', { default: () => "'[]'" })
  exemptions!: Exemption[];

  @Column('text', { nullable: true })
  justification!: string | null;

  @Column('text', { nullable: true })
  agency!: string | null;

  @Column('uuid')
  decidedBy!: string;

  @Column('timestamptz')
  decidedAt!: Date;
}
