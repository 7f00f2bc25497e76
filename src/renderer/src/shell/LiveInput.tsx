import { useState, type InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onValue: (value: string) => void;
};

/**
 * A text input whose value lives elsewhere and comes back a moment after each
 * keystroke (a figure's words live in its Lexical node). A plain controlled
 * input would be reset to the stale value in between, throwing the caret to
 * the end; this one shows what the writer typed while it has the focus and
 * follows the outside value whenever it does not.
 */
export function LiveInput({ value, onValue, onFocus, onBlur, ...rest }: Props) {
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <input
      {...rest}
      value={typed ?? value}
      onFocus={(e) => {
        setTyped(value);
        onFocus?.(e);
      }}
      onBlur={(e) => {
        setTyped(null);
        onBlur?.(e);
      }}
      onChange={(e) => {
        setTyped(e.target.value);
        onValue(e.target.value);
      }}
    />
  );
}
