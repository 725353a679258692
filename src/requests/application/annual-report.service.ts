import { Injectable } from '@nestjs/common';
import type { Actor } from '../../kernel/actor';
import { Clock } from '../../kernel/clock';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { fiscalYearBounds, foiaAnnualReport, type FoiaAnnualReport } from '../domain/annual-report';
import { fiscalYearOf } from '../domain/request-number';
import { RequestStore } from './request.ports';

/** The readers of the annual report: those who answer for the office's figures. */
const READERS = ['supervisor', 'auditor', 'admin'] as const;

/**
 * The annual FOIA report of a fiscal year, computed on demand from the requests the year saw;
 * a year still running is reported as it stands today.
 */
@Injectable()
export class AnnualReportService {
  constructor(
    private readonly requests: RequestStore,
    private readonly clock: Clock,
  ) {}

  async foiaAnnual(fiscalYear: number, actor: Actor): Promise<FoiaAnnualReport> {
    if (!actor.roles.some((r) => (READERS as readonly string[]).includes(r))) {
      throw new DomainError(
        ErrorCode.ROLE_REQUIRED,
        'Only a supervisor, an auditor or an administrator reads the annual FOIA report',
      );
    }
    const current = fiscalYearOf(this.clock.today());
    if (fiscalYear > current) {
      throw new DomainError(
        ErrorCode.RULE_VIOLATED,
        `Fiscal year ${fiscalYear} has not begun; today is in fiscal year ${current}`,
      );
    }
    const { from, to } = fiscalYearBounds(fiscalYear);
    return foiaAnnualReport(fiscalYear, await this.requests.reportRequests(from, to));
  }
}
