import { createHash, randomUUID } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { AuthService } from '../../src/auth/application/auth.service';
import {
  LOGIN_THROTTLE,
  REFRESH_GRACE_SECONDS,
  THROTTLE_RECORD_EVERY_SECONDS,
} from '../../src/auth/application/auth-policy';
import { Clock } from '../../src/kernel/clock';
import { CAPTIONS } from '../../src/kernel/classification';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import { chainProblems, type ErrorBody } from '../support/review-api';

jest.setTimeout(60_000);

interface LoginBody {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; username: string; roles: string[]; clearance: string; caveats: string[] };
}

interface AuditRow {
  seq: string;
  chain_key: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  payload: Record<string, unknown>;
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    sub: string;
    sid: string;
    iat: number;
    exp: number;
  };

describe('accounts', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: { id: string; token: string };

  const login = (username: string, password: string) =>
    t.http().post('/api/auth/login').send({ username, password });

  /** A user with a known password, logged in. */
  async function account(
    username: string,
    roles: string[] = ['reviewer'],
    extra: { clearance?: string; caveats?: string[] } = {},
  ) {
    const password = `pw-${username}-${randomUUID().slice(0, 8)}`;
    const user = await t.app.get(AuthService).addUser({
      username,
      password,
      roles,
      clearance: extra.clearance ?? 'SECRET',
      caveats: extra.caveats ?? [],
    });
    const res = await login(username, password).expect(200);
    return { id: user.id, username, password, ...(res.body as LoginBody) };
  }

  const events = (where: string, params: unknown[]) =>
    ds.query<AuditRow[]>(
      `SELECT seq, chain_key, actor_id, actor_username, action, payload FROM audit_events WHERE ${where} ORDER BY seq`,
      params,
    );

  const sessionRow = async (id: string) => {
    const [row] = await ds.query<
      {
        user_id: string;
        refresh_token_hash: string;
        rotations: number;
        revoked_reason: string | null;
      }[]
    >(`SELECT user_id, refresh_token_hash, rotations, revoked_reason FROM sessions WHERE id = $1`, [
      id,
    ]);
    return row;
  };

  /**
   * A login sent from another loopback address (127.0.0.0/8 all reach the server), so each
   * throttling test has a client address of its own.
   */
  function loginFrom(
    address: string,
    username: string,
    password: string,
  ): Promise<{ status: number; body: ErrorBody; headers: IncomingHttpHeaders }> {
    const { port } = (t.app.getHttpServer() as { address(): AddressInfo }).address();
    const payload = JSON.stringify({ username, password });
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          localAddress: address,
          path: '/api/auth/login',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(text) as ErrorBody,
              headers: res.headers,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  const me = (token: string) => t.http().get('/api/auth/me').set(bearer(token));

  /** Runs `work` with the server's clock `seconds` ahead of the real one. */
  async function later<T>(seconds: number, work: () => Promise<T>): Promise<T> {
    const clock = jest
      .spyOn(t.app.get(Clock), 'now')
      .mockImplementation(() => new Date(Date.now() + seconds * 1000));
    try {
      return await work();
    } finally {
      clock.mockRestore();
    }
  }

  beforeAll(async () => {
    t = await startTestApp('accounts');
    await t.app.listen(0, '127.0.0.1');
    ds = await openDataSource(t.env);
    admin = await t.user({
      username: 'root-admin',
      roles: ['admin'],
      clearance: 'TOP SECRET',
      caveats: [...CAPTIONS],
    });
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  describe('login', () => {
    it('answers a short-lived access token, a refresh token and the user, and opens a session', async () => {
      const a = await account('alice', ['reviewer'], { caveats: ['EXDIS'] });
      expect(a.expiresIn).toBe(t.env.config.accessTokenTtlSeconds);
      expect(a.user).toEqual({
        id: a.id,
        username: 'alice',
        roles: ['reviewer'],
        clearance: 'SECRET',
        caveats: ['EXDIS'],
      });
      const claims = claimsOf(a.accessToken);
      expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'sid', 'sub']);
      expect(claims.sub).toBe(a.id);
      expect(claims.exp - claims.iat).toBe(t.env.config.accessTokenTtlSeconds);
      const session = await sessionRow(claims.sid);
      expect(session).toMatchObject({ user_id: a.id, rotations: 0, revoked_reason: null });
      // Only the token's sha256 is kept.
      expect(session!.refresh_token_hash).toBe(
        createHash('sha256').update(a.refreshToken).digest('hex'),
      );
      const [succeeded] = await events(`action = 'LOGIN_SUCCEEDED' AND actor_id = $1`, [a.id]);
      expect(succeeded).toMatchObject({
        chain_key: `user:${a.id}`,
        payload: { address: expect.stringMatching(/127\.0\.0\.1/), sessionId: claims.sid },
      });
    });

    it('tells the signed-in user who they are and which day it is for the agency', async () => {
      // 02:30 on 1 January in UTC is still 31 December in Washington.
      const clock = jest
        .spyOn(t.app.get(Clock), 'now')
        .mockReturnValue(new Date('2027-01-01T02:30:00Z'));
      try {
        const a = await account('agnes', ['reviewer']);
        const res = await me(a.accessToken).expect(200);
        expect(res.body).toEqual({
          ...a.user,
          agency: { timeZone: 'America/New_York', today: '2026-12-31' },
        });
      } finally {
        clock.mockRestore();
      }
    });

    it('defaults the access token lifetime to 15 minutes', () => {
      expect(t.env.config.accessTokenTtlSeconds).toBe(900);
    });

    it('records a failure, with its address, and says nothing about which half was wrong', async () => {
      await account('bob');
      const wrong = await login('bob', 'not-his-password');
      const nobody = await login('nobody-at-all', 'whatever-password');
      for (const res of [wrong, nobody]) {
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({
          error: 'UNAUTHENTICATED',
          message: 'Wrong username or password',
        });
      }
      const failed = await events(
        `action = 'LOGIN_FAILED' AND actor_username IN ('bob', 'nobody-at-all')`,
        [],
      );
      expect(
        failed.map((e) => [e.actor_username, e.chain_key.split(':')[0], e.payload.reason]),
      ).toEqual([
        ['bob', 'user', 'bad credentials'],
        ['nobody-at-all', 'auth', 'bad credentials'],
      ]);
      expect(failed.every((e) => /127\.0\.0\.1/.test(String(e.payload.address)))).toBe(true);
      expect(JSON.stringify(failed)).not.toContain('not-his-password');
    });

    it('refuses an access token once it expires, though it worked before', async () => {
      const a = await account('uma');
      const { sub, sid } = claimsOf(a.accessToken);
      const shortLived = await t.app.get(JwtService).signAsync({ sub, sid }, { expiresIn: 1 });
      await me(shortLived).expect(200);
      const { exp } = claimsOf(shortLived) as { exp: number };
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
      const res = await me(shortLived).expect(401);
      expect((res.body as ErrorBody).message).toMatch(/invalid or expired; log in again/);
      await me(a.accessToken).expect(200);
    });

    it('reads the user and the session in one query on every request', async () => {
      const a = await account('carol');
      const pool = (t.app.get(DataSource).driver as PostgresDriver).master as Pool;
      const spy = jest.spyOn(pool, 'query');
      try {
        await me(a.accessToken).expect(200);
        expect(spy).toHaveBeenCalledTimes(1);
        const [statement] = spy.mock.calls[0]! as unknown as [{ text: string; name: string }];
        expect(statement.text).toMatch(/FROM sessions s JOIN users u/);
        // A named statement: Postgres parses and plans it once per connection.
        expect(statement.name).toMatch(/^declass_/);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('refresh and logout', () => {
    it('rotates: the new tokens work, the old refresh token is spent', async () => {
      const a = await account('dave');
      const first = await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: a.refreshToken })
        .expect(200);
      const next = first.body as LoginBody;
      expect(next.refreshToken).not.toBe(a.refreshToken);
      expect(next.user.id).toBe(a.id);
      expect(claimsOf(next.accessToken).sid).toBe(claimsOf(a.accessToken).sid);
      await me(next.accessToken).expect(200);
      // The access token of the login still works until it expires: the session is the same.
      await me(a.accessToken).expect(200);
      expect(await sessionRow(claimsOf(a.accessToken).sid)).toMatchObject({ rotations: 1 });
    });

    it('ends the session for everybody when a rotated refresh token comes back (theft)', async () => {
      const a = await account('quinn');
      const sid = claimsOf(a.accessToken).sid;
      const rotated = (
        await t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(200)
      ).body as LoginBody;
      const before = await events(`chain_key = $1`, [`user:${a.id}`]);

      const replay = await later(REFRESH_GRACE_SECONDS + 1, () =>
        t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }),
      );
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ error: 'UNAUTHENTICATED' });
      expect((replay.body as ErrorBody).message).toMatch(
        /invalid, expired or already used; log in again/,
      );

      expect(await sessionRow(sid)).toMatchObject({ revoked_reason: 'REFRESH_TOKEN_REUSED' });
      const after = await events(`chain_key = $1`, [`user:${a.id}`]);
      expect(after.slice(before.length).map((e) => [e.action, e.payload.sessionId])).toEqual([
        ['REFRESH_TOKEN_REUSED', sid],
      ]);
      // The thief's and the owner's tokens are all dead now.
      await me(rotated.accessToken).expect(401);
      await me(a.accessToken).expect(401);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: rotated.refreshToken })
        .expect(401);
    });

    it('answers two refreshes of one token sent together with the same new token, and the session lives on', async () => {
      const a = await account('tabitha');
      const sid = claimsOf(a.accessToken).sid;
      const answers = await Promise.all(
        [1, 2, 3].map(() =>
          t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      const refreshTokens = answers.map((r) => (r.body as LoginBody).refreshToken);
      expect(new Set(refreshTokens).size).toBe(1);
      expect(refreshTokens[0]).not.toBe(a.refreshToken);
      expect(await sessionRow(sid)).toMatchObject({ rotations: 1, revoked_reason: null });
      for (const r of answers) await me((r.body as LoginBody).accessToken).expect(200);
      // The token they all got is the session's one working token, minutes later too.
      const next = await later(5 * 60, () =>
        t.http().post('/api/auth/refresh').send({ refreshToken: refreshTokens[0] }).expect(200),
      );
      expect(await sessionRow(sid)).toMatchObject({ rotations: 2, revoked_reason: null });
      await me((next.body as LoginBody).accessToken).expect(200);
    });

    it('still ends the session when the retired token comes back after the grace window', async () => {
      const a = await account('toby');
      const sid = claimsOf(a.accessToken).sid;
      await t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(200);
      await later(REFRESH_GRACE_SECONDS - 2, () =>
        t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(200),
      );
      expect(await sessionRow(sid)).toMatchObject({ rotations: 1, revoked_reason: null });
      await later(REFRESH_GRACE_SECONDS, () =>
        t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401),
      );
      expect(await sessionRow(sid)).toMatchObject({ revoked_reason: 'REFRESH_TOKEN_REUSED' });
    });

    it('refuses a refresh token that is not one, without touching any session', async () => {
      const a = await account('frank');
      for (const refreshToken of [a.accessToken, 'x', `${randomUUID()}.${'A'.repeat(43)}`]) {
        const res = await t.http().post('/api/auth/refresh').send({ refreshToken });
        expect(res.status).toBe(401);
      }
      await me(a.accessToken).expect(200);
      expect(await sessionRow(claimsOf(a.accessToken).sid)).toMatchObject({ revoked_reason: null });
    });

    it('refuses a made-up refresh token for a real session, and the session lives on', async () => {
      const a = await account('forger-victim');
      const sid = claimsOf(a.accessToken).sid;
      const before = await events(`chain_key = $1`, [`user:${a.id}`]);
      // Session ids are in every audit export; the rest of a token is what nobody else has.
      const [, nonce] = a.refreshToken.split('.');
      for (const refreshToken of [
        `${sid}.${'A'.repeat(43)}`,
        `${sid}.${nonce}.${'A'.repeat(43)}`,
        `${sid}.${'B'.repeat(22)}.${'C'.repeat(43)}`,
      ]) {
        const res = await t.http().post('/api/auth/refresh').send({ refreshToken });
        expect(res.status).toBe(401);
      }
      expect(await sessionRow(sid)).toMatchObject({ revoked_reason: null });
      expect(await events(`chain_key = $1`, [`user:${a.id}`])).toEqual(before);
      await me(a.accessToken).expect(200);
      await t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(200);
    });

    it('logs out at once: the access and refresh tokens stop working on the next request', async () => {
      const a = await account('grace');
      const other = (await login('grace', a.password).expect(200)).body as LoginBody;
      await t.http().post('/api/auth/logout').set(bearer(a.accessToken)).expect(204);
      const res = await me(a.accessToken);
      expect(res.status).toBe(401);
      expect((res.body as ErrorBody).message).toMatch(/session has ended/);
      await t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401);
      // Another session of the same user (another browser) goes on.
      await me(other.accessToken).expect(200);
      const [logout] = await events(`action = 'LOGOUT' AND actor_id = $1`, [a.id]);
      expect(logout).toMatchObject({
        chain_key: `user:${a.id}`,
        payload: { sessionId: claimsOf(a.accessToken).sid },
      });
    });

    it('ends a session at its expiry whatever its tokens say', async () => {
      const a = await account('heidi');
      await ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        claimsOf(a.accessToken).sid,
      ]);
      await me(a.accessToken).expect(401);
      await t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401);
    });
  });

  describe('throttling', () => {
    it('answers 429 with Retry-After after 5 failures for a username, checks no password and records the attempt', async () => {
      const a = await account('ivan');
      for (let i = 0; i < LOGIN_THROTTLE.perUsername; i++)
        expect((await loginFrom('127.0.0.11', 'ivan', 'wrong-password')).status).toBe(401);
      const before = await events(`actor_username = 'ivan'`, []);

      const res = await loginFrom('127.0.0.11', 'ivan', a.password);
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED' });
      expect(res.body.message).toMatch(
        /Too many failed logins for this username; try again in \d+ seconds/,
      );
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(LOGIN_THROTTLE.windowSeconds - 60);
      expect(retryAfter).toBeLessThanOrEqual(LOGIN_THROTTLE.windowSeconds);

      const after = await events(`actor_username = 'ivan'`, []);
      expect(
        after.slice(before.length).map((e) => [e.action, e.payload.limitedBy, e.payload.address]),
      ).toEqual([['LOGIN_THROTTLED', 'username', '127.0.0.11']]);
      const [{ n }] = await ds.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`,
        [a.id],
      );
      expect(n).toBe(1);
      // The username is throttled from every address; the account's open session goes on working.
      expect((await loginFrom('127.0.0.12', 'ivan', a.password)).status).toBe(429);
      await me(a.accessToken).expect(200);
    });

    it('throttles unknown usernames the same way, so a 429 reveals no account', async () => {
      for (let i = 0; i < LOGIN_THROTTLE.perUsername; i++)
        expect((await loginFrom('127.0.0.13', 'ghost', 'wrong-password')).status).toBe(401);
      const res = await loginFrom('127.0.0.13', 'ghost', 'wrong-password');
      expect(res.status).toBe(429);
      expect(res.body.message).toMatch(/for this username/);
    });

    it('counts only failures since the last successful login', async () => {
      const a = await account('judy');
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < LOGIN_THROTTLE.perUsername - 1; i++)
          expect((await loginFrom('127.0.0.14', 'judy', 'nope-nope')).status).toBe(401);
        expect((await loginFrom('127.0.0.14', 'judy', a.password)).status).toBe(200);
      }
    });

    it('lets no burst of parallel attempts past the limit', async () => {
      await account('mallory');
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => loginFrom('127.0.0.15', 'mallory', 'guess-guess')),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([
        ...Array<number>(LOGIN_THROTTLE.perUsername).fill(401),
        ...Array<number>(10 - LOGIN_THROTTLE.perUsername).fill(429),
      ]);
      const recorded = await events(`actor_username = 'mallory' AND action LIKE 'LOGIN_%'`, []);
      expect(recorded.filter((e) => e.action === 'LOGIN_FAILED')).toHaveLength(
        LOGIN_THROTTLE.perUsername,
      );
      // The refused attempts are one event (a minute's worth), not one each.
      expect(recorded.filter((e) => e.action === 'LOGIN_THROTTLED')).toHaveLength(1);
    });

    it('records a throttled client once a minute, each event with the number of attempts it stands for', async () => {
      for (let i = 0; i < LOGIN_THROTTLE.perUsername; i++)
        expect((await loginFrom('127.0.0.19', 'hammer', 'wrong-password')).status).toBe(401);
      const hammering = await Promise.all(
        Array.from({ length: 50 }, () => loginFrom('127.0.0.19', 'hammer', 'wrong-password')),
      );
      expect(hammering.every((r) => r.status === 429)).toBe(true);
      const throttled = () =>
        events(`action = 'LOGIN_THROTTLED' AND actor_username = 'hammer'`, []);
      const [first, ...none] = await throttled();
      expect(none).toEqual([]);
      expect(first!.payload).toMatchObject({ limitedBy: 'username', attempts: 1, since: null });

      const res = await later(THROTTLE_RECORD_EVERY_SECONDS, () =>
        loginFrom('127.0.0.20', 'hammer', 'wrong-password'),
      );
      expect(res.status).toBe(429);
      const [, second, ...more] = await throttled();
      expect(more).toEqual([]);
      // The 49 refused after the first event, and this one; from a second address, since the
      // username is what is throttled.
      expect(second!.payload).toMatchObject({
        limitedBy: 'username',
        attempts: 50,
        address: '127.0.0.20',
      });
      expect(new Date(second!.payload.since as string).getTime()).toBeLessThan(Date.now());
    });

    it('lets no burst from one address past its limit, whatever the usernames', async () => {
      const burst = 3 * LOGIN_THROTTLE.perAddress;
      const answers = await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          loginFrom('127.0.0.18', `burst-${i}`, 'wrong-password'),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([
        ...Array<number>(LOGIN_THROTTLE.perAddress).fill(401),
        ...Array<number>(burst - LOGIN_THROTTLE.perAddress).fill(429),
      ]);
      const [{ n }] = await ds.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE action = 'LOGIN_FAILED' AND payload->>'address' = '127.0.0.18'`,
      );
      expect(n).toBe(LOGIN_THROTTLE.perAddress);
    });

    it('answers 429 after 20 failures from one address, whatever the usernames, and only to that address', async () => {
      const u = await account('rupert');
      for (let i = 0; i < LOGIN_THROTTLE.perAddress; i++)
        expect((await loginFrom('127.0.0.16', `stranger-${i}`, 'wrong-password')).status).toBe(401);
      const res = await loginFrom('127.0.0.16', 'rupert', u.password);
      expect(res.status).toBe(429);
      expect(res.body.message).toMatch(/from your address/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const [throttled] = await events(
        `action = 'LOGIN_THROTTLED' AND actor_username = 'rupert'`,
        [],
      );
      expect(throttled!.payload).toMatchObject({ limitedBy: 'address', address: '127.0.0.16' });
      expect((await loginFrom('127.0.0.17', 'rupert', u.password)).status).toBe(200);
    });
  });

  describe('administration', () => {
    const createUser = (token: string, body: Record<string, unknown>) =>
      t.http().post('/api/users').set(bearer(token)).send(body);

    it('creates a user (admin only) and audits USER_CREATED in the user’s chain without the password', async () => {
      const res = await createUser(admin.token, {
        username: 'kate',
        password: 'kate-secret-1',
        roles: ['reviewer', 'supervisor'],
        clearance: 'TOP SECRET',
        caveats: ['NODIS'],
      }).expect(201);
      const kate = res.body as LoginBody['user'] & { active: boolean };
      expect(kate).toMatchObject({ username: 'kate', active: true, clearance: 'TOP SECRET' });
      await login('kate', 'kate-secret-1').expect(200);
      const [created] = await events(`chain_key = $1 AND action = 'USER_CREATED'`, [
        `user:${kate.id}`,
      ]);
      expect(created).toMatchObject({
        actor_id: admin.id,
        actor_username: 'root-admin',
        payload: {
          userId: kate.id,
          username: 'kate',
          roles: ['reviewer', 'supervisor'],
          clearance: 'TOP SECRET',
          caveats: ['NODIS'],
        },
      });
      expect(JSON.stringify(created)).not.toMatch(/kate-secret-1|scrypt/);
    });

    it('refuses users to non-administrators, duplicates and bad fields, writing nothing', async () => {
      const sup = await account('leo', ['supervisor']);
      const count = async () =>
        (
          await ds.query<[{ n: number }]>(
            `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM audit_events) AS n`,
          )
        )[0].n;
      const before = await count();
      const forbidden = await createUser(sup.accessToken, {
        username: 'sneaky',
        password: 'sneaky-password',
        roles: ['admin'],
        clearance: 'TOP SECRET',
      });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({
        error: 'ROLE_REQUIRED',
        message: 'This needs the role admin',
      });
      const duplicate = await createUser(admin.token, {
        username: 'leo',
        password: 'another-pass',
        roles: ['reviewer'],
        clearance: 'SECRET',
      });
      expect(duplicate.status).toBe(409);
      expect((duplicate.body as ErrorBody).message).toMatch(/A user named leo already exists/);
      const bad = await createUser(admin.token, {
        username: 'Bad Name',
        password: 'short',
        roles: ['janitor'],
        clearance: 'COSMIC',
        caveats: ['SECRETSAUCE'],
        isAdmin: true,
      });
      expect(bad.status).toBe(400);
      const message = (bad.body as ErrorBody).message;
      for (const part of [
        'property isAdmin should not exist',
        'username: 2–64 characters',
        'password: at least 12 characters',
        'roles: each one of reviewer, supervisor, auditor, admin',
        'clearance: one of UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET',
        'caveats: each one of NODIS',
      ])
        expect(message).toContain(part);
      expect(await count()).toBe(before);
    });

    it('refuses short, common and repetitive passwords with what to do, writes nothing, and takes a plain passphrase', async () => {
      const users = async () =>
        (await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users`))[0]!.n;
      const before = await users();
      const refusals: [string, string][] = [
        ['password', 'password: at least 12 characters'],
        ['12345678', 'password: at least 12 characters'],
        ['Password1234', 'password: this is one of the most common passwords; choose another'],
        ['confidential', 'password: this is one of the most common passwords; choose another'],
        ['abababababab', 'password: too repetitive; use at least three different characters'],
      ];
      for (const [password, message] of refusals) {
        const res = await createUser(admin.token, {
          username: 'olga',
          password,
          roles: ['reviewer'],
          clearance: 'SECRET',
        });
        expect({ password, status: res.status, message: (res.body as ErrorBody).message }).toEqual({
          password,
          status: 400,
          message: expect.stringContaining(message),
        });
      }
      expect(await users()).toBe(before);
      // No composition rules: lower-case words alone are a good password.
      await createUser(admin.token, {
        username: 'olga',
        password: 'orchard lantern pebble',
        roles: ['reviewer'],
        clearance: 'SECRET',
      }).expect(201);
      await login('olga', 'orchard lantern pebble').expect(200);
    });

    it('changes roles, clearance and caveats with effect on the next request, audited with before and after', async () => {
      const u = await account('mike', ['reviewer'], { clearance: 'CONFIDENTIAL' });
      const res = await t
        .http()
        .patch(`/api/users/${u.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['reviewer', 'supervisor'], clearance: 'SECRET', caveats: ['EXDIS'] })
        .expect(200);
      expect(res.body).toMatchObject({
        id: u.id,
        roles: ['reviewer', 'supervisor'],
        clearance: 'SECRET',
        caveats: ['EXDIS'],
        active: true,
      });
      // The same token, the new privileges.
      const now = (await me(u.accessToken).expect(200)).body as LoginBody['user'];
      expect(now).toMatchObject({
        roles: ['reviewer', 'supervisor'],
        clearance: 'SECRET',
        caveats: ['EXDIS'],
      });
      await t.http().get('/api/users').set(bearer(u.accessToken)).expect(200);

      const [updated] = await events(`chain_key = $1 AND action = 'USER_UPDATED'`, [
        `user:${u.id}`,
      ]);
      expect(updated).toMatchObject({
        actor_id: admin.id,
        payload: {
          userId: u.id,
          before: { roles: ['reviewer'], clearance: 'CONFIDENTIAL', caveats: [], active: true },
          after: {
            roles: ['reviewer', 'supervisor'],
            clearance: 'SECRET',
            caveats: ['EXDIS'],
            active: true,
          },
        },
      });

      // Taking the role away takes it away now, too.
      await t
        .http()
        .patch(`/api/users/${u.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['reviewer'] })
        .expect(200);
      await t.http().get('/api/users').set(bearer(u.accessToken)).expect(403);
    });

    it('deactivates at once: every session ends, logins fail, and reactivation does not revive old tokens', async () => {
      const u = await account('nina');
      const second = (await login('nina', u.password).expect(200)).body as LoginBody;
      await t
        .http()
        .patch(`/api/users/${u.id}`)
        .set(bearer(admin.token))
        .send({ active: false })
        .expect(200);

      for (const token of [u.accessToken, second.accessToken]) {
        const res = await me(token);
        expect(res.status).toBe(401);
        expect((res.body as ErrorBody).message).toMatch(/unknown or deactivated/);
      }
      await t.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
      await login('nina', u.password).expect(401);
      const [failed] = await events(`action = 'LOGIN_FAILED' AND actor_id = $1`, [u.id]);
      expect(failed!.payload.reason).toBe('deactivated');
      const revoked = await ds.query<{ revoked_reason: string }[]>(
        `SELECT revoked_reason FROM sessions WHERE user_id = $1`,
        [u.id],
      );
      expect(revoked.map((r) => r.revoked_reason)).toEqual([
        'USER_DEACTIVATED',
        'USER_DEACTIVATED',
      ]);
      const [deactivated] = await events(`chain_key = $1 AND action = 'USER_DEACTIVATED'`, [
        `user:${u.id}`,
      ]);
      expect(deactivated!.payload).toMatchObject({
        before: { active: true },
        after: { active: false },
        sessionsRevoked: 2,
      });

      await t
        .http()
        .patch(`/api/users/${u.id}`)
        .set(bearer(admin.token))
        .send({ active: true })
        .expect(200);
      await me(u.accessToken).expect(401);
      await login('nina', u.password).expect(200);
    });

    it('refuses an administrator changing their own account, an unknown user and an empty change', async () => {
      const self = await t
        .http()
        .patch(`/api/users/${admin.id}`)
        .set(bearer(admin.token))
        .send({ clearance: 'SECRET' });
      expect(self.status).toBe(403);
      expect(self.body).toMatchObject({ error: 'TWO_PERSON_RULE' });
      expect((self.body as ErrorBody).message).toMatch(/ask another administrator/);
      const unknown = await t
        .http()
        .patch(`/api/users/${randomUUID()}`)
        .set(bearer(admin.token))
        .send({ active: false });
      expect(unknown.status).toBe(404);
      const empty = await t
        .http()
        .patch(`/api/users/${admin.id}`)
        .set(bearer(admin.token))
        .send({});
      expect(empty.status).toBe(403);
      const u = await account('oscar');
      const nothing = await t.http().patch(`/api/users/${u.id}`).set(bearer(admin.token)).send({});
      expect(nothing.status).toBe(400);
      expect((nothing.body as ErrorBody).message).toMatch(/Say what to change/);
    });

    it('resets a password, ending the user’s sessions, audited without the password', async () => {
      const u = await account('peggy');
      await t
        .http()
        .post(`/api/users/${u.id}/password`)
        .set(bearer(admin.token))
        .send({ password: 'brand-new-password' })
        .expect(204);
      await me(u.accessToken).expect(401);
      await login('peggy', u.password).expect(401);
      await login('peggy', 'brand-new-password').expect(200);
      const [reset] = await events(`chain_key = $1 AND action = 'PASSWORD_RESET'`, [
        `user:${u.id}`,
      ]);
      expect(reset).toMatchObject({
        actor_id: admin.id,
        payload: { userId: u.id, sessionsRevoked: 1 },
      });
      expect(JSON.stringify(reset)).not.toContain('brand-new-password');
    });

    it('audits users created from the CLI as the CLI', async () => {
      const u = await account('quentin');
      const [created] = await events(`chain_key = $1`, [`user:${u.id}`]);
      expect(created).toMatchObject({
        action: 'USER_CREATED',
        actor_id: null,
        actor_username: 'declass-cli',
        payload: { username: 'quentin', roles: ['reviewer'], clearance: 'SECRET' },
      });
    });

    it('keeps every account chain intact and no password, hash or refresh token anywhere in the trail', async () => {
      const chains = await ds.query<{ chain_key: string }[]>(
        `SELECT DISTINCT chain_key FROM audit_events WHERE chain_key LIKE 'user:%' OR chain_key = 'auth'`,
      );
      expect(chains.length).toBeGreaterThan(10);
      for (const { chain_key } of chains)
        expect((await chainProblems(ds, chain_key)).problems).toEqual([]);
      const [{ trail }] = await ds.query<[{ trail: string }]>(
        `SELECT string_agg(payload::text, ' ') AS trail FROM audit_events`,
      );
      expect(trail).not.toMatch(/scrypt\$|pw-|brand-new-password|kate-secret-1/);
      const hashes = await ds.query<{ refresh_token_hash: string }[]>(
        `SELECT refresh_token_hash FROM sessions`,
      );
      for (const { refresh_token_hash } of hashes) expect(trail).not.toContain(refresh_token_hash);
    });
  });

  describe('administrators within bounds', () => {
    const patchUser = (token: string, id: string, body: Record<string, unknown>) =>
      t.http().patch(`/api/users/${id}`).set(bearer(token)).send(body);
    const createUser = (token: string, body: Record<string, unknown>) =>
      t.http().post('/api/users').set(bearer(token)).send(body);
    const trailSize = async () =>
      (await ds.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM audit_events`))[0].n;

    it('lets a CONFIDENTIAL administrator grant no clearance or caveat above their own, nor take over an account above it', async () => {
      const low = await account('low-admin', ['admin'], {
        clearance: 'CONFIDENTIAL',
        caveats: ['EXDIS'],
      });
      const target = await account('low-target', ['reviewer'], { clearance: 'CONFIDENTIAL' });
      const high = await account('high-reader', ['reviewer'], {
        clearance: 'TOP SECRET',
        caveats: ['NODIS'],
      });
      const before = await trailSize();

      const refusals = [
        await createUser(low.accessToken, {
          username: 'made-top-secret',
          password: 'made-top-secret-pw',
          roles: ['reviewer'],
          clearance: 'TOP SECRET',
        }),
        await createUser(low.accessToken, {
          username: 'made-nodis',
          password: 'made-nodis-password',
          roles: ['reviewer'],
          clearance: 'CONFIDENTIAL',
          caveats: ['NODIS'],
        }),
        await patchUser(low.accessToken, target.id, { clearance: 'SECRET' }),
        await patchUser(low.accessToken, target.id, { caveats: ['EXDIS', 'NODIS'] }),
        await t
          .http()
          .post(`/api/users/${high.id}/password`)
          .set(bearer(low.accessToken))
          .send({ password: 'taken-over-password' }),
      ];
      expect(refusals.map((r) => [r.status, (r.body as ErrorBody).error])).toEqual(
        Array(5).fill([403, 'CLEARANCE_REQUIRED']),
      );
      expect((refusals[0]!.body as ErrorBody).message).toMatch(
        /you hold CONFIDENTIAL and can grant at most that, not TOP SECRET/,
      );
      expect((refusals[1]!.body as ErrorBody).message).toMatch(/not NODIS/);
      expect((refusals[4]!.body as ErrorBody).message).toMatch(/within your own clearance/);
      expect(await trailSize()).toBe(before);
      await login('high-reader', high.password).expect(200);

      // Within bounds it works, and lowering what someone above them holds is allowed.
      await patchUser(low.accessToken, target.id, { caveats: ['EXDIS'] }).expect(200);
      await patchUser(low.accessToken, high.id, { clearance: 'SECRET', caveats: [] }).expect(200);
    });

    it('needs a second administrator to make an administrator, and applies the change only on approval', async () => {
      const first = await account('admin-first', ['admin'], { clearance: 'TOP SECRET' });
      const second = await account('admin-second', ['admin'], { clearance: 'TOP SECRET' });
      const alt = await account('admin-alt', ['reviewer'], { clearance: 'TOP SECRET' });

      const created = await createUser(first.accessToken, {
        username: 'instant-admin',
        password: 'instant-admin-pw',
        roles: ['admin'],
        clearance: 'SECRET',
      });
      expect([created.status, (created.body as ErrorBody).error]).toEqual([403, 'TWO_PERSON_RULE']);

      const proposed = await patchUser(first.accessToken, alt.id, { roles: ['reviewer', 'admin'] });
      expect(proposed.status).toBe(202);
      const change = proposed.body as { id: string; after: { roles: string[] }; outcome: null };
      expect(change).toMatchObject({ userId: alt.id, proposedBy: first.id, outcome: null });
      // Nothing changed yet: the account is still a reviewer only.
      const [row] = await ds.query<{ roles: string[] }[]>(`SELECT roles FROM users WHERE id = $1`, [
        alt.id,
      ]);
      expect(row!.roles).toEqual(['reviewer']);
      const again = await patchUser(second.accessToken, alt.id, { roles: ['admin'] });
      expect([again.status, (again.body as ErrorBody).message]).toEqual([
        409,
        expect.stringMatching(/already waits for a second administrator/),
      ]);

      const pending = await t
        .http()
        .get('/api/users/changes')
        .set(bearer(second.accessToken))
        .expect(200);
      expect((pending.body as { items: { id: string }[] }).items.map((c) => c.id)).toContain(
        change.id,
      );

      const approve = (token: string) =>
        t.http().post(`/api/users/changes/${change.id}/approve`).set(bearer(token));
      const byProposer = await approve(first.accessToken);
      expect([byProposer.status, (byProposer.body as ErrorBody).error]).toEqual([
        403,
        'TWO_PERSON_RULE',
      ]);
      const approved = await approve(second.accessToken).expect(200);
      expect((approved.body as { roles: string[] }).roles).toEqual(['reviewer', 'admin']);
      expect((await approve(second.accessToken)).status).toBe(409);

      const [updated] = await events(`action = 'USER_UPDATED' AND chain_key = $1`, [
        `user:${alt.id}`,
      ]);
      expect(updated).toMatchObject({ actor_id: second.id });
      expect(updated!.payload).toMatchObject({ changeId: change.id, proposedBy: first.id });
      const [proposal] = await events(`action = 'USER_CHANGE_PROPOSED' AND chain_key = $1`, [
        `user:${alt.id}`,
      ]);
      expect(proposal).toMatchObject({ actor_id: first.id });
    });

    it('stops an administrator editing themselves through a second account of theirs', async () => {
      const mine = await account('admin-mine', ['admin'], { clearance: 'SECRET' });
      const other = await account('admin-other', ['admin'], { clearance: 'SECRET' });
      const proposed = await patchUser(mine.accessToken, other.id, { clearance: 'TOP SECRET' });
      // Beyond what they hold: refused outright.
      expect(proposed.status).toBe(403);
      const proposal = await patchUser(other.accessToken, mine.id, {
        roles: ['admin', 'supervisor'],
      });
      expect(proposal.status).toBe(202);
      const id = (proposal.body as { id: string }).id;
      // The account it changes cannot approve it, whoever proposed it.
      const self = await t
        .http()
        .post(`/api/users/changes/${id}/approve`)
        .set(bearer(mine.accessToken));
      expect([self.status, (self.body as ErrorBody).error]).toEqual([403, 'TWO_PERSON_RULE']);
      await t
        .http()
        .post(`/api/users/changes/${id}/reject`)
        .set(bearer(other.accessToken))
        .expect(204);
      const [row] = await ds.query<{ roles: string[] }[]>(`SELECT roles FROM users WHERE id = $1`, [
        mine.id,
      ]);
      expect(row!.roles).toEqual(['admin']);
      const [rejected] = await events(`action = 'USER_CHANGE_REJECTED' AND chain_key = $1`, [
        `user:${mine.id}`,
      ]);
      expect(rejected!.payload).toMatchObject({ changeId: id, proposedBy: other.id });
    });

    it('refuses to approve a change to an account that has moved since, and deactivates an administrator at once', async () => {
      const a = await account('admin-a', ['admin'], { clearance: 'TOP SECRET' });
      const b = await account('admin-b', ['admin'], { clearance: 'TOP SECRET' });
      const c = await account('admin-c', ['admin'], { clearance: 'TOP SECRET' });
      const proposal = await patchUser(a.accessToken, c.id, { clearance: 'SECRET' }).expect(202);
      await patchUser(b.accessToken, c.id, { active: false }).expect(200);
      await me(c.accessToken).expect(401);
      const stale = await t
        .http()
        .post(`/api/users/changes/${(proposal.body as { id: string }).id}/approve`)
        .set(bearer(b.accessToken));
      expect([stale.status, (stale.body as ErrorBody).error]).toEqual([409, 'STALE_VERSION']);
    });
  });
});
