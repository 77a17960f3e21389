/**
 * SQL snippets used by type conversions. `{value}` (or another `{part}`) is an old column,
 * `{timeZone}` the tenant's time zone as a quoted literal; the planner substitutes both and casts
 * the result to the new column's type.
 */

/** Plain text → HTML: escape `& < >`, newlines become `<br>`, wrapped in one paragraph. */
export const PLAIN_TEXT_TO_HTML_SQL = `'<p>' || replace(replace(replace(replace({value}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), E'\\n', '<br>') || '</p>'`;
