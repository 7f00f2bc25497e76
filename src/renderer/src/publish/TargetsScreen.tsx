import { useEffect, useState, type FormEvent } from 'react';
import { PUBLISH_TARGET_KINDS, type PublishTarget, type PublishTargetKind } from '../../../common/publish';
import { isWebUrl } from '../../../common/domain';
import { ApiFailure, messageOf } from '../api';
import { ErrorLine, ScreenStatus } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { usePublish, type TargetForm } from './publishStore';
import './publish.css';

/**
 * Where pieces can be published: WordPress, Ghost and signed webhooks, each
 * with its address, user and secret, and a connection test that names the
 * problem. Secrets go in and never come back out: the screen only learns
 * whether one is set and how the system keeps it.
 */

const KIND_LABELS: Record<PublishTargetKind, string> = { wordpress: 'WordPress', ghost: 'Ghost', webhook: 'Webhook' };

const SECRET_LABELS: Record<PublishTargetKind, string> = {
  wordpress: 'Application password',
  ghost: 'Admin API key (id:secret)',
  webhook: 'Signing secret',
};

const SECRET_HELP: Record<PublishTargetKind, string> = {
  wordpress: 'Create one in WordPress under Users → Profile → Application Passwords.',
  ghost: 'Create a custom integration in Ghost under Settings → Integrations and copy its Admin API key.',
  webhook: 'Any long random string; the receiving end checks each delivery’s signature with it.',
};

const EMPTY_FORM: TargetForm = { name: '', kind: 'wordpress', url: '', user: '', secret: '', imageBaseUrl: '' };

function formOf(target: PublishTarget): TargetForm {
  const base = target.options.imageBaseUrl;
  return {
    name: target.name,
    kind: target.kind,
    url: target.url,
    user: target.user,
    secret: '',
    imageBaseUrl: typeof base === 'string' ? base : '',
  };
}

function protectionText(target: PublishTarget): string {
  if (!target.secretSet) return 'No secret set: publishing to it stops until one is.';
  switch (target.secretProtection) {
    case 'protected':
      return 'Secret set, kept encrypted by the system’s keychain.';
    case 'basic_text':
      return 'Secret set, but NOT protected: this Linux desktop has no keyring, so it is stored with a fixed key that any program running as you can read.';
    case 'not_stored':
      return 'Secret set for this session only; it is not written anywhere.';
  }
}

function TargetEditor({ target, onDone }: { target: PublishTarget | null; onDone: (message: string | null) => void }) {
  const saveTarget = usePublish((s) => s.saveTarget);
  const [form, setForm] = useState<TargetForm>(target ? formOf(target) : EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, error, run } = useAsyncAction();
  const change = (changes: Partial<TargetForm>): void => setForm((f) => ({ ...f, ...changes }));
  const urlInvalid = form.url.trim() !== '' && !isWebUrl(form.url.trim());

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setErrors({});
    await run(async () => {
      try {
        const saved = await saveTarget(form, target?.id);
        onDone(
          target
            ? `“${saved.name}” saved.`
            : `“${saved.name}” added. Test the connection to check the address and the secret.`,
        );
      } catch (err) {
        if (err instanceof ApiFailure && err.error.fields) setErrors(err.error.fields);
        throw err;
      }
    });
  };

  const id = target?.id ?? 'new';
  return (
    <form
      className="cd-target-form"
      aria-label={target ? `Edit ${target.name}` : 'Add a publish target'}
      onSubmit={(e) => void submit(e)}
    >
      <div className="cd-target-grid">
        <label className="cd-field">
          <span className="cd-label">Kind</span>
          <select
            className="cd-control"
            value={form.kind}
            onChange={(e) => change({ kind: e.target.value as PublishTargetKind })}
            disabled={target !== null}
          >
            {PUBLISH_TARGET_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="cd-field">
          <span className="cd-label">Name</span>
          <input
            value={form.name}
            onChange={(e) => change({ name: e.target.value })}
            placeholder="e.g. Main site"
            aria-invalid={Boolean(errors.name)}
          />
          {errors.name && <span className="cd-help is-error">{errors.name}</span>}
        </label>
        <label className="cd-field cd-target-wide">
          <span className="cd-label">{form.kind === 'webhook' ? 'Endpoint address' : 'Site address'}</span>
          <input
            value={form.url}
            onChange={(e) => change({ url: e.target.value })}
            placeholder={form.kind === 'webhook' ? 'https://cms.example.com/copydesk' : 'https://www.example.com'}
            aria-invalid={urlInvalid || Boolean(errors.url)}
            aria-describedby={`cd-target-url-help-${id}`}
          />
          <span id={`cd-target-url-help-${id}`} className={`cd-help${urlInvalid || errors.url ? ' is-error' : ''}`}>
            {urlInvalid
              ? 'The address must start with http:// or https://.'
              : (errors.url ?? 'The address of the site itself, not of its admin pages.')}
          </span>
        </label>
        {form.kind === 'wordpress' && (
          <label className="cd-field">
            <span className="cd-label">User name</span>
            <input
              value={form.user}
              onChange={(e) => change({ user: e.target.value })}
              autoComplete="off"
              aria-invalid={Boolean(errors.user)}
            />
            {errors.user && <span className="cd-help is-error">{errors.user}</span>}
          </label>
        )}
        <label className="cd-field">
          <span className="cd-label">{SECRET_LABELS[form.kind]}</span>
          <input
            type="password"
            value={form.secret}
            onChange={(e) => change({ secret: e.target.value })}
            autoComplete="off"
            placeholder={target?.secretSet ? 'Set: type to replace it' : ''}
            aria-describedby={`cd-target-secret-help-${id}`}
          />
          <span id={`cd-target-secret-help-${id}`} className="cd-help">
            {SECRET_HELP[form.kind]}
          </span>
        </label>
        {form.kind === 'webhook' && (
          <label className="cd-field cd-target-wide">
            <span className="cd-label">Image address base (optional)</span>
            <input
              value={form.imageBaseUrl}
              onChange={(e) => change({ imageBaseUrl: e.target.value })}
              placeholder="https://cdn.example.com/img"
            />
            <span className="cd-help">Empty: images travel inside the delivery as base64.</span>
          </label>
        )}
      </div>
      <ErrorLine message={error} />
      <div className="cd-actions">
        <button type="submit" className="cd-button" disabled={busy || urlInvalid}>
          {target ? 'Save' : 'Add target'}
        </button>
        <button type="button" className="cd-small-button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TargetCard({ target, onStatus }: { target: PublishTarget; onStatus: (message: string) => void }) {
  const { removeTarget, testTarget } = usePublish();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; message: string } | 'testing' | null>(null);

  const runTest = async (): Promise<void> => {
    setTest('testing');
    try {
      setTest(await testTarget(target.id));
    } catch (err) {
      setTest({ ok: false, message: messageOf(err) });
    }
  };

  if (editing) {
    return (
      <li className="cd-target">
        <TargetEditor
          target={target}
          onDone={(message) => {
            setEditing(false);
            if (message) onStatus(message);
          }}
        />
      </li>
    );
  }
  return (
    <li className="cd-target" aria-label={target.name}>
      <div className="cd-target-head">
        <h2>{target.name}</h2>
        <span className="cd-target-kind">{KIND_LABELS[target.kind]}</span>
      </div>
      <p className="cd-target-url">{target.url}</p>
      {target.user && <p className="cd-help">User: {target.user}</p>}
      <p className={`cd-help${!target.secretSet || target.secretProtection === 'basic_text' ? ' is-error' : ''}`}>
        {protectionText(target)}
      </p>
      {test !== null && (
        <p role="status" className={`cd-target-test${test === 'testing' ? '' : test.ok ? ' is-ok' : ' is-error'}`}>
          {test === 'testing' ? 'Testing the connection…' : test.message}
        </p>
      )}
      <div className="cd-actions">
        <button type="button" className="cd-small-button" onClick={() => void runTest()} disabled={test === 'testing'}>
          Test connection
        </button>
        <button type="button" className="cd-small-button" onClick={() => setEditing(true)}>
          Edit
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="cd-small-button is-danger"
              onClick={() =>
                void removeTarget(target.id).then(
                  () => onStatus(`“${target.name}” removed. Posts already on it stay there.`),
                  (err: unknown) => onStatus(messageOf(err)),
                )
              }
            >
              Remove “{target.name}”
            </button>
            <button type="button" className="cd-small-button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="cd-small-button is-danger" onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
      </div>
    </li>
  );
}

export function TargetsScreen() {
  const { targets, error, loadTargets } = usePublish();
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    void loadTargets();
  }, [loadTargets]);

  return (
    <main className="cd-targets-view">
      <div className="cd-targets-head">
        <h1>Publishing</h1>
        {!adding && (
          <button type="button" className="cd-button" onClick={() => (setAdding(true), setStatus(null))}>
            Add a target…
          </button>
        )}
      </div>
      <p className="cd-help">
        Each target is a site Copydesk publishes to. Secrets are kept by the system’s keychain, never in the library’s
        database, exports or logs.
      </p>
      <ScreenStatus status={status} error={error} />
      {adding && (
        <TargetEditor
          target={null}
          onDone={(message) => {
            setAdding(false);
            if (message) setStatus(message);
          }}
        />
      )}
      {targets === null && !error && <p className="cd-help">Loading the targets…</p>}
      {targets?.length === 0 && !adding && (
        <div className="cd-empty">
          <p>No publish targets yet.</p>
          <p className="cd-hint">Add a WordPress site, a Ghost site, or a webhook for any other CMS.</p>
        </div>
      )}
      {targets && targets.length > 0 && (
        <ul className="cd-targets">
          {targets.map((t) => (
            <TargetCard key={t.id} target={t} onStatus={setStatus} />
          ))}
        </ul>
      )}
    </main>
  );
}
