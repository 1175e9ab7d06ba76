/** A tiny history router: paths map to pages; links navigate without reloading. */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Where a comparison comes from: saved, a sample event, or one finished item of a batch. */
export type ComparisonSource = { kind: 'saved' | 'seed'; id: string } | { kind: 'batch'; id: string; index: number };

/** The app path of a comparison (its permalink's path). */
export function sourcePath(s: ComparisonSource): string {
  if (s.kind === 'batch') return `/batch/${s.id}/items/${s.index}`;
  return `${s.kind === 'seed' ? '/seed/' : '/c/'}${s.id}`;
}

export type Route =
  | { page: 'home' }
  | { page: 'new' }
  | { page: 'batch' }
  | { page: 'comparison'; source: ComparisonSource }
  | { page: 'not-found'; path: string };

/** The route for a path. */
export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'home' };
  if (path === '/new') return { page: 'new' };
  if (path === '/batch') return { page: 'batch' };
  let m = /^\/c\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (m) return { page: 'comparison', source: { kind: 'saved', id: m[1]! } };
  m = /^\/batch\/([A-Za-z0-9_-]{1,64})\/items\/(\d{1,9})$/.exec(path);
  if (m) return { page: 'comparison', source: { kind: 'batch', id: m[1]!, index: Number(m[2]) } };
  m = /^\/seed\/([A-Za-z0-9_-]{1,100})$/.exec(path);
  if (m) return { page: 'comparison', source: { kind: 'seed', id: m[1]! } };
  return { page: 'not-found', path };
}

/** Goes to `path` (pushState) and tells the app. */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current route, updated on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return route;
}

/** An in-app link: a real `<a href>` (works with new tabs and without JS), navigated in place. */
export function Link(props: { href: string; children: ComponentChildren } & Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const { href, children, ...rest } = props;
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
