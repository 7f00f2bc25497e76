import { useState, type FormEvent } from 'react';
import type { CheckSettings } from '../../../common/check';
import { cleanTerm, houseStyleListProblem } from '../../../common/style/houseStyle';
import { ScreenStatus } from '../shell/Messages';
import { RemoveButton, useRulesListSave } from './useRulesListSave';

/**
 * The house-style list on the Check rules screen: terms to avoid, each with
 * the form to use instead or why it is banned. Saved with the check rules
 * at each change, so the editor's underlines and every piece's check follow.
 */
export function HouseStyleList({ settings, disabled }: { settings: CheckSettings; disabled: boolean }) {
  const [term, setTerm] = useState('');
  const [preferred, setPreferred] = useState('');
  const [reason, setReason] = useState('');
  const { status, error, save, refuse } = useRulesListSave(settings, 'The house style was not saved: ');
  const list = settings.houseStyle;

  const add = (event: FormEvent): void => {
    event.preventDefault();
    const entry = cleanTerm({ term, preferred, reason });
    const problem = houseStyleListProblem([...list, entry]);
    if (problem) {
      refuse(problem);
      return;
    }
    void save(
      { houseStyle: [...list, entry] },
      entry.preferred
        ? `“${entry.term}” is in the house style: “${entry.preferred}” is offered instead.`
        : `“${entry.term}” is banned by the house style.`,
    ).then(() => {
      setTerm('');
      setPreferred('');
      setReason('');
    });
  };

  return (
    <section className="cd-settings-section" aria-labelledby="cd-house-style-heading">
      <h2 id="cd-house-style-heading">House style</h2>
      <p className="cd-help">
        Terms the newsroom avoids. They are underlined in the text with the form to use instead, and the pre-publish
        check lists them (“A term the house style avoids” above sets how seriously).
      </p>
      <ScreenStatus status={status} error={error} />
      {list.length === 0 ? (
        <p className="cd-help">No house-style terms yet.</p>
      ) : (
        <table className="cd-settings-rules">
          <thead>
            <tr>
              <th scope="col">Avoid</th>
              <th scope="col">Use instead</th>
              <th scope="col">Why</th>
              <th scope="col">
                <span className="cd-sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((entry, index) => (
              <tr key={entry.term}>
                <th scope="row">{entry.term}</th>
                <td>{entry.preferred || <em>banned</em>}</td>
                <td>{entry.reason}</td>
                <td>
                  <RemoveButton
                    label={`Remove “${entry.term}”`}
                    disabled={disabled}
                    onRemove={() =>
                      void save(
                        { houseStyle: list.filter((_, i) => i !== index) },
                        `“${entry.term}” is no longer in the house style.`,
                      )
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form aria-label="Add a house-style term" className="cd-settings-add" onSubmit={add} noValidate>
        <fieldset className="cd-settings-fieldset" disabled={disabled}>
          <label className="cd-field">
            <span className="cd-label">Avoid</span>
            <input className="cd-control" value={term} onChange={(e) => setTerm(e.target.value)} />
          </label>
          <label className="cd-field">
            <span className="cd-label">Use instead (empty: banned)</span>
            <input className="cd-control" value={preferred} onChange={(e) => setPreferred(e.target.value)} />
          </label>
          <label className="cd-field">
            <span className="cd-label">Why</span>
            <input className="cd-control" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" className="cd-button">
            Add the term
          </button>
        </fieldset>
      </form>
    </section>
  );
}
