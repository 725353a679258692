import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every timer the law sets. Postgres holds the truth; BullMQ only executes. */
@Entity('deadlines')
@Check('deadlines_status_check', `status IN ('PENDING', 'FIRED', 'CANCELLED')`)
// The sweeper's question: which pending deadlines fall due before the horizon?
@Index('deadlines_pending_due_idx', ['dueAt'], { where: "status = 'PENDING'" })
@Index('deadlines_subject_idx', ['subjectType', 'subjectId'])
// Metrics: what fired lately, and how late.
@Index('deadlines_fired_idx', ['firedAt'], { where: "status = 'FIRED'" })
export class DeadlineEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** REVIEW_DUE, REFERRAL_DUE, RE_REVIEW, AUTO_DECLASSIFY … */
  @Column('text')
  kind!: string;

  /** REVIEW, DOCUMENT or REFERRAL. */
  @Column('text')
  subjectType!: string;

  @Column('uuid')
  subjectId!: string;

  /**
   * Never moved once written: a new date is a new row (the old one CANCELLED), so the job id
   * `deadline-<id>` always stands for one due time.
   */
  @Column('timestamptz')
  dueAt!: Date;

  /** PENDING, FIRED or CANCELLED. */
  @Column('text', { default: 'PENDING' })
  status!: string;

  @Column('timestamptz', { nullable: true })
  firedAt!: Date | null;

  /** The rule that set the date, in words an auditor can check. */
  @Column('text', { nullable: true })
  rule!: string | null;

  /** What firing did (`DECLASSIFIED …`, `REVIEW_OVERDUE …`), or why it had no effect. */
  @Column('text', { nullable: true })
  outcome!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
