import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * One login: the refresh token that keeps it going (stored as its sha256, never in clear) and
 * whether it still holds. Every request checks its session, so a logout, a deactivation or a
 * stolen refresh token ends it at once.
 */
@Entity('sessions')
// The sessions of a user still open, for revoking them all when the user is deactivated.
@Index('sessions_user_open_idx', ['userId'], { where: 'revoked_at IS NULL' })
export class SessionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sessions_user_id_fkey' })
  user?: UserEntity;

  /** sha256 (hex) of the current refresh token; a rotated token no longer matches it. */
  @Column('text')
  refreshTokenHash!: string;

  /** How many times the refresh token was rotated. */
  @Column('integer', { default: 0 })
  rotations!: number;

  /** The client address of the login. */
  @Column('text', { nullable: true })
  address!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  refreshedAt!: Date | null;

  /** The session ends here whatever happens: refreshing does not extend it. */
  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  /** LOGOUT, REFRESH_TOKEN_REUSED, USER_DEACTIVATED or PASSWORD_RESET. */
  @Column('text', { nullable: true })
  revokedReason!: string | null;
}
