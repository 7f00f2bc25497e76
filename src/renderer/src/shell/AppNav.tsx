import { useShell, type AppView } from './shellStore';

const VIEWS: Array<[AppView, string]> = [
  ['write', 'Write'],
  ['desk', 'Desk'],
  ['newsroom', 'Newsroom'],
  ['tags', 'Tags'],
  ['targets', 'Publishing'],
  ['settings', 'Check rules'],
];

/** The app's rooms: the writing desk, the editors' desk, the newsroom's shared desk, the tag vocabulary, where pieces publish to, and the check's rules. */
export function AppNav() {
  const { view, setView } = useShell();
  return (
    <nav className="cd-appnav" aria-label="Views">
      <span className="cd-brand">Copydesk</span>
      {VIEWS.map(([value, label]) => (
        <button
          key={value}
          type="button"
          className="cd-appnav-item"
          aria-current={view === value ? 'page' : undefined}
          onClick={() => setView(value)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
