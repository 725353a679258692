/**
 * Who acts: a person with roles, a clearance and caveats, or the system's own worker. Every layer
 * reads these, so they live at the centre and depend on nothing but the levels.
 */
import { CAPTIONS, type Clearance } from './classification';

export const ROLES = ['reviewer', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The person (or the system's worker) an event is attributed to; added by the server. */
export interface Actor {
  id: string;
  username: string;
  roles: Role[];
  clearance: Clearance;
  caveats: string[];
}

/**
 * The worker acts as this actor when a deadline falls due. The law's clocks run for every record,
 * NODIS or not, so it holds every caveat; it has no role, so no person's act is open to it.
 */
export const SYSTEM_ACTOR: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'declass-system',
  roles: [],
  clearance: 'TOP SECRET',
  caveats: [...CAPTIONS],
};
