/**
 * The checks the event rules are built from: who may act (role, assignee, need-to-know), which
 * codes a review may cite on a given day, what Restricted Data allows, and the determination the
 * decisions call for. Each returns the violation it finds or null.
 */
import { canAccess } from '../../kernel/classification';
import { ErrorCode, type Violation } from '../../kernel/errors';
import {
  isAtomic,
  validateCitations,
  validateExemption,
  type ExemptionSetting,
} from './exemptions';
import type { Determination, ReviewContext } from './review.types';
import type { Actor, Role } from '../../kernel/actor';

export const violation = (code: ErrorCode, message: string): Violation => ({ code, message });

export function hasRole(actor: Actor, role: Role): Violation | null {
  return actor.roles.includes(role)
    ? null
    : violation(
        ErrorCode.ROLE_REQUIRED,
        `Only a ${role} may do this; you are ${actor.roles.join(', ') || 'without a role'}`,
      );
}

export function cleared(ctx: ReviewContext, actor: Actor): Violation | null {
  const doc = ctx.document;
  return canAccess(actor, { classification: doc.classification, captions: doc.captions })
    ? null
    : violation(
        ErrorCode.CLEARANCE_REQUIRED,
        `Your clearance or caveats do not cover document ${doc.documentNumber}`,
      );
}

export function isAssignee(ctx: ReviewContext, actor: Actor): Violation | null {
  if (ctx.assigneeId === actor.id) return null;
  return violation(
    ErrorCode.NOT_ASSIGNEE,
    ctx.assigneeId
      ? 'Only the reviewer assigned to this review may do this'
      : 'Nobody is assigned to this review yet; a supervisor must ASSIGN it first',
  );
}

export function first(...checks: Array<() => Violation | null>): Violation | null {
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
export function holdsAtomicInformation(ctx: ReviewContext): boolean {
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
export function restrictedDataCleared(ctx: ReviewContext): Violation | null {
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

export function portionIsKnown(ctx: ReviewContext, portionId: string): Violation | null {
  return ctx.document.portions.some((p) => p.id === portionId)
    ? null
    : violation(
        ErrorCode.UNKNOWN_REFERENCE,
        `Portion ${portionId} is not part of document ${ctx.document.documentNumber}`,
      );
}

export function openReferralFor(ctx: ReviewContext, portionId: string) {
  return ctx.referrals.find((r) => r.response === null && r.portionIds.includes(portionId));
}

export function exemptionChoice(
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

export function assigneeOrSupervisor(ctx: ReviewContext, actor: Actor): Violation | null {
  return ctx.assigneeId === actor.id || actor.roles.includes('supervisor')
    ? null
    : violation(ErrorCode.NOT_ASSIGNEE, 'Only the assignee or a supervisor adjusts the clock');
}

export function hasClock(ctx: ReviewContext): Violation | null {
  return ctx.clock
    ? null
    : violation(ErrorCode.RULE_VIOLATED, 'This review has no statutory clock to adjust');
}

/** Codes valid when decided may have lapsed since, or the record may have turned 25. */
export function exemptionsStillValid(ctx: ReviewContext, on: string): Violation | null {
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
