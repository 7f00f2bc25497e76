import { useState, type FormEvent } from 'react';
import type { CheckSettings } from '../../../common/check';
import { cleanWord, newsroomWordsProblem } from '../../../common/style/newsroomWords';
import { ScreenStatus } from '../shell/Messages';
import { RemoveButton, useRulesListSave } from './useRulesListSave';

/**
 * The newsroom dictionary on the Check rules screen: the words spelling
 * accepts beyond English (names, places). Writers add to it from an
 * underlined word's menu; here they are read, added and taken out.
 */
export function NewsroomDictionary({ settings, disabled }: { settings: CheckSettings; disabled: boolean }) {
  const [word, setWord] = useState('');
  const { status, error, save, refuse } = useRulesListSave(settings, 'The newsroom dictionary was not saved: ');
  const words = settings.dictionary;

  const add = (event: FormEvent): void => {
    event.preventDefault();
    const clean = cleanWord(word);
    const problem = newsroomWordsProblem([...words, clean]);
    if (problem) {
      refuse(problem);
      return;
    }
    void save({ dictionary: [...words, clean] }, `“${clean}” is in the newsroom dictionary.`).then(() => setWord(''));
  };

  return (
    <section className="cd-settings-section" aria-labelledby="cd-dictionary-heading">
      <h2 id="cd-dictionary-heading">Newsroom dictionary</h2>
      <p className="cd-help">
        Words the spelling check accepts besides English: names, places, the newsroom’s own terms. Case counts.
      </p>
      <ScreenStatus status={status} error={error} />
      {words.length === 0 ? (
        <p className="cd-help">No words yet.</p>
      ) : (
        <ul className="cd-settings-words" aria-label="Newsroom dictionary">
          {words.map((w, index) => (
            <li key={w}>
              {w}{' '}
              <RemoveButton
                label={`Remove “${w}” from the dictionary`}
                disabled={disabled}
                onRemove={() =>
                  void save(
                    { dictionary: words.filter((_, i) => i !== index) },
                    `“${w}” is no longer in the newsroom dictionary.`,
                  )
                }
              />
            </li>
          ))}
        </ul>
      )}
      <form aria-label="Add a word to the newsroom dictionary" className="cd-settings-add" onSubmit={add} noValidate>
        <fieldset className="cd-settings-fieldset" disabled={disabled}>
          <label className="cd-field">
            <span className="cd-label">Word</span>
            <input className="cd-control" value={word} onChange={(e) => setWord(e.target.value)} />
          </label>
          <button type="submit" className="cd-button">
            Add the word
          </button>
        </fieldset>
      </form>
    </section>
  );
}
