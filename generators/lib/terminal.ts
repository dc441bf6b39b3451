/**
 * Text that reaches the terminal (summary, messages, errors) may carry pieces of the project's
 * files: a package.json field, a file name. A terminal obeys escape sequences in them (clear the
 * line, write the clipboard with OSC 52, move the cursor), so every such text passes through
 * `terminalSafe` on its way out: escape sequences are removed and every other control character
 * is shown as a visible `\xNN` / `\uNNNN` escape.
 */

/** ESC-introduced sequences: CSI (`ESC [ ... final`), OSC/DCS/APC/PM/SOS strings, and two-byte escapes. */
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]{0,64}[ -/]{0,16}[@-~]|[\]PX^_][^\u0007\u001b\u009c]{0,4096}(?:\u0007|\u001b\\|\u009c)?|[@-Z\\-_]?)/g;
/** 8-bit CSI, and the 8-bit string introducers (DCS, SOS, OSC, PM, APC) with their payload. */
const C1_SEQUENCE = /\u009b[0-?]{0,64}[ -/]{0,16}[@-~]|[\u0090\u0098\u009d\u009e\u009f][^\u0007\u001b\u009c]{0,4096}(?:\u0007|\u009c)?/g;
/** C0 (but newline), DEL, C1, and the bidirectional overrides that reorder what is shown. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` made safe to print: escape sequences dropped, other control characters made visible.
 * Line breaks are kept unless `singleLine` (a value printed inside one line of a table).
 */
export function terminalSafe(text: string, options: { singleLine?: boolean } = {}): string {
  const stripped = text.replace(ESCAPE_SEQUENCE, '').replace(C1_SEQUENCE, '');
  return stripped.replace(options.singleLine ? CONTROL_OR_NEWLINE : CONTROL, (c) => (c === '\t' && !options.singleLine ? '  ' : visible(c)));
}
