/**
 * The rules each event must satisfy. Each rule returns
 * the violation it finds or null; the machine's guards are these rules read as booleans, and the
 * host asks the same rules why an event was refused, so the two can never disagree.
 */
import { canAccess, isClearance, rankOf } from './classification';
import { ErrorCode, type Violation } from './errors';
import {
  isAtomic,
  validateCitations,
  validateExemption,
  type ExemptionSetting,
} from './exemptions';
import type {
  Actor,
  ApproveEvent,
  AssignEvent,
  CloseEvent,
  DeadlineElapsedEvent,
  DecaptionEvent,
  DecidePortionEvent,
  DowngradeEvent,
  ExtendEvent,
  Determination,
  ProposeEvent,
  RecordReferralResponseEvent,
  ReferEvent,
  ResumeEvent,
  ReturnEvent,
  ReviewContext,
  ReviewEvent,
  Role,
  SetDueDateEvent,
  TollEvent,
} from './review.types';
import { SYSTEM_ACTOR } from './review.types';

const violation = (code: ErrorCode, message: string): Violation => ({ code, message });

function hasRole(actor: Actor, role: Role): Violation | null {
  return actor.roles.includes(role)
    ? null
    : violation(
        ErrorCode.ROLE_REQUIRED,
        `Only a ${role} may do this; you are ${actor.roles.join(', ') || 'without a role'}`,
      );
}

function cleared(ctx: ReviewContext, actor: Actor): Violation | null {
  const doc = ctx.document;
  return canAccess(actor, { classification: doc.classification, captions: doc.captions })
    ? null
    : violation(
        ErrorCode.CLEARANCE_REQUIRED,
        `Your clearance or caveats do not cover document ${doc.documentNumber}`,
      );
}

function isAssignee(ctx: ReviewContext, actor: Actor): Violation | null {
  if (ctx.assigneeId === actor.id) return null;
  return violation(
    ErrorCode.NOT_ASSIGNEE,
    ctx.assigneeId
      ? 'Only the reviewer assigned to this review may do this'
      : 'Nobody is assigned to this review yet; a supervisor must ASSIGN it first',
  );
}

function first(...checks: Array<() => Violation | null>): Violation | null {
  for (const check of checks) {
    const found = check();
    if (found) return found;
  }
  return null;
}

/** What decides whether a code may be cited in this review on the agency's date `on`. */
export const settingFor = (ctx: ReviewContext, on: string): ExemptionSetting => ({
  documentDate: ctx.document.documentDate,
  on,
  reviewKind: ctx.kind,
  classification: ctx.document.classification,
  appealOf: ctx.clock?.basis.appealOf,
  requestedOn: ctx.clock?.receivedOn,
});

/** The agency that alone declassifies Restricted Data and Formerly Restricted Data. */
export const ATOMIC_ENERGY_AGENCY = 'DOE';

/** The record is flagged for atomic information, or this review withholds some under RD, FRD or TFNI. */
function holdsAtomicInformation(ctx: ReviewContext): boolean {
  return (
    ctx.document.restrictedData === true ||
    Object.values(ctx.decisions).some((d) => d?.exemptions.some(isAtomic))
  );
}

/**
 * A record flagged as holding Restricted Data, Formerly Restricted Data or TFNI, or found to hold
 * it by this review (a portion withheld under RD, FRD or TFNI), may release a portion only once
 * the Department of Energy has answered a referral of it with RELEASE: the agency cannot declassify
 * atomic information, nor be sure that the rest of such a record holds none.
 */
function restrictedDataCleared(ctx: ReviewContext): Violation | null {
  if (!holdsAtomicInformation(ctx)) return null;
  const uncleared = ctx.document.portions.filter(
    (p) =>
      ctx.decisions[p.id]?.action === 'RELEASE' &&
      !ctx.referrals.some(
        (r) =>
          r.agency.toUpperCase() === ATOMIC_ENERGY_AGENCY &&
          r.portionIds.includes(p.id) &&
          r.response?.decision === 'RELEASE',
      ),
  );
  if (uncleared.length === 0) return null;
  return violation(
    ErrorCode.RULE_VIOLATED,
    `Document ${ctx.document.documentNumber} holds Restricted Data or Formerly Restricted Data, which only the Department of Energy declassifies (Atomic Energy Act §142; E.O. 13526 §6.2(a)): refer ${uncleared.map((p) => `#${p.seq}`).join(', ')} to ${ATOMIC_ENERGY_AGENCY} and release only what it clears`,
  );
}

function portionIsKnown(ctx: ReviewContext, portionId: string): Violation | null {
  return ctx.document.portions.some((p) => p.id === portionId)
    ? null
    : violation(
        ErrorCode.UNKNOWN_REFERENCE,
        `Portion ${portionId} is not part of document ${ctx.document.documentNumber}`,
      );
}

function openReferralFor(ctx: ReviewContext, portionId: string) {
  return ctx.referrals.find((r) => r.response === null && r.portionIds.includes(portionId));
}

function exemptionChoice(
  ctx: ReviewContext,
  on: string,
  exemptions: string[] | undefined,
  justification: string | undefined,
): Violation | null {
  const cited = validateCitations(exemptions ?? [], settingFor(ctx, on));
  if (!cited.ok) return violation(ErrorCode.EXEMPTION_INVALID, cited.message);
  if (!justification?.trim()) {
    return violation(
      ErrorCode.RULE_VIOLATED,
      'An exemption needs a justification: say why the portion must stay withheld',
    );
  }
  return null;
}

export const rules = {
  ASSIGN(ctx: ReviewContext, e: AssignEvent): Violation | null {
    return first(
      () => hasRole(e.actor, 'supervisor'),
      () => cleared(ctx, e.actor),
      () => {
        const a = e.assignee;
        if (a.id !== e.assigneeId)
          return violation(
            ErrorCode.UNKNOWN_REFERENCE,
            'The assignee looked up is not the one asked for',
          );
        if (!a.active)
          return violation(ErrorCode.ASSIGNEE_NOT_ELIGIBLE, 'That user is deactivated');
        if (!a.roles.includes('reviewer')) {
          return violation(
            ErrorCode.ASSIGNEE_NOT_ELIGIBLE,
            'Reviews are assigned to reviewers; that user is not one',
          );
        }
        if (!isClearance(a.clearance) || !canAccess(a, ctx.document)) {
          return violation(
            ErrorCode.ASSIGNEE_NOT_ELIGIBLE,
            `That reviewer's clearance or caveats do not cover document ${ctx.document.documentNumber}`,
          );
        }
        if (ctx.assigneeId === a.id) {
          return violation(
            ErrorCode.RULE_VIOLATED,
            'The review is already assigned to that reviewer',
          );
        }
        return null;
      },
    );
  },

  DECIDE_PORTION(ctx: ReviewContext, e: DecidePortionEvent): Violation | null {
    return first(
      () => isAssignee(ctx, e.actor),
      () => cleared(ctx, e.actor),
      () => portionIsKnown(ctx, e.portionId),
      () =>
        openReferralFor(ctx, e.portionId)
          ? violation(
              ErrorCode.REFERRAL_OPEN,
              'This portion is with another agency; record its response instead',
            )
          : null,
      () => {
        switch (e.action) {
          case 'RELEASE':
            return e.exemptions?.length
              ? violation(
                  ErrorCode.RULE_VIOLATED,
                  'A released portion cites no exemption; remove the codes or choose EXEMPT',
                )
              : null;
          case 'EXEMPT':
            return exemptionChoice(ctx, e.on, e.exemptions, e.justification);
          case 'REFER':
            return e.agency?.trim()
              ? null
              : violation(
                  ErrorCode.RULE_VIOLATED,
                  'A referral names the agency that holds the equity',
                );
        }
      },
    );
  },

  REFER(ctx: ReviewContext, e: ReferEvent): Violation | null {
    return first(
      () => isAssignee(ctx, e.actor),
      () => cleared(ctx, e.actor),
      () =>
        e.agency.trim()
          ? null
          : violation(ErrorCode.RULE_VIOLATED, 'A referral names the agency that holds the equity'),
      () =>
        e.portionIds.length
          ? null
          : violation(ErrorCode.RULE_VIOLATED, 'A referral names at least one portion'),
      () => {
        for (const id of e.portionIds) {
          const unknown = portionIsKnown(ctx, id);
          if (unknown) return unknown;
          if (openReferralFor(ctx, id)) {
            return violation(
              ErrorCode.REFERRAL_OPEN,
              `Portion ${id} is already referred and awaiting an answer`,
            );
          }
        }
        return null;
      },
    );
  },

  RECORD_REFERRAL_RESPONSE(ctx: ReviewContext, e: RecordReferralResponseEvent): Violation | null {
    return first(
      () =>
        ctx.assigneeId === e.actor.id || e.actor.roles.includes('supervisor')
          ? null
          : violation(
              ErrorCode.NOT_ASSIGNEE,
              'Only the assignee or a supervisor records a referral response',
            ),
      () => cleared(ctx, e.actor),
      () => {
        const referral = ctx.referrals.find((r) => r.id === e.referralId);
        if (!referral)
          return violation(
            ErrorCode.UNKNOWN_REFERENCE,
            `Referral ${e.referralId} is not part of this review`,
          );
        if (referral.response)
          return violation(
            ErrorCode.RULE_VIOLATED,
            `Referral ${e.referralId} was already answered`,
          );
        return e.decision === 'EXEMPT'
          ? exemptionChoice(
              ctx,
              e.on,
              e.exemptions,
              e.justification?.trim() || `Equity of ${referral.agency}`,
            )
          : null;
      },
    );
  },

  DOWNGRADE(ctx: ReviewContext, e: DowngradeEvent): Violation | null {
    const level = ctx.document.classification;
    return first(
      () => isAssignee(ctx, e.actor),
      () => cleared(ctx, e.actor),
      () =>
        holdsAtomicInformation(ctx)
          ? violation(
              ErrorCode.RULE_VIOLATED,
              `Document ${ctx.document.documentNumber} holds Restricted Data or Formerly Restricted Data, whose level only the Department of Energy changes (Atomic Energy Act §142): refer it to ${ATOMIC_ENERGY_AGENCY} instead`,
            )
          : null,
      () =>
        rankOf(level) === 0
          ? violation(
              ErrorCode.RULE_VIOLATED,
              `Document ${ctx.document.documentNumber} is ${level}: there is no level to lower`,
            )
          : null,
      () =>
        rankOf(e.to) === 0
          ? violation(
              ErrorCode.RULE_VIOLATED,
              `Downgrading keeps information classified, at CONFIDENTIAL at least; to declassify it, RELEASE its portions instead of downgrading to ${e.to}`,
            )
          : null,
      () =>
        rankOf(e.to) > rankOf(level)
          ? violation(
              ErrorCode.RULE_VIOLATED,
              `Document ${ctx.document.documentNumber} is ${level}; a downgrade lowers the level and cannot raise it to ${e.to}`,
            )
          : null,
      () => {
        const now = ctx.downgradeTo ?? null;
        if (e.to === level && now === null) {
          return violation(
            ErrorCode.RULE_VIOLATED,
            `Document ${ctx.document.documentNumber} is already ${level} and no downgrade is recorded; name a lower level`,
          );
        }
        return e.to === now
          ? violation(ErrorCode.RULE_VIOLATED, `The review already downgrades to ${e.to}`)
          : null;
      },
    );
  },

  DECAPTION(ctx: ReviewContext, e: DecaptionEvent): Violation | null {
    const carried = ctx.document.captions;
    return first(
      () => isAssignee(ctx, e.actor),
      () => cleared(ctx, e.actor),
      () => {
        const foreign = e.captions.filter((c) => !carried.includes(c));
        if (foreign.length === 0) return null;
        return violation(
          ErrorCode.RULE_VIOLATED,
          `Document ${ctx.document.documentNumber} carries no ${foreign.join(', ')}; its captions are ${carried.join(', ') || 'none'}`,
        );
      },
      () =>
        new Set(e.captions).size === e.captions.length
          ? null
          : violation(ErrorCode.RULE_VIOLATED, 'Name each caption to remove once'),
      () => {
        const now = ctx.decaptions ?? [];
        const same = e.captions.length === now.length && e.captions.every((c) => now.includes(c));
        if (!same) return null;
        return violation(
          ErrorCode.RULE_VIOLATED,
          e.captions.length === 0
            ? 'No decaptioning is recorded; name the captions to remove'
            : `The review already removes ${now.join(', ')}`,
        );
      },
    );
  },

  PROPOSE(ctx: ReviewContext, e: ProposeEvent): Violation | null {
    return first(
      () => isAssignee(ctx, e.actor),
      () => cleared(ctx, e.actor),
      () =>
        ctx.referrals.some((r) => r.response === null)
          ? violation(
              ErrorCode.REFERRAL_OPEN,
              'A referral is still awaiting the other agency; record its response first',
            )
          : null,
      () => {
        const undecided = ctx.document.portions.filter((p) => {
          const d = ctx.decisions[p.id];
          return !d || d.action === 'REFER';
        });
        if (undecided.length === 0) return null;
        return violation(
          ErrorCode.PORTIONS_UNDECIDED,
          `Every portion needs a RELEASE or EXEMPT decision first; undecided: ${undecided.map((p) => `#${p.seq}`).join(', ')}`,
        );
      },
      () => exemptionsStillValid(ctx, e.on),
      () => restrictedDataCleared(ctx),
      () => {
        const expected = determinationFor(ctx);
        return expected === e.determination
          ? null
          : violation(
              ErrorCode.DETERMINATION_MISMATCH,
              `The decisions call for ${expected}, not ${e.determination}`,
            );
      },
    );
  },

  APPROVE(ctx: ReviewContext, e: ApproveEvent): Violation | null {
    return first(
      () => hasRole(e.actor, 'supervisor'),
      () => cleared(ctx, e.actor),
      () =>
        ctx.proposerId === e.actor.id
          ? violation(
              ErrorCode.TWO_PERSON_RULE,
              'You proposed this determination; another supervisor must approve it',
            )
          : null,
      () =>
        ctx.participants.includes(e.actor.id)
          ? violation(
              ErrorCode.TWO_PERSON_RULE,
              'You proposed or decided portions of this review; another supervisor must approve it',
            )
          : null,
      () => exemptionsStillValid(ctx, e.on),
      () => restrictedDataCleared(ctx),
    );
  },

  RETURN(ctx: ReviewContext, e: ReturnEvent): Violation | null {
    return first(
      () => hasRole(e.actor, 'supervisor'),
      () => cleared(ctx, e.actor),
      () =>
        e.comment.trim()
          ? null
          : violation(ErrorCode.RULE_VIOLATED, 'Say what the reviewer should change'),
    );
  },

  CLOSE(ctx: ReviewContext, e: CloseEvent): Violation | null {
    return first(
      () =>
        e.actor.roles.includes('supervisor') || e.actor.roles.includes('admin')
          ? null
          : violation(
              ErrorCode.ROLE_REQUIRED,
              'Only a supervisor or an administrator closes a review',
            ),
      () => cleared(ctx, e.actor),
      () =>
        e.reason.trim()
          ? null
          : violation(ErrorCode.RULE_VIOLATED, 'Give the reason for closing the review'),
    );
  },

  TOLL(ctx: ReviewContext, e: TollEvent): Violation | null {
    return first(
      () => assigneeOrSupervisor(ctx, e.actor),
      () => cleared(ctx, e.actor),
      () => hasClock(ctx),
      () =>
        e.reason.trim() ? null : violation(ErrorCode.RULE_VIOLATED, 'Say why the clock stops'),
    );
  },

  RESUME(ctx: ReviewContext, e: ResumeEvent): Violation | null {
    return first(
      () => assigneeOrSupervisor(ctx, e.actor),
      () => cleared(ctx, e.actor),
      () => hasClock(ctx),
    );
  },

  EXTEND(ctx: ReviewContext, e: ExtendEvent): Violation | null {
    return first(
      () => assigneeOrSupervisor(ctx, e.actor),
      () => cleared(ctx, e.actor),
      () => hasClock(ctx),
      () =>
        e.reason.trim()
          ? null
          : violation(ErrorCode.RULE_VIOLATED, 'An extension states the unusual circumstances'),
    );
  },

  SET_DUE_DATE(ctx: ReviewContext, e: SetDueDateEvent): Violation | null {
    return first(
      () => hasRole(e.actor, 'supervisor'),
      () => cleared(ctx, e.actor),
      () => hasClock(ctx),
    );
  },

  DEADLINE_ELAPSED(ctx: ReviewContext, e: DeadlineElapsedEvent): Violation | null {
    if (e.actor.id !== SYSTEM_ACTOR.id) {
      return violation(
        ErrorCode.ROLE_REQUIRED,
        'Only the deadline worker reports an elapsed deadline',
      );
    }
    if (e.kind === 'REFERRAL_DUE') {
      const referral = ctx.referrals.find((r) => r.id === e.referralId);
      if (!referral) {
        return violation(
          ErrorCode.UNKNOWN_REFERENCE,
          `Referral ${e.referralId ?? '(none)'} is not part of this review`,
        );
      }
      if (referral.response)
        return violation(ErrorCode.RULE_VIOLATED, `Referral ${referral.id} was already answered`);
    }
    return null;
  },
} satisfies {
  [K in ReviewEvent['type']]: (
    ctx: ReviewContext,
    e: Extract<ReviewEvent, { type: K }>,
  ) => Violation | null;
};

/** The rule for one event, whatever its type. */
export function checkEvent(ctx: ReviewContext, event: ReviewEvent): Violation | null {
  const rule = rules[event.type] as (ctx: ReviewContext, e: ReviewEvent) => Violation | null;
  return rule(ctx, event);
}

function assigneeOrSupervisor(ctx: ReviewContext, actor: Actor): Violation | null {
  return ctx.assigneeId === actor.id || actor.roles.includes('supervisor')
    ? null
    : violation(ErrorCode.NOT_ASSIGNEE, 'Only the assignee or a supervisor adjusts the clock');
}

function hasClock(ctx: ReviewContext): Violation | null {
  return ctx.clock
    ? null
    : violation(ErrorCode.RULE_VIOLATED, 'This review has no statutory clock to adjust');
}

/** Codes valid when decided may have lapsed since, or the record may have turned 25. */
function exemptionsStillValid(ctx: ReviewContext, on: string): Violation | null {
  for (const p of ctx.document.portions) {
    const d = ctx.decisions[p.id];
    if (d?.action !== 'EXEMPT') continue;
    for (const ex of d.exemptions) {
      const still = validateExemption(ex, settingFor(ctx, on));
      if (!still.ok)
        return violation(ErrorCode.EXEMPTION_INVALID, `Portion #${p.seq}: ${still.message}`);
    }
  }
  return null;
}

/** The determination the decisions call for (see docs/legal-rules.md). */
export function determinationFor(ctx: ReviewContext): Determination {
  const actions = ctx.document.portions.map((p) => ctx.decisions[p.id]?.action);
  if (actions.every((a) => a === 'RELEASE')) return 'RELEASE_IN_FULL';
  if (actions.every((a) => a === 'EXEMPT')) return 'DENY_IN_FULL';
  return 'RELEASE_IN_PART';
}
