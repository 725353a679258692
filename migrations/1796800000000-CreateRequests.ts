import type { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `state NOT IN ('released', 'withheld', 'closed')`;

/**
 * Requests: a FOIA, MDR or appeal case with its requester, its records (one review each), its
 * statutory clock and its letters. Several requests may cover one record at once, each with its
 * own review, so the rule of one open review per document now holds for reviews outside requests
 * only. A review opened for FOIA, MDR or an appeal before requests existed becomes a request of
 * one record with the same id, number and clock, so nothing already open loses its due date.
 */
export class CreateRequests1796800000000 implements MigrationInterface {
  name = 'CreateRequests1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "requests" (
        "id" uuid PRIMARY KEY,
        "number" text NOT NULL UNIQUE,
        "kind" text NOT NULL CHECK (kind IN ('FOIA', 'MDR', 'APPEAL')),
        "state" text NOT NULL CHECK (state IN ('open', 'answered', 'closed')),
        "requester" jsonb NOT NULL,
        "description" text NOT NULL,
        "received_on" date NOT NULL,
        "track" text NOT NULL CHECK (track IN ('simple', 'complex', 'expedited')),
        "appeal_of" uuid REFERENCES "requests" ("id"),
        "clock" jsonb,
        "due_at" timestamptz,
        "outcome" jsonb,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "requests_list" ON "requests" ("received_on" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "requests_state_list" ON "requests" ("state", "kind", "received_on" DESC, "id" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "requests_appeal_of" ON "requests" ("appeal_of")`);
    await queryRunner.query(`
      CREATE TABLE "request_numbers" (
        "prefix" text NOT NULL,
        "fiscal_year" integer NOT NULL,
        "last" integer NOT NULL,
        PRIMARY KEY ("prefix", "fiscal_year")
      )`);
    await queryRunner.query(`
      CREATE TABLE "request_letters" (
        "id" uuid PRIMARY KEY,
        "request_id" uuid NOT NULL REFERENCES "requests" ("id"),
        "kind" text NOT NULL,
        "text" text NOT NULL,
        "created_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "request_letters_request" ON "request_letters" ("request_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD "request_id" uuid REFERENCES "requests" ("id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "reviews_request" ON "reviews" ("request_id") WHERE request_id IS NOT NULL`,
    );

    // Every FOIA, MDR and appeal review so far becomes a request of one record.
    await queryRunner.query(`
      WITH src AS (
        SELECT r.id, r.kind, r.state, r.created_at, r.updated_at, r.due_at, r.document_number,
               r.snapshot #> '{context,clock}' AS clock,
               coalesce((r.snapshot #>> '{context,clock,receivedOn}')::date, r.created_at::date) AS received_on,
               r.determination
          FROM reviews r WHERE r.kind IN ('FOIA', 'MDR', 'APPEAL')
      ), numbered AS (
        SELECT src.*, CASE kind WHEN 'FOIA' THEN 'F' WHEN 'MDR' THEN 'M' ELSE 'A' END AS prefix,
               extract(year FROM received_on + interval '3 months')::int AS fiscal_year
          FROM src
      ), ranked AS (
        SELECT numbered.*, row_number() OVER (PARTITION BY prefix, fiscal_year
                                              ORDER BY received_on, created_at, id) AS seq
          FROM numbered
      ), counters AS (
        INSERT INTO request_numbers (prefix, fiscal_year, last)
        SELECT prefix, fiscal_year, max(seq) FROM ranked GROUP BY prefix, fiscal_year
      )
      INSERT INTO requests (id, number, kind, state, requester, description, received_on, track, clock,
                            due_at, outcome, created_at, updated_at)
      SELECT id, prefix || '-' || fiscal_year || '-' || lpad(seq::text, 5, '0'), kind,
             CASE WHEN state = 'closed' THEN 'closed' WHEN ${OPEN} THEN 'open' ELSE 'answered' END,
             '{"name": "(not recorded: opened as a single review)"}'::jsonb,
             'Review of ' || document_number || ', opened before requests were kept', received_on,
             'simple', clock, due_at,
             CASE WHEN state IN ('released', 'withheld') THEN jsonb_build_object(
               'determination', CASE determination WHEN 'RELEASE_IN_FULL' THEN 'GRANTED_IN_FULL'
                                  WHEN 'DENY_IN_FULL' THEN 'DENIED_IN_FULL' ELSE 'GRANTED_IN_PART' END,
               'respondedOn', updated_at::date,
               'records', '[]'::jsonb,
               'appealBy', CASE WHEN kind = 'APPEAL' OR determination = 'RELEASE_IN_FULL' THEN NULL
                             ELSE (updated_at::date + CASE kind WHEN 'MDR' THEN 60 ELSE 90 END) END)
             END,
             created_at, updated_at
        FROM ranked`);
    await queryRunner.query(
      `UPDATE reviews SET request_id = id WHERE kind IN ('FOIA', 'MDR', 'APPEAL')`,
    );

    await queryRunner.query(`DROP INDEX "reviews_one_open_per_document"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reviews_one_open_per_document" ON "reviews" ("document_id")
         WHERE request_id IS NULL AND ${OPEN}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "reviews_one_open_per_document"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reviews_one_open_per_document" ON "reviews" ("document_id") WHERE ${OPEN}`,
    );
    await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "request_id"`);
    await queryRunner.query(`DROP TABLE "request_letters"`);
    await queryRunner.query(`DROP TABLE "request_numbers"`);
    await queryRunner.query(`DROP TABLE "requests"`);
  }
}
