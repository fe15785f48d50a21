type SegmentedProps<K extends string> = Readonly<{
  /** Read by screen readers only: what the choice is about. */
  legend: string;
  /** The radio group's name, unique on the page. */
  name: string;
  options: ReadonlyArray<Readonly<{ key: K; label: string }>>;
  selected: K;
  onSelect(key: K): void;
  disabled?: boolean;
}>;

/** A choice of a few options as one row of buttons: a radio group underneath, so arrows and screen readers work. */
export function Segmented<K extends string>({
  legend,
  name,
  options,
  selected,
  onSelect,
  disabled,
}: SegmentedProps<K>) {
  return (
    <fieldset className="segmented" disabled={disabled}>
      <legend className="visually-hidden">{legend}</legend>
      {options.map((option) => (
        <label
          key={option.key}
          className={`segmented__option${selected === option.key ? ' segmented__option--on' : ''}`}
        >
          <input
            type="radio"
            name={name}
            value={option.key}
            checked={selected === option.key}
            onChange={() => onSelect(option.key)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
