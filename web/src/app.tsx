/** The application shell: header, skip link, the routed page. */
import { useEffect } from 'preact/hooks';
import { Link, sourcePath, useRoute } from './router.tsx';
import { HomePage } from './pages/home.tsx';
import { NewComparisonPage } from './pages/new.tsx';
import { BatchPage } from './pages/batch.tsx';
import { ComparisonPage } from './pages/comparison.tsx';

export function App() {
  const route = useRoute();
  useEffect(() => {
    // Move focus to the page on navigation, for screen readers and keyboard users.
    document.getElementById('main')?.focus({ preventScroll: true });
    scrollTo(0, 0);
  }, [route.page === 'comparison' ? sourcePath(route.source) : route.page]);
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
        <Link href="/" class="brand" aria-label="Parallax home">Parallax</Link>
        <nav aria-label="Main">
          <Link href="/">Events</Link>
          <Link href="/new">New comparison</Link>
          <Link href="/batch">Batch</Link>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'home' && <HomePage />}
        {route.page === 'new' && <NewComparisonPage />}
        {route.page === 'batch' && <BatchPage />}
        {route.page === 'comparison' && <ComparisonPage key={sourcePath(route.source)} source={route.source} />}
        {route.page === 'not-found' && (
          <section class="page">
            <h1>Page not found</h1>
            <p>There is nothing at {route.path}. <Link href="/">Go to the events</Link>.</p>
          </section>
        )}
      </main>
    </>
  );
}
