import { useId, useState, type KeyboardEvent } from 'react';

interface ChipsInputProps {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  suggestions: string[];
  onQuery?: (text: string) => void;
  placeholder: string;
  /** Compares two values for de-duplication (case-insensitive for tags). */
  same?: (a: string, b: string) => boolean;
}

const caseless = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/**
 * Chips with autocomplete: Enter or comma adds (the suggestion's spelling
 * when it matches), Backspace in the empty box removes the last one.
 */
export function ChipsInput({
  label,
  values,
  onChange,
  suggestions,
  onQuery,
  placeholder,
  same = caseless,
}: ChipsInputProps) {
  const [text, setText] = useState('');
  const listId = useId();
  const add = (raw: string): void => {
    const value = raw.trim().replace(/\s+/g, ' ');
    if (!value) return;
    const canonical = suggestions.find((s) => same(s, value)) ?? value;
    if (!values.some((v) => same(v, canonical))) onChange([...values, canonical]);
    setText('');
    onQuery?.('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add(text);
    } else if (event.key === 'Backspace' && text === '' && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };
  return (
    <div className="cd-chips" role="group" aria-label={label}>
      {values.map((value) => (
        <span key={value} className="cd-chip">
          {value}
          <button
            type="button"
            className="cd-icon-button"
            aria-label={`Remove ${value}`}
            onClick={() => onChange(values.filter((v) => v !== value))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        className="cd-chips-input"
        aria-label={`Add ${label.toLowerCase()}`}
        placeholder={placeholder}
        value={text}
        list={listId}
        onChange={(e) => {
          setText(e.target.value);
          onQuery?.(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => add(text)}
      />
      <datalist id={listId}>
        {suggestions
          .filter((s) => !values.some((v) => same(v, s)))
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
    </div>
  );
}
