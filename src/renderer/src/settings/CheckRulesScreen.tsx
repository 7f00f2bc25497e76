import { useEffect, useState, type FormEvent } from 'react';
import {
  CHECK_RULES,
  DEFAULT_CHECK_SETTINGS,
  SEVERITIES,
  type CheckRule,
  type CheckSettings,
  type Severity,
} from '../../../common/check';
import { ScreenStatus } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { useNewsroom } from '../newsroom/newsroomStore';
import { useTeamDesk } from '../newsroom/teamDeskStore';
import { useCheckRules } from './checkRulesStore';
import { HouseStyleList } from './HouseStyleList';
import { NewsroomDictionary } from './NewsroomDictionary';
import './settings.css';

/**
 * The desk's rules for the pre-publish check: how serious each problem is
 * (an error blocks Approve and Publish unless an editor overrides it, a
 * warning only informs, off is not checked) and the headline limit. Kept in
 * the library's database, so every piece is held to the same rules.
 */

const SEVERITY_LABELS: Record<Severity, string> = { error: 'Error: blocks', warning: 'Warning', off: 'Off' };

const RULE_LABELS: Record<CheckRule, string> = {
  headline_missing: 'No headline',
  headline_too_long: 'Headline longer than the limit',
  dek_missing: 'Empty dek',
  top_image_missing: 'No top image',
  figure_credit_missing: 'A figure without a credit',
  figure_alt_missing: 'A figure without alt text',
  citation_dangling: 'A citation pointing nowhere',
  source_uncited: 'A source never cited',
  source_url_missing: 'A source without a URL',
  source_url_invalid: 'A source URL that is not http(s)',
  tags_missing: 'No tags',
  section_missing: 'No section',
  notes_open: 'Open review notes',
  house_style: 'A term the house style avoids',
};

const RULES = Object.keys(CHECK_RULES) as CheckRule[];

export function CheckRulesScreen() {
  const stored = useCheckRules((s) => s.settings);
  const loadError = useCheckRules((s) => s.loadError);
  // The form's choices until they are saved: the stored rules, then the writer's edits.
  const [settings, setSettings] = useState<CheckSettings | null>(null);
  const [limit, setLimit] = useState('');
  const [shown, setShown] = useState<CheckSettings | null>(null);
  if (stored !== shown) {
    setShown(stored);
    if (stored) {
      setSettings(stored);
      setLimit(String(stored.headlineMaxLength));
    }
  }
  const [status, setStatus] = useState<string | null>(null);
  const { error: saveError, run } = useAsyncAction();
  const onDesk = useNewsroom((s) => Boolean(s.status?.connection));
  const deskRole = useTeamDesk((s) => s.board?.role ?? '');
  const mayEdit = !onDesk || deskRole === 'editor' || deskRole === 'admin';
  const error = saveError ?? loadError;

  useEffect(() => {
    void useCheckRules.getState().load();
  }, []);

  const save = (next: CheckSettings, message: string): Promise<void> => {
    setStatus(null);
    return run(async () => {
      await useCheckRules.getState().save(next);
      setStatus(message);
    });
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!settings) return;
    const n = Number(limit);
    void save(
      { ...settings, headlineMaxLength: Number.isFinite(n) ? n : settings.headlineMaxLength },
      'The check rules are saved; every piece is checked with them from now on.',
    );
  };

  return (
    <main className="cd-settings-view">
      <h1 id="cd-check-rules-heading">Pre-publish check</h1>
      <p className="cd-help">
        The check runs before a piece is approved or published, and on demand in its Review tab. Errors block Approve
        and Publish unless an editor overrides them with a reason; warnings only inform.
      </p>
      {onDesk && (
        <p className="cd-help">
          {mayEdit
            ? 'These are the newsroom’s rules, kept on the desk: saving them here changes them for everyone, and the desk checks every approval against them.'
            : 'These are the newsroom’s rules, kept on the desk; only its editors change them.'}
        </p>
      )}
      <ScreenStatus status={status} error={error} className="cd-settings-status" />
      {!settings && !error && <p className="cd-help">Loading the rules…</p>}
      {settings && (
        <form aria-labelledby="cd-check-rules-heading" onSubmit={submit} noValidate>
          <fieldset className="cd-settings-fieldset" disabled={!mayEdit}>
            <label className="cd-field cd-settings-limit">
              <span className="cd-label">Headline limit (characters)</span>
              <input type="number" min={10} max={500} value={limit} onChange={(e) => setLimit(e.target.value)} />
            </label>
            <table className="cd-settings-rules">
              <thead>
                <tr>
                  <th scope="col">Problem</th>
                  <th scope="col">Severity</th>
                </tr>
              </thead>
              <tbody>
                {RULES.map((rule) => (
                  <tr key={rule}>
                    <th scope="row" id={`cd-rule-${rule}`}>
                      {RULE_LABELS[rule]}
                    </th>
                    <td>
                      <select
                        className="cd-control"
                        aria-labelledby={`cd-rule-${rule}`}
                        value={settings.severities[rule]}
                        onChange={(e) =>
                          setSettings({
                            ...settings,
                            severities: { ...settings.severities, [rule]: e.target.value as Severity },
                          })
                        }
                      >
                        {SEVERITIES.map((s) => (
                          <option key={s} value={s}>
                            {SEVERITY_LABELS[s]}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="cd-actions">
              <button type="submit" className="cd-button">
                Save the rules
              </button>
              <button
                type="button"
                className="cd-small-button"
                onClick={() => void save(DEFAULT_CHECK_SETTINGS, 'The check rules are back to their defaults.')}
              >
                Restore the defaults
              </button>
            </div>
          </fieldset>
        </form>
      )}
      {stored && <HouseStyleList settings={stored} disabled={!mayEdit} />}
      {stored && <NewsroomDictionary settings={stored} disabled={!mayEdit} />}
    </main>
  );
}
