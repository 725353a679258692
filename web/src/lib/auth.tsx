import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { api, handleUnauthorized, hasToken, setToken } from './api';
import { setAgencyTimeZone } from './format';
import { navigate } from './router';
import type { LoginResult, Role, User } from './types';

interface Auth {
  user: User | null;
  /** True until we know whether a stored token is still good. */
  checking: boolean;
  /** Why the user was sent back to the sign-in page, if they were. */
  notice: string | null;
  login(username: string, password: string): Promise<User>;
  logout(): void;
}

const AuthContext = createContext<Auth | null>(null);

/** The signed-in user, and the agency's time zone the desk then shows every moment in. */
async function whoAmI(): Promise<User> {
  const me = await api.get<User & { agency?: { timeZone: string } }>('/auth/me');
  if (me.agency) setAgencyTimeZone(me.agency.timeZone);
  return me;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(hasToken());
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    handleUnauthorized(() => {
      setToken(null);
      setUser(null);
      setNotice('Your session has ended; sign in again.');
      navigate(`/login?next=${encodeURIComponent(window.location.pathname)}`, { replace: true });
    });
    if (!hasToken()) return;
    let live = true;
    whoAmI()
      .then((me) => live && setUser(me))
      .catch(() => live && setToken(null))
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await api.post<LoginResult>('/auth/login', { username, password });
    setToken(result.accessToken, result.refreshToken);
    setNotice(null);
    const me = await whoAmI().catch(() => result.user);
    setUser(me);
    return me;
  }, []);

  const logout = useCallback(() => {
    // End the session on the server too, so its tokens stop working now, not when they expire.
    api.post('/auth/logout', {}).catch(() => undefined);
    setToken(null);
    setUser(null);
    setNotice(null);
    navigate('/login');
  }, []);

  const value = useMemo(
    () => ({ user, checking, notice, login, logout }),
    [user, checking, notice, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in user; pages behind the sign-in use it. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

export const hasRole = (user: User, ...roles: Role[]) => roles.some((r) => user.roles.includes(r));

/** Where each kind of user starts their day. */
export function homeOf(user: User): string {
  if (hasRole(user, 'reviewer')) return '/queue';
  if (hasRole(user, 'supervisor')) return '/inbox';
  if (hasRole(user, 'auditor')) return '/audit';
  return '/documents';
}
