import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Access } from '../application/admin-policy';
import { UserEntity } from './user.entity';

/**
 * A change to an administrator's powers proposed by one administrator, waiting for a second to
 * approve or reject it. At most one waits per account; once decided it stays as the record of
 * who proposed and who decided.
 */
@Entity('user_change_requests')
@Index('user_change_requests_pending_key', ['userId'], { unique: true, where: 'outcome IS NULL' })
export class UserChangeRequestEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'user_change_requests_pkey' })
  id!: string;

  @Column('uuid')
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_change_requests_user_id_fkey' })
  user?: UserEntity;

  /** The account's access when the change was proposed; approval refuses if it moved since. */
  @Column('jsonb')
  before!: Access;

  @Column('jsonb')
  after!: Access;

  @Column('uuid')
  proposedBy!: string;

  @Column('timestamptz')
  proposedAt!: Date;

  /** APPROVED or REJECTED; null while it waits. */
  @Column('text', { nullable: true })
  outcome!: string | null;

  @Column('uuid', { nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;
}
