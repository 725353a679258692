import type { Actor } from './actor';

/** Who acts, and in which signed-in session. */
export interface Authenticated {
  actor: Actor;
  sessionId: string;
}

/**
 * Turns a bearer token into who is acting. The HTTP guard asks it on every request; the auth
 * module provides it, so the guard needs nothing of how sessions are kept.
 */
export abstract class Sessions {
  abstract authenticate(token: string): Promise<Authenticated>;
}
