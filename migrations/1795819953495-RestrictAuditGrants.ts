import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The application's database role, declass_app: it may read and append audit events but never
 * change or remove one (the trigger already refuses that to everyone; the grants make it a
 * permission error before the trigger runs). Production connects as a login role that is a member
 * of declass_app; the role is cluster-wide, so the migration creates it only when missing.
 */
export class RestrictAuditGrants1795819953495 implements MigrationInterface {
  name = 'RestrictAuditGrants1795819953495';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        CREATE ROLE declass_app NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await queryRunner.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO declass_app`,
    );
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO declass_app`);
    await queryRunner.query(
      `REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM declass_app, PUBLIC`,
    );
    // Tables created by later migrations get the same grants by default; audit_events keeps its own.
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO declass_app`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO declass_app`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM declass_app`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM declass_app`,
    );
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM declass_app`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM declass_app`);
  }
}
