/** A list's filter: "All …" (no filter, the empty value) first, then each choice as [value, text]. */
export function FilterSelect({
  label,
  all,
  value,
  choices,
  onChange,
  className,
}: {
  label: string;
  all: string;
  value: string;
  choices: ReadonlyArray<readonly [value: string, text: string]>;
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <select className={className} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{all}</option>
      {choices.map(([choice, text]) => (
        <option key={choice} value={choice}>
          {text}
        </option>
      ))}
    </select>
  );
}
