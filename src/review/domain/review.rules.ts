/**
 * The rules each event must satisfy. Each rule returns
 * the violation it finds or null; the machine's guards are these rules read as booleans, and the
 * host asks the same rules why an event was refused, so the two can never disagree.
 */
import { canAccess, isClearance, rankOf } from '../../kernel/classification';
import { ErrorCode, type Violation } from '../../kernel/errors';
import type {
  ApproveEvent,
  AssignEvent,
  CloseEvent,
  DeadlineElapsedEvent,
  DecaptionEvent,
  DecidePortionEvent,
  DowngradeEvent,
  ExtendEvent,
  ProposeEvent,
  RecordReferralResponseEvent,
  ReferEvent,
  ResumeEvent,
  ReturnEvent,
  ReviewContext,
  ReviewEvent,
  SetDueDateEvent,
  TollEvent,
} from './review.types';
import { SYSTEM_ACTOR } from '../../kernel/actor';
import {
  assigneeOrSupervisor,
  ATOMIC_ENERGY_AGENCY,
  cleared,
  determinationFor,
  exemptionChoice,
  exemptionsStillValid,
  first,
  hasClock,
  hasRole,
  holdsAtomicInformation,
  isAssignee,
  openReferralFor,
  portionIsKnown,
  restrictedDataCleared,
  violation,
} from './rule-checks';

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
