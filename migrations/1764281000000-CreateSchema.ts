import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema of declass (DESIGN.md "Domain model"). The tables mirror the entities; the
 * append-only guard on audit_events is hand-written: no UPDATE, DELETE or TRUNCATE passes it,
 * whoever asks, short of a superuser disabling triggers.
 */
export class CreateSchema1764281000000 implements MigrationInterface {
  name = 'CreateSchema1764281000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("seq" BIGSERIAL NOT NULL, "chain_key" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_username" text, "actor_roles" text array NOT NULL DEFAULT '{}', "action" text NOT NULL, "review_id" uuid, "document_id" uuid, "from_state" text, "to_state" text, "payload" jsonb NOT NULL DEFAULT '{}', "prev_hash" text, "hash" text NOT NULL, CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_occurred_idx" ON "audit_events"  ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_document_idx" ON "audit_events"  ("document_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_review_idx" ON "audit_events"  ("review_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_chain_idx" ON "audit_events"  ("chain_key", "seq")`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL, "username" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL, "clearance" text NOT NULL, "caveats" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "users_username_key" ON "users"  ("username")`);
    await queryRunner.query(
      `CREATE TABLE "deadlines" ("id" uuid NOT NULL, "kind" text NOT NULL, "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'PENDING', "fired_at" TIMESTAMP WITH TIME ZONE, "rule" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "deadlines_status_check" CHECK (status IN ('PENDING', 'FIRED', 'CANCELLED')), CONSTRAINT "PK_a9b8551c028a78298641a8e3470" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "deadlines_subject_idx" ON "deadlines"  ("subject_type", "subject_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "deadlines_pending_due_idx" ON "deadlines"  ("due_at") WHERE status = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL, "collection" text NOT NULL DEFAULT 'default', "document_number" text NOT NULL, "title" text NOT NULL, "originator" text, "document_date" date NOT NULL, "format" text NOT NULL DEFAULT 'TEL', "tags" text array NOT NULL DEFAULT '{}', "captions" text array NOT NULL DEFAULT '{}', "original_classification" text NOT NULL, "current_classification" text NOT NULL, "classification_rank" smallint NOT NULL, "classification_authority" text, "declassify_on" text, "equities" text array NOT NULL DEFAULT '{}', "content_hash" text NOT NULL, "source_attributes" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "documents_classification_check" CHECK (original_classification IN ('UNCLASSIFIED', 'LIMITED OFFICIAL USE', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET') AND current_classification IN ('UNCLASSIFIED', 'LIMITED OFFICIAL USE', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET') AND classification_rank BETWEEN 0 AND 3), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_visibility_idx" ON "documents"  ("classification_rank", "document_date")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "documents_collection_number_key" ON "documents"  ("collection", "document_number")`,
    );
    await queryRunner.query(
      `CREATE TABLE "portions" ("id" uuid NOT NULL, "document_id" uuid NOT NULL, "seq" integer NOT NULL, "classification" text NOT NULL, "text" text NOT NULL, CONSTRAINT "PK_34ef65b49f2ea4777146281872c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "portions_document_seq_key" ON "portions"  ("document_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "review_id" uuid, "document_id" uuid, "reason" text NOT NULL, "message" text NOT NULL, "source_outbox_id" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "notifications_source_key" ON "notifications"  ("source_outbox_id", "user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_user_idx" ON "notifications"  ("user_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "job" text NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_pending_idx" ON "outbox"  ("id") WHERE relayed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "reviews" ("id" uuid NOT NULL, "document_id" uuid NOT NULL, "kind" text NOT NULL, "state" text NOT NULL, "snapshot" jsonb NOT NULL, "machine_version" integer NOT NULL, "version" integer NOT NULL, "assignee_id" uuid, "proposer_id" uuid, "determination" text, "release_marking" text, "due_at" TIMESTAMP WITH TIME ZONE, "priority" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reviews_version_check" CHECK (version > 0), CONSTRAINT "PK_231ae565c273ee700b283f15c1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reviews_one_open_per_document" ON "reviews"  ("document_id") WHERE state NOT IN ('released', 'withheld', 'closed')`,
    );
    await queryRunner.query(
      `CREATE INDEX "reviews_queue_idx" ON "reviews"  ("state", "assignee_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "portion_decisions" ("id" uuid NOT NULL, "review_id" uuid NOT NULL, "portion_id" uuid NOT NULL, "action" text NOT NULL, "exemptions" jsonb NOT NULL DEFAULT '[]', "justification" text, "agency" text, "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_115a5854ef529a20fc7848a5b4b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "portion_decisions_review_portion_key" ON "portion_decisions"  ("review_id", "portion_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "referrals" ("id" uuid NOT NULL, "review_id" uuid NOT NULL, "agency" text NOT NULL, "portion_ids" uuid array NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "response" text, "responded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "referrals_review_idx" ON "referrals"  ("review_id")`);
    await queryRunner.query(
      `ALTER TABLE "portions" ADD CONSTRAINT "portions_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "reviews_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "portion_decisions" ADD CONSTRAINT "portion_decisions_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "portion_decisions" ADD CONSTRAINT "portion_decisions_portion_id_fkey" FOREIGN KEY ("portion_id") REFERENCES "portions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referrals" ADD CONSTRAINT "referrals_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_no_truncate ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER audit_events_no_change ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_review_id_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "portion_decisions" DROP CONSTRAINT "portion_decisions_portion_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "portion_decisions" DROP CONSTRAINT "portion_decisions_review_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "reviews_document_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "portions" DROP CONSTRAINT "portions_document_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."referrals_review_idx"`);
    await queryRunner.query(`DROP TABLE "referrals"`);
    await queryRunner.query(`DROP INDEX "public"."portion_decisions_review_portion_key"`);
    await queryRunner.query(`DROP TABLE "portion_decisions"`);
    await queryRunner.query(`DROP INDEX "public"."reviews_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."reviews_one_open_per_document"`);
    await queryRunner.query(`DROP TABLE "reviews"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_pending_idx"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_source_key"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."portions_document_seq_key"`);
    await queryRunner.query(`DROP TABLE "portions"`);
    await queryRunner.query(`DROP INDEX "public"."documents_collection_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."documents_visibility_idx"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP INDEX "public"."deadlines_pending_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."deadlines_subject_idx"`);
    await queryRunner.query(`DROP TABLE "deadlines"`);
    await queryRunner.query(`DROP INDEX "public"."users_username_key"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_chain_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_review_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_document_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_occurred_idx"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
