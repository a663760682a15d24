/**
 * Up, Down and Drop beside a story in an ordered list that staff edit with plain forms: the
 * newsletter's edition (src/newsletter) and the magazine's (src/magazine). Each is a submit
 * button of the list's form, `action` = `up:<id>`, `down:<id>` or `drop:<id>`, named for the
 * story so that a screen reader tells the buttons of one row from the next. Up is left out on the
 * first story, Down on the last. Pure.
 */

export function StoryOrderButtons(p: {
  id: string;
  headline: string;
  index: number;
  count: number;
  /** The class of the span around the buttons (the screen's own row layout). */
  wrapperClass: string;
  /** Smaller buttons (`button-small`), for a table with more in each row. */
  small?: boolean;
}) {
  const size = p.small ? ' button-small' : '';
  return (
    <span class={p.wrapperClass}>
      {p.index > 0 ? (
        <button
          type="submit"
          class={`button button-secondary${size}`}
          name="action"
          value={`up:${p.id}`}
          aria-label={`Move “${p.headline}” up`}
        >
          Up
        </button>
      ) : null}
      {p.index < p.count - 1 ? (
        <button
          type="submit"
          class={`button button-secondary${size}`}
          name="action"
          value={`down:${p.id}`}
          aria-label={`Move “${p.headline}” down`}
        >
          Down
        </button>
      ) : null}
      <button type="submit" class={`button button-danger${size}`} name="action" value={`drop:${p.id}`} aria-label={`Drop “${p.headline}”`}>
        Drop
      </button>
    </span>
  );
}
