import type { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `state NOT IN ('released', 'withheld', 'closed')`;
const DUE = `(coalesce(due_at, 'infinity'::timestamptz))`;

/**
 * The review lists read one table, in the order of an index, a page at a time. What they filter
 * and sort on of the document (its number, title, level and captions for need-to-know) is copied
 * onto each review by triggers: on a review's insert, and whenever the document changes, so the
 * copy can never drift from the document. Indexes serve each list's filter and order, with the
 * review id as the tie-break a cursor needs; trigram indexes serve search by number or title.
 */
export class AddReviewListColumns1796700000000 implements MigrationInterface {
  name = 'AddReviewListColumns1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD "document_number" text, ADD "document_title" text,
         ADD "document_rank" smallint, ADD "document_captions" text array`,
    );
    await queryRunner.query(
      `UPDATE "reviews" r SET document_number = d.document_number, document_title = d.title,
         document_rank = d.classification_rank, document_captions = d.captions
       FROM "documents" d WHERE d.id = r.document_id`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ALTER "document_number" SET NOT NULL, ALTER "document_title" SET NOT NULL,
         ALTER "document_rank" SET NOT NULL, ALTER "document_captions" SET NOT NULL`,
    );
    await queryRunner.query(`
      CREATE FUNCTION reviews_copy_document() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT d.document_number, d.title, d.classification_rank, d.captions
          INTO NEW.document_number, NEW.document_title, NEW.document_rank, NEW.document_captions
          FROM documents d WHERE d.id = NEW.document_id;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER reviews_copy_document BEFORE INSERT OR UPDATE OF document_id ON "reviews"
         FOR EACH ROW EXECUTE FUNCTION reviews_copy_document()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION documents_copy_to_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE reviews SET document_number = NEW.document_number, document_title = NEW.title,
               document_rank = NEW.classification_rank, document_captions = NEW.captions
         WHERE document_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER documents_copy_to_reviews
         AFTER UPDATE OF document_number, title, classification_rank, captions ON "documents"
         FOR EACH ROW
         WHEN (ROW(OLD.document_number, OLD.title, OLD.classification_rank, OLD.captions)
           IS DISTINCT FROM ROW(NEW.document_number, NEW.title, NEW.classification_rank, NEW.captions))
         EXECUTE FUNCTION documents_copy_to_reviews()`,
    );
    // How many reviews each list holds, by what a list counts on, kept by statement triggers:
    // a list's total is a sum over a few rows, not a count over millions. Each statement folds
    // its changes into one delta per key and applies them in key order, so concurrent writers
    // take the counter rows in the same order and cannot deadlock.
    await queryRunner.query(
      `CREATE TABLE "review_counts" ("state" text NOT NULL, "assignee_id" uuid, "kind" text NOT NULL,
         "document_rank" smallint NOT NULL, "document_captions" text array NOT NULL,
         "n" bigint NOT NULL,
         CONSTRAINT "review_counts_key" UNIQUE NULLS NOT DISTINCT
           ("state", "assignee_id", "kind", "document_rank", "document_captions"))`,
    );
    await queryRunner.query(
      `INSERT INTO "review_counts" (state, assignee_id, kind, document_rank, document_captions, n)
       SELECT state, assignee_id, kind, document_rank, document_captions, count(*)
         FROM "reviews" GROUP BY 1, 2, 3, 4, 5`,
    );
    const apply = (deltas: string) => `
        INSERT INTO review_counts AS c (state, assignee_id, kind, document_rank, document_captions, n)
        SELECT state, assignee_id, kind, document_rank, document_captions, sum(d)
          FROM (${deltas}) AS changes
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT ON CONSTRAINT review_counts_key DO UPDATE SET n = c.n + EXCLUDED.n;`;
    const keys = 'state, assignee_id, kind, document_rank, document_captions';
    await queryRunner.query(`
      CREATE FUNCTION review_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(`SELECT ${keys}, 1 AS d FROM new_rows`)} RETURN NULL; END $$`);
    await queryRunner.query(`
      CREATE FUNCTION review_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(`SELECT ${keys}, -1 AS d FROM old_rows UNION ALL SELECT ${keys}, 1 FROM new_rows`)} RETURN NULL; END $$`);
    await queryRunner.query(`
      CREATE FUNCTION review_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(`SELECT ${keys}, -1 AS d FROM old_rows`)} RETURN NULL; END $$`);
    await queryRunner.query(
      `CREATE TRIGGER review_counts_on_insert AFTER INSERT ON "reviews"
         REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_counts_on_insert()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER review_counts_on_update AFTER UPDATE ON "reviews"
         REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION review_counts_on_update()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER review_counts_on_delete AFTER DELETE ON "reviews"
         REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_counts_on_delete()`,
    );
    for (const sql of [
      // With due_at itself and what need-to-know reads, so counting open reviews by due date
      // (overdue, due this week) reads the index alone.
      `CREATE INDEX "reviews_open_due_idx" ON "reviews" (${DUE}, id)
         INCLUDE (due_at, document_rank, document_captions) WHERE ${OPEN}`,
      `CREATE INDEX "reviews_state_due_idx" ON "reviews" (state, ${DUE}, id)`,
      `CREATE INDEX "reviews_assignee_due_idx" ON "reviews" (assignee_id, ${DUE}, id)`,
      `CREATE INDEX "reviews_open_updated_idx" ON "reviews" (updated_at, id) WHERE ${OPEN}`,
      `CREATE INDEX "reviews_open_number_idx" ON "reviews" (document_number, id) WHERE ${OPEN}`,
      `CREATE INDEX "reviews_search_idx" ON "reviews" USING gin (document_number gin_trgm_ops, document_title gin_trgm_ops)`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'reviews_search_idx',
      'reviews_open_number_idx',
      'reviews_open_updated_idx',
      'reviews_assignee_due_idx',
      'reviews_state_due_idx',
      'reviews_open_due_idx',
    ]) {
      await queryRunner.query(`DROP INDEX "${name}"`);
    }
    for (const op of ['insert', 'update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER review_counts_on_${op} ON "reviews"`);
      await queryRunner.query(`DROP FUNCTION review_counts_on_${op}()`);
    }
    await queryRunner.query(`DROP TABLE "review_counts"`);
    await queryRunner.query(`DROP TRIGGER documents_copy_to_reviews ON "documents"`);
    await queryRunner.query(`DROP FUNCTION documents_copy_to_reviews()`);
    await queryRunner.query(`DROP TRIGGER reviews_copy_document ON "reviews"`);
    await queryRunner.query(`DROP FUNCTION reviews_copy_document()`);
    await queryRunner.query(
      `ALTER TABLE "reviews" DROP "document_number", DROP "document_title", DROP "document_rank",
         DROP "document_captions"`,
    );
  }
}
