import { useLocation, useParams } from 'react-router-dom';

/**
 * Where the designer is mounted (`/designer`), from inside its splat route (`/designer/*`): the
 * location without what the splat matched. (`useResolvedPath('.')` would not do: in a splat route
 * it resolves to the whole current location, so links built on it pile up one path on another —
 * `/designer/objects/new/objects/project/fields`.)
 */
export function useMountBase(): string {
  const { pathname } = useLocation();
  const rest = useParams()['*'] ?? '';
  const base = rest && pathname.endsWith(rest) ? pathname.slice(0, pathname.length - rest.length) : pathname;
  return base.replace(/\/+$/, '') || '/';
}
