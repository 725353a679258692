/**
 * The review lifecycle as a pure XState v5 statechart.
 *
 * No invoke, no after, no I/O: the host restores a snapshot, computes the next one with
 * `transition()`, persists it in the same database transaction as the audit event, and carries
 * out the returned `notify` actions through the outbox after commit. Time arrives on each event
 * (`at`), so the same snapshot and event always give the same result.
 */
import { and, assign, setup } from 'xstate';
import { validateCitations } from './exemptions';
import { outcomeOf } from './markings';
import { checkEvent } from './review.rules';
import { settingFor } from './rule-checks';
import type {
  NotifyEffect,
  PortionDecision,
  ReviewContext,
  ReviewEvent,
  ReviewInput,
} from './review.types';

/** Bumped whenever a change to the machine changes how a persisted snapshot must be read. */
export const REVIEW_MACHINE_VERSION = 1;

function exemptionsOf(ctx: ReviewContext, on: string, codes: string[] | undefined) {
  const cited = validateCitations(codes ?? [], settingFor(ctx, on));
  return cited.ok ? cited.exemptions : [];
}

function withParticipant(ctx: ReviewContext, id: string): string[] {
  return ctx.participants.includes(id) ? ctx.participants : [...ctx.participants, id];
}

export const reviewMachine = setup({
  types: {
    context: {} as ReviewContext,
    events: {} as ReviewEvent,
    input: {} as ReviewInput,
  },
  guards: {
    /** The event passes every rule of review.rules for this context and actor. */
    allowed: ({ context, event }) => checkEvent(context, event) === null,
    /** The response answers the last referral still open. */
    answersLastReferral: ({ context, event }) =>
      event.type === 'RECORD_REFERRAL_RESPONSE' &&
      context.referrals.every((r) => r.response !== null || r.id === event.referralId),
    deniesInFull: ({ context }) => context.determination === 'DENY_IN_FULL',
    reviewDue: ({ event }) => event.type === 'DEADLINE_ELAPSED' && event.kind === 'REVIEW_DUE',
    referralDue: ({ event }) => event.type === 'DEADLINE_ELAPSED' && event.kind === 'REFERRAL_DUE',
    /** The lapsing referral is the last one still open. */
    lapsesLastReferral: ({ context, event }) =>
      event.type === 'DEADLINE_ELAPSED' &&
      context.referrals.every((r) => r.response !== null || r.id === event.referralId),
  },
  actions: {
    /** Tell people about the step; carried out by the host after commit. */
    notify: (_, _params: Omit<NotifyEffect, 'type'>) => undefined,
    assignReviewer: assign(({ event }) =>
      event.type === 'ASSIGN' ? { assigneeId: event.assigneeId } : {},
    ),
    recordDecision: assign(({ context, event }) => {
      if (event.type !== 'DECIDE_PORTION') return {};
      const decision: PortionDecision = {
        action: event.action,
        exemptions:
          event.action === 'EXEMPT' ? exemptionsOf(context, event.on, event.exemptions) : [],
        justification: event.action === 'EXEMPT' ? (event.justification?.trim() ?? null) : null,
        agency: event.action === 'REFER' ? (event.agency?.trim() ?? null) : null,
        decidedBy: event.actor.id,
        decidedAt: event.at,
      };
      return {
        decisions: { ...context.decisions, [event.portionId]: decision },
        participants: withParticipant(context, event.actor.id),
      };
    }),
    openReferral: assign(({ context, event }) => {
      if (event.type !== 'REFER') return {};
      const decisions = { ...context.decisions };
      for (const id of event.portionIds) {
        decisions[id] = {
          action: 'REFER',
          exemptions: [],
          justification: null,
          agency: event.agency.trim(),
          decidedBy: event.actor.id,
          decidedAt: event.at,
        };
      }
      return {
        decisions,
        participants: withParticipant(context, event.actor.id),
        referrals: [
          ...context.referrals,
          {
            id: event.referralId,
            agency: event.agency.trim(),
            portionIds: [...event.portionIds],
            sentBy: event.actor.id,
            sentAt: event.at,
            response: null,
          },
        ],
      };
    }),
    recordReferralResponse: assign(({ context, event }) => {
      if (event.type !== 'RECORD_REFERRAL_RESPONSE') return {};
      const referral = context.referrals.find((r) => r.id === event.referralId);
      if (!referral) return {};
      const exemptions =
        event.decision === 'EXEMPT' ? exemptionsOf(context, event.on, event.exemptions) : [];
      const decisions = { ...context.decisions };
      // The agency's answer becomes the decision on its portions; whoever records it counts as a
      // decider for the two-person rule.
      for (const id of referral.portionIds) {
        decisions[id] = {
          action: event.decision,
          exemptions,
          justification:
            event.decision === 'EXEMPT'
              ? event.justification?.trim() || `Equity of ${referral.agency}`
              : null,
          agency: referral.agency,
          decidedBy: event.actor.id,
          decidedAt: event.at,
        };
      }
      return {
        decisions,
        participants: withParticipant(context, event.actor.id),
        referrals: context.referrals.map((r) =>
          r.id === referral.id
            ? {
                ...r,
                response: {
                  decision: event.decision,
                  exemptions,
                  recordedBy: event.actor.id,
                  recordedAt: event.at,
                },
              }
            : r,
        ),
      };
    }),
    recordDowngrade: assign(({ context, event }) =>
      event.type === 'DOWNGRADE'
        ? {
            downgradeTo: event.to === context.document.classification ? null : event.to,
            participants: withParticipant(context, event.actor.id),
          }
        : {},
    ),
    recordDecaption: assign(({ context, event }) =>
      event.type === 'DECAPTION'
        ? {
            // In the order the record carries them.
            decaptions: context.document.captions.filter((c) => event.captions.includes(c)),
            participants: withParticipant(context, event.actor.id),
          }
        : {},
    ),
    recordProposal: assign(({ context, event }) =>
      event.type === 'PROPOSE'
        ? {
            proposerId: event.actor.id,
            determination: event.determination,
            returnComment: null,
            participants: withParticipant(context, event.actor.id),
          }
        : {},
    ),
    recordReturn: assign(({ event }) =>
      event.type === 'RETURN' ? { returnComment: event.comment.trim() } : {},
    ),
    recordApproval: assign(({ context, event }) =>
      event.type === 'APPROVE'
        ? { approverId: event.actor.id, outcome: outcomeOf(context, event.actor, event.on) }
        : {},
    ),
    recordClock: assign(({ event }) =>
      event.type === 'TOLL' ||
      event.type === 'RESUME' ||
      event.type === 'EXTEND' ||
      event.type === 'SET_DUE_DATE'
        ? { clock: event.clock, overdue: false }
        : {},
    ),
    markOverdue: assign({ overdue: true }),
    /**
     * An equity not answered in time is no longer protected: the referral is recorded as lapsed
     * and its portions go back to the reviewer undecided.
     */
    lapseReferral: assign(({ context, event }) => {
      if (event.type !== 'DEADLINE_ELAPSED') return {};
      const referral = context.referrals.find((r) => r.id === event.referralId);
      if (!referral) return {};
      const decisions = { ...context.decisions };
      for (const id of referral.portionIds) delete decisions[id];
      return {
        decisions,
        referrals: context.referrals.map((r) =>
          r.id === referral.id
            ? {
                ...r,
                response: {
                  decision: 'LAPSED' as const,
                  exemptions: [],
                  recordedBy: event.actor.id,
                  recordedAt: event.at,
                },
              }
            : r,
        ),
      };
    }),
    recordClosure: assign(({ event }) =>
      event.type === 'CLOSE' ? { closedReason: event.reason.trim() } : {},
    ),
  },
}).createMachine({
  id: 'review',
  initial: 'queued',
  // XState's pure transition() first builds a throwaway actor, with no input, on every call; its
  // context is never read. Answering it with an empty object instead of a TypeError that XState
  // catches saves an exception per event (a step took about three times as long).
  context: ({ input }: { input: ReviewInput | undefined }) =>
    input === undefined
      ? ({} as ReviewContext)
      : {
          reviewId: input.reviewId,
          documentId: input.documentId,
          kind: input.kind,
          document: input.document,
          assigneeId: null,
          proposerId: null,
          determination: null,
          decisions: {},
          participants: [],
          referrals: [],
          approverId: null,
          outcome: null,
          returnComment: null,
          closedReason: null,
          clock: input.clock,
          overdue: false,
          downgradeTo: null,
          decaptions: [],
        },
  on: {
    // Every open state may be closed administratively, and its clock adjusted; a final state
    // ends the machine, so none of these reach it.
    CLOSE: { guard: 'allowed', target: '.closed', actions: 'recordClosure' },
    TOLL: { guard: 'allowed', actions: 'recordClock' },
    RESUME: { guard: 'allowed', actions: 'recordClock' },
    EXTEND: { guard: 'allowed', actions: 'recordClock' },
    SET_DUE_DATE: { guard: 'allowed', actions: 'recordClock' },
    DEADLINE_ELAPSED: {
      guard: and(['allowed', 'reviewDue']),
      actions: [
        'markOverdue',
        { type: 'notify', params: { recipient: 'supervisors', reason: 'OVERDUE' } },
      ],
    },
  },
  states: {
    /** Waiting for a supervisor to give it to a reviewer. */
    queued: {
      on: {
        ASSIGN: {
          guard: 'allowed',
          target: 'inReview',
          actions: [
            'assignReviewer',
            { type: 'notify', params: { recipient: 'assignee', reason: 'ASSIGNED' } },
          ],
        },
      },
    },
    /** The assignee decides portion by portion, refers equities, then proposes. */
    inReview: {
      on: {
        ASSIGN: {
          guard: 'allowed',
          actions: [
            'assignReviewer',
            { type: 'notify', params: { recipient: 'assignee', reason: 'ASSIGNED' } },
          ],
        },
        DECIDE_PORTION: { guard: 'allowed', actions: 'recordDecision' },
        DOWNGRADE: { guard: 'allowed', actions: 'recordDowngrade' },
        DECAPTION: { guard: 'allowed', actions: 'recordDecaption' },
        REFER: {
          guard: 'allowed',
          target: 'awaitingReferral',
          actions: [
            'openReferral',
            { type: 'notify', params: { recipient: 'supervisors', reason: 'REFERRED' } },
          ],
        },
        PROPOSE: {
          guard: 'allowed',
          target: 'pendingApproval',
          actions: [
            'recordProposal',
            { type: 'notify', params: { recipient: 'supervisors', reason: 'PROPOSED' } },
          ],
        },
      },
    },
    /** Another agency holds an equity; the review waits for every open referral to be answered. */
    awaitingReferral: {
      on: {
        ASSIGN: {
          guard: 'allowed',
          actions: [
            'assignReviewer',
            { type: 'notify', params: { recipient: 'assignee', reason: 'ASSIGNED' } },
          ],
        },
        DECIDE_PORTION: { guard: 'allowed', actions: 'recordDecision' },
        DOWNGRADE: { guard: 'allowed', actions: 'recordDowngrade' },
        DECAPTION: { guard: 'allowed', actions: 'recordDecaption' },
        REFER: {
          guard: 'allowed',
          actions: [
            'openReferral',
            { type: 'notify', params: { recipient: 'supervisors', reason: 'REFERRED' } },
          ],
        },
        DEADLINE_ELAPSED: [
          {
            guard: and(['allowed', 'referralDue', 'lapsesLastReferral']),
            target: 'inReview',
            actions: [
              'lapseReferral',
              { type: 'notify', params: { recipient: 'assignee', reason: 'REFERRAL_LAPSED' } },
            ],
          },
          {
            guard: and(['allowed', 'referralDue']),
            actions: [
              'lapseReferral',
              { type: 'notify', params: { recipient: 'assignee', reason: 'REFERRAL_LAPSED' } },
            ],
          },
          {
            guard: and(['allowed', 'reviewDue']),
            actions: [
              'markOverdue',
              { type: 'notify', params: { recipient: 'supervisors', reason: 'OVERDUE' } },
            ],
          },
        ],
        RECORD_REFERRAL_RESPONSE: [
          {
            guard: and(['allowed', 'answersLastReferral']),
            target: 'inReview',
            actions: 'recordReferralResponse',
          },
          { guard: 'allowed', actions: 'recordReferralResponse' },
        ],
      },
    },
    /** A proposal waits for a second person: a supervisor who neither proposed nor decided. */
    pendingApproval: {
      on: {
        APPROVE: [
          {
            guard: and(['allowed', 'deniesInFull']),
            target: 'withheld',
            actions: ['recordApproval'],
          },
          { guard: 'allowed', target: 'released', actions: ['recordApproval'] },
        ],
        RETURN: {
          guard: 'allowed',
          target: 'inReview',
          actions: [
            'recordReturn',
            { type: 'notify', params: { recipient: 'assignee', reason: 'RETURNED' } },
          ],
        },
      },
    },
    /** Released in full or in part; the document carries the release marking. */
    released: {
      type: 'final',
      entry: { type: 'notify', params: { recipient: 'assignee', reason: 'APPROVED' } },
    },
    /** Denied in full; the public file gets a withdrawal record. */
    withheld: {
      type: 'final',
      entry: { type: 'notify', params: { recipient: 'assignee', reason: 'APPROVED' } },
    },
    /** Ended administratively. */
    closed: { type: 'final' },
  },
});
