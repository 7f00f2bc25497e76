import { useShell, type AppView } from './shellStore';

const VIEWS: Array<[AppView, string]> = [
  ['write', 'Write'],
  ['desk', 'Desk'],
  ['tags', 'Tags'],
  ['targets', 'Publishing'],
];

/** The app's rooms: the writing desk, the editors' desk, the tag vocabulary, and where pieces publish to. */
export function AppNav() {
  const { view, setView } = useShell();
  return (
    <nav className="cd-appnav" aria-label="Views">
      <span className="cd-brand">Copydesk</span>
      {VIEWS.map(([value, label]) => (
        <button key={value} type="button" className="cd-appnav-item" aria-current={view === value ? 'page' : undefined} onClick={() => setView(value)}>
          {label}
        </button>
      ))}
    </nav>
  );
}
