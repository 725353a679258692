import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { ReviewClock } from '../../review/domain';
import type { Adjudications, Requester, RequestOutcome } from '../domain/request.types';

/** A FOIA, MDR or appeal case: its requester, clock and answer; its records are its reviews. */
@Entity('requests')
@Unique('requests_number_key', ['number'])
@Check('requests_kind_check', `kind IN ('FOIA', 'MDR', 'APPEAL')`)
@Check('requests_state_check', `state IN ('open', 'answered', 'closed')`)
@Check('requests_track_check', `track IN ('simple', 'complex', 'expedited')`)
@Index('requests_list', { synchronize: false })
@Index('requests_state_list', { synchronize: false })
@Index('requests_appeal_of', ['appealOf'])
@Index('requests_responded', ['respondedOn', 'receivedOn'])
@Index('requests_pending', ['receivedOn'], { where: 'responded_on IS NULL' })
export class RequestEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'requests_pkey' })
  id!: string;

  /** `F-2027-00042`: kind, fiscal year of receipt, sequence in that year. */
  @Column('text')
  number!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  state!: string;

  @Column('jsonb')
  requester!: Requester;

  @Column('text')
  description!: string;

  @Column('date')
  receivedOn!: string;

  @Column('text')
  track!: string;

  @Column('uuid', { nullable: true })
  appealOf!: string | null;

  @ManyToOne(() => RequestEntity)
  @JoinColumn({ name: 'appeal_of', foreignKeyConstraintName: 'requests_appeal_of_fkey' })
  appealed?: RequestEntity;

  /** The statutory clock with every adjustment and its explanation; its reviews carry copies. */
  @Column('jsonb', { nullable: true })
  clock!: ReviewClock | null;

  @Column('timestamptz', { nullable: true })
  dueAt!: Date | null;

  @Column('jsonb', { nullable: true })
  outcome!: RequestOutcome | null;

  /** The day the final response or closing went out: the outcome's, kept where an index finds it. */
  @Column('date', { nullable: true })
  respondedOn!: string | null;

  /** Expedited processing and fee waivers asked for, and how each was decided. */
  @Column('jsonb', { default: () => "'{}'" })
  adjudications!: Adjudications;

  @Column('integer', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** The last sequence number given in a fiscal year, per kind of request. */
@Entity('request_numbers')
export class RequestNumberEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'request_numbers_pkey' })
  prefix!: string;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'request_numbers_pkey' })
  fiscalYear!: number;

  @Column('integer')
  last!: number;
}

/** A letter sent to the requester, kept as sent. */
@Entity('request_letters')
@Index('request_letters_request', ['requestId', 'createdAt'])
export class RequestLetterEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'request_letters_pkey' })
  id!: string;

  @Column('uuid')
  requestId!: string;

  @ManyToOne(() => RequestEntity)
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'request_letters_request_id_fkey' })
  request?: RequestEntity;

  @Column('text')
  kind!: string;

  @Column('text')
  text!: string;

  @Column('timestamptz')
  createdAt!: Date;
}
