/** ANSI SGR sequences; the empty style is plain text. */
export type Style = string;

export const STYLE = {
  plain: "",
  bold: "\u001b[1m",
  error: "\u001b[1;31m",
  warning: "\u001b[1;33m",
  note: "\u001b[1;32m",
  secondary: "\u001b[1;34m",
  gutter: "\u001b[1;34m",
} as const;

const RESET = "\u001b[0m";

export function paint(text: string, style: Style, color: boolean): string {
  return color && style !== "" && text !== "" ? `${style}${text}${RESET}` : text;
}

/** One row of characters, each with a style; later writes overwrite earlier ones. */
export class Canvas {
  private readonly cells: { ch: string; style: Style }[] = [];

  put(column: number, text: string, style: Style): void {
    for (let i = 0; i < column; i++) this.cells[i] ??= { ch: " ", style: STYLE.plain };
    // Columns count UTF-16 code units, like the spans and the tab expansion.
    text.split("").forEach((ch, i) => {
      this.cells[column + i] = { ch, style };
    });
  }

  /** The row with trailing blanks removed, styled runs wrapped in escapes when `color`. */
  render(color: boolean): string {
    let last = this.cells.length - 1;
    while (last >= 0 && this.cells[last]?.ch === " ") last--;
    let out = "";
    let run = "";
    let runStyle: Style = STYLE.plain;
    for (let i = 0; i <= last; i++) {
      const cell = this.cells[i] ?? { ch: " ", style: STYLE.plain };
      const style = cell.style;
      if (style !== runStyle) {
        out += paint(run, runStyle, color);
        run = "";
        runStyle = style;
      }
      run += cell.ch;
    }
    return out + paint(run, runStyle, color);
  }
}
