import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('users_username_key', { unique: true })
  @Column('text')
  username!: string;

  /** `scrypt$N$r$p$salt$hash`, base64 parts; never leaves the auth module. */
  @Column('text')
  passwordHash!: string;

  @Column('text', { array: true })
  roles!: string[];

  @Column('text')
  clearance!: string;

  @Column('text', { array: true, default: () => "'{}'" })
  caveats!: string[];

  @Column('boolean', { default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
