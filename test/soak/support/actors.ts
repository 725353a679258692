import { randomBytes } from 'node:crypto';
import { sleep, type Answer, type ErrorAnswer, type Session } from './client';

/**
 * People working through review lifecycles over HTTP, as the soak and the fault scripts drive
 * them: supervisors register cables, open and assign reviews, approve or return proposals and
 * record referral answers; reviewers decide portions, sometimes refer one, and propose; auditors
 * read the trail. Each person is one loop; none of them ever throws.
 */

interface Portion {
  id: string;
  seq: number;
  decision: null | { action: string; decidedBy: string };
}

interface Review {
  id: string;
  state: string;
  version: number;
  assigneeId: string | null;
  proposerId: string | null;
  portions: Portion[];
  referrals: { id: string; response: null | { recordedBy: string } }[];
}

export interface Team {
  supervisors: Session[];
  reviewers: Session[];
  auditors: Session[];
}

export interface LoadFigures {
  /** Reviews that reached released or withheld through this load. */
  lifecycles: number;
  /** Accepted lifecycle events (POST /api/reviews/:id/events answered 200). */
  transitions: number;
  /** Approvals the two-person rule refused, tried on purpose by a participant. */
  ruleHeld: number;
  /** Approvals by a participant that were accepted: must stay 0. */
  ruleBroken: number;
  /** Races lost to another person (409), expected under load. */
  conflicts: number;
  /** Answers no script step expects, by status and error code. */
  unexpected: Map<string, number>;
  /** Requests that got no answer (connection refused, reset, timeout). */
  noAnswer: number;
}

const EXEMPTION = '25X6, 20271231';
const JUSTIFICATION = 'Names a liaison officer whose identity is still protected by agreement.';
const pick = <T>(list: readonly T[]): T | undefined =>
  list[Math.floor(Math.random() * list.length)];
const chance = (p: number) => Math.random() < p;
const between = (min: number, max: number) => min + Math.random() * (max - min);

export function cableBody(): Record<string, unknown> {
  return {
    documentNumber: `1977SOAK${randomBytes(5).toString('hex').toUpperCase()}`,
    title: 'SALT TWO: Soviet position on cruise missiles',
    documentDate: '1977-06-16',
    originalClassification: 'SECRET',
    tags: ['PARM', 'UR'],
    portions: [
      {
        text: 'The Foreign Minister said Moscow would accept the limits.',
        classification: 'SECRET',
      },
      {
        text: 'He named the liaison officer who carried the message.',
        classification: 'CONFIDENTIAL',
      },
      { text: 'The meeting lasted two hours.', classification: 'UNCLASSIFIED' },
    ],
  };
}

export class Load {
  readonly figures: LoadFigures = {
    lifecycles: 0,
    transitions: 0,
    ruleHeld: 0,
    ruleBroken: 0,
    conflicts: 0,
    unexpected: new Map(),
    noAnswer: 0,
  };
  /** Reviews opened by this load and not yet ended, for pacing. */
  private open = 0;
  private stopped = false;

  constructor(
    private readonly team: Team,
    private readonly options: {
      /** Open reviews to keep in flight (default: two per reviewer). */
      inFlight?: number;
      /** Pause between one person's steps, ms. */
      thinkMs?: [number, number];
      /** Answers to count as expected while a dependency is down (e.g. 503). */
      tolerate?: (answer: Answer) => boolean;
    } = {},
  ) {}

  /** Runs every person until `stop()`; resolves when all have stopped. */
  async run(): Promise<void> {
    const loops = [
      ...this.team.supervisors.map((s) => this.loop(() => this.supervise(s))),
      ...this.team.reviewers.map((r) => this.loop(() => this.review(r))),
      ...this.team.auditors.map((a) => this.loop(() => this.audit(a), [2000, 5000])),
    ];
    await Promise.all(loops);
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(step: () => Promise<boolean>, idle: [number, number] = [150, 400]) {
    const [min, max] = this.options.thinkMs ?? [5, 30];
    while (!this.stopped) {
      let busy = false;
      try {
        busy = await step();
      } catch {
        this.figures.noAnswer += 1;
        await sleep(200);
      }
      await sleep(busy ? between(min, max) : between(idle[0], idle[1]));
    }
  }

  /** Counts an answer no step expects; returns whether the answer was the hoped-for one. */
  private expect(answer: Answer, ok: number[], what: string): boolean {
    if (ok.includes(answer.status)) return true;
    const error = (answer.body as Partial<ErrorAnswer> | undefined)?.error ?? '';
    if (answer.status === 409) {
      this.figures.conflicts += 1;
      return false;
    }
    if (this.options.tolerate?.(answer)) return false;
    const key = `${answer.status} ${error} (${what})`;
    this.figures.unexpected.set(key, (this.figures.unexpected.get(key) ?? 0) + 1);
    return false;
  }

  private async event(who: Session, review: Review, event: Record<string, unknown>) {
    const answer = await who.request<Review>(
      'POST',
      `/api/reviews/${review.id}/events`,
      { ...event, expectedVersion: review.version },
      'transition',
    );
    if (answer.status === 200) this.figures.transitions += 1;
    return answer;
  }

  /** A list holds rows; the review itself (decisions, referrals) is read by its id. */
  private async detail(who: Session, row: { id: string } | undefined): Promise<Review | null> {
    if (!row) return null;
    const answer = await who.request<Review>('GET', `/api/reviews/${row.id}`);
    return this.expect(answer, [200], 'read review') ? answer.body : null;
  }

  private async supervise(s: Session): Promise<boolean> {
    const inFlight = this.options.inFlight ?? this.team.reviewers.length * 2;
    const roll = Math.random();
    if (this.open < inFlight && roll < 0.5) return this.startReview(s);
    if (roll < 0.85) return this.decideProposal(s);
    return this.answerReferral(s);
  }

  private async startReview(s: Session): Promise<boolean> {
    const reviewer = pick(this.team.reviewers);
    if (!reviewer) return false;
    const doc = await s.request<{ id: string }>('POST', '/api/documents', cableBody(), 'write');
    if (!this.expect(doc, [201], 'register')) return true;
    const opened = await s.request<Review>(
      'POST',
      `/api/documents/${doc.body.id}/reviews`,
      { kind: 'SYSTEMATIC' },
      'write',
    );
    if (!this.expect(opened, [201], 'open')) return true;
    this.open += 1;
    const assigned = await this.event(s, opened.body, { type: 'ASSIGN', assigneeId: reviewer.id });
    this.expect(assigned, [200], 'ASSIGN');
    return true;
  }

  private async decideProposal(s: Session): Promise<boolean> {
    const list = await s.request<{ items: Review[] }>(
      'GET',
      '/api/reviews?state=pendingApproval&limit=50',
    );
    if (!this.expect(list, [200], 'list pending')) return true;
    const review = await this.detail(s, pick(list.body.items));
    if (!review) return false;
    const participant =
      review.proposerId === s.id ||
      review.portions.some((p) => p.decision?.decidedBy === s.id) ||
      review.referrals.some((r) => r.response?.recordedBy === s.id);
    if (participant) {
      // Now and then a participant tries anyway: the rule must hold under load too.
      if (!chance(0.3)) return false;
      const tried = await this.event(s, review, { type: 'APPROVE' });
      const error = (tried.body as unknown as Partial<ErrorAnswer>).error;
      if (tried.status === 200) this.figures.ruleBroken += 1;
      else if (tried.status === 403 && error === 'TWO_PERSON_RULE') this.figures.ruleHeld += 1;
      else this.expect(tried, [], 'APPROVE by a participant');
      return true;
    }
    if (chance(0.15)) {
      const returned = await this.event(s, review, {
        type: 'RETURN',
        comment: 'Cite the exemption for portion 2 with its date.',
      });
      this.expect(returned, [200], 'RETURN');
      return true;
    }
    const approved = await this.event(s, review, { type: 'APPROVE' });
    if (this.expect(approved, [200], 'APPROVE')) {
      this.figures.lifecycles += 1;
      this.open -= 1;
    }
    return true;
  }

  private async answerReferral(s: Session): Promise<boolean> {
    const list = await s.request<{ items: Review[] }>(
      'GET',
      '/api/reviews?state=awaitingReferral&limit=50',
    );
    if (!this.expect(list, [200], 'list referrals')) return true;
    const review = await this.detail(s, pick(list.body.items));
    const referral = review?.referrals.find((r) => r.response === null);
    if (!review || !referral) return false;
    const answered = await this.event(
      s,
      review,
      chance(0.5)
        ? { type: 'RECORD_REFERRAL_RESPONSE', referralId: referral.id, decision: 'RELEASE' }
        : {
            type: 'RECORD_REFERRAL_RESPONSE',
            referralId: referral.id,
            decision: 'EXEMPT',
            exemptions: ['25X1, 20271231'],
            justification: 'The agency protects its source.',
          },
    );
    this.expect(answered, [200], 'RECORD_REFERRAL_RESPONSE');
    return true;
  }

  private async review(r: Session): Promise<boolean> {
    const list = await r.request<{ items: Review[] }>(
      'GET',
      `/api/reviews?assigneeId=${r.id}&state=inReview&limit=20`,
    );
    if (!this.expect(list, [200], 'my queue')) return true;
    const summary = list.body.items[0];
    if (!summary) return false;
    if (chance(0.3)) {
      const text = await r.request(
        'GET',
        `/api/documents/${(summary as unknown as { documentId: string }).documentId}/text`,
      );
      this.expect(text, [200], 'read text');
    }
    const detailed = await this.detail(r, summary);
    if (!detailed) return true;
    let review = detailed;
    // One review in eight is denied in full, so both final states are reached.
    const denyAll = parseInt(review.id.slice(-1), 16) < 2;
    for (const portion of review.portions) {
      if (portion.decision && portion.decision.action !== 'REFER') continue;
      if (portion.decision?.action === 'REFER') return true;
      const refer = !denyAll && portion.seq === 3 && review.referrals.length === 0 && chance(0.1);
      const answer = await this.event(
        r,
        review,
        refer
          ? { type: 'REFER', agency: 'CIA', portionIds: [portion.id] }
          : {
              type: 'DECIDE_PORTION',
              portionId: portion.id,
              ...(portion.seq === 2 || denyAll
                ? { action: 'EXEMPT', exemptions: [EXEMPTION], justification: JUSTIFICATION }
                : { action: 'RELEASE' }),
            },
      );
      if (!this.expect(answer, [200], refer ? 'REFER' : 'DECIDE_PORTION')) return true;
      review = answer.body;
      if (refer) return true;
    }
    const actions = review.portions.map((p) => p.decision?.action);
    const determination = actions.every((a) => a === 'RELEASE')
      ? 'RELEASE_IN_FULL'
      : actions.every((a) => a === 'EXEMPT')
        ? 'DENY_IN_FULL'
        : 'RELEASE_IN_PART';
    const proposed = await this.event(r, review, { type: 'PROPOSE', determination });
    this.expect(proposed, [200], 'PROPOSE');
    return true;
  }

  private async audit(a: Session): Promise<boolean> {
    const list = await a.request<{ items: Review[] }>(
      'GET',
      '/api/reviews?state=released&limit=20',
    );
    if (!this.expect(list, [200], 'auditor list')) return true;
    const review = pick(list.body.items);
    if (!review) return false;
    const trail = await a.request('GET', `/api/audit/events?reviewId=${review.id}&format=ndjson`);
    this.expect(trail, [200], 'audit export');
    return true;
  }
}
