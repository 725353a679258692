import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ReviewEntity } from './review.entity';

/** Equity referrals of a review to another agency, projected from the snapshot. */
@Entity('referrals')
@Index('referrals_review_idx', ['reviewId'])
export class ReferralEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  reviewId!: string;

  @ManyToOne(() => ReviewEntity)
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'referrals_review_id_fkey' })
  review?: ReviewEntity;

  @Column('text')
  agency!: string;

  @Column('uuid', { array: true })
  portionIds!: string[];

  @Column('timestamptz')
  sentAt!: Date;

  @Column('timestamptz', { nullable: true })
  dueAt!: Date | null;

  @Column('text', { nullable: true })
  response!: string | null;

  @Column('timestamptz', { nullable: true })
  respondedAt!: Date | null;
}
