/**
 * Starting a Windows `.cmd`/`.bat` shim (npm's global `nnc.cmd`) without handing cmd.exe an unquoted line.
 * Node refuses to spawn such a file directly (CVE-2024-27980), and `shell: true` joins the command and its
 * arguments with bare spaces, so `C:\Users\John Smith\…\nnc.cmd` is cut at the space and a `&` or `^` in a
 * folder name is cmd.exe syntax. Instead the extension runs `cmd.exe /d /s /c "LINE"` with LINE built here,
 * passed to cmd.exe verbatim (`windowsVerbatimArguments`); `/s` makes cmd.exe drop exactly the outer quotes.
 * Invariant: inside double quotes cmd.exe takes spaces and `& | < > ^ ( )` literally; only `"` (ends the
 * quotes), `%` (variable expansion, even inside quotes) and control characters are not literal, so a path or
 * argument holding one of them is refused, never run.
 */

/** Arguments that need no quotes (`lsp`, `--stdio`, `--log=C:\x.txt`); everything else is quoted. */
const PLAIN = /^[A-Za-z0-9_\-.,:=+@/\\]+$/;
const UNSAFE = /["%\p{Cc}]/u;

export type ShimLaunch = { readonly command: string; readonly args: readonly string[] } | { readonly error: string };

export function cmdShimLaunch(comSpec: string, file: string, args: readonly string[]): ShimLaunch {
  const bad = [file, ...args].find((s) => UNSAFE.test(s));
  if (bad !== undefined) {
    const shown = (s: string): string => s.replace(/\p{Cc}/gu, "?");
    return {
      error:
        `nnc: cannot start ${shown(file)} through cmd.exe: \`${shown(bad)}\` holds a \`"\`, \`%\` or control character, ` +
        "which cmd.exe would not take literally. Set nnc.server.path to an nnc outside such a folder (or to nnc.exe), or change nnc.server.args.",
    };
  }
  const quote = (s: string): string => (PLAIN.test(s) ? s : `"${s}"`);
  const line = [`"${file}"`, ...args.map(quote)].join(" ");
  return { command: comSpec, args: ["/d", "/s", "/c", `"${line}"`] };
}
