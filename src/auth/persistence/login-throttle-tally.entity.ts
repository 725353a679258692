import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Throttled login attempts not yet written to the audit trail, one row per throttled username or
 * client address. A client hammering the login after its limit would otherwise add an audit
 * event, which nobody may ever delete, for every attempt; instead the trail gets one event a
 * minute per username or address, carrying how many attempts it stands for.
 */
@Entity('login_throttle_tallies')
export class LoginThrottleTallyEntity {
  /** `username:<name>` or `address:<client address>`. */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'login_throttle_tallies_pkey' })
  key!: string;

  /** When the last LOGIN_THROTTLED event for this key was written. */
  @Column('timestamptz')
  recordedAt!: Date;

  /** Attempts refused since then, to be counted in the next event. */
  @Column('integer')
  unrecorded!: number;
}
