// `/` and the areas: each role has its own experience; a URL of the other area sends the user home.
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useSession } from '../auth/session.tsx';
import type { Role } from '../auth/tokens.ts';

export const HOME: Readonly<Record<Role, string>> = { clinician: '/clinician', patient: '/portal' };

export function RoleHome() {
  const { role } = useSession();
  return <Navigate to={HOME[role]} replace />;
}

export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const session = useSession();
  if (session.role !== role) return <Navigate to={HOME[session.role]} replace />;
  return <>{children}</>;
}
