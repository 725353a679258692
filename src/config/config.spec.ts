import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('audit checkpoint settings', () => {
  it('keeps each database’s checkpoints in a directory of its own by default', () => {
    const embedded = loadConfig({ DECLASS_DATA_DIR: '/srv/declass' });
    const machine = loadConfig({
      DECLASS_DATA_DIR: '/srv/declass',
      DATABASE_URL: 'postgres://app@db.example:6543/records',
    });
    expect(embedded.auditCheckpointDir).toBe('/srv/declass/audit-checkpoints/embedded');
    expect(machine.auditCheckpointDir).toBe(
      '/srv/declass/audit-checkpoints/db.example-6543-records',
    );
    expect(loadConfig({ AUDIT_CHECKPOINT_DIR: 'cp' }).auditCheckpointDir).toBe(resolve('cp'));
  });

  it('refuses a guessable checkpoint key and says how to make one', () => {
    expect(() => loadConfig({ AUDIT_CHECKPOINT_KEY: 'a'.repeat(40) })).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_CHECKPOINT_KEY: 'short' })).toThrow(
      /AUDIT_CHECKPOINT_KEY must be at least 32 characters long \(generate one with/,
    );
  });
});

describe('the agency time zone', () => {
  it('is Washington’s unless set, and takes any IANA zone', () => {
    expect(loadConfig({}).agencyTimeZone).toBe('America/New_York');
    expect(loadConfig({ AGENCY_TIME_ZONE: 'Europe/London' }).agencyTimeZone).toBe('Europe/London');
  });

  it('refuses a name that is not a zone, saying what to write', () => {
    expect(() => loadConfig({ AGENCY_TIME_ZONE: 'EST5' })).toThrow(
      'AGENCY_TIME_ZONE (EST5) is not an IANA time zone name; use one such as America/New_York or UTC',
    );
  });
});
