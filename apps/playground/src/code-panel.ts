/** The Code tab: the generated TypeScript class, its backward section annotated rule by rule. */
import { h } from "./dom.ts";
import { safeName } from "./export-files.ts";
import { download as saveFile } from "./export-menu.ts";
import type { Generated } from "./generate.ts";

function codeLine(line: string): HTMLElement {
  const at = line.indexOf("//");
  if (at < 0) return h("span", { class: "ln" }, line, "\n");
  const cls = line.includes(".vjp.") || line.includes("— seed") || line.includes("— fanout") ? "c rule" : "c";
  return h("span", { class: "ln" }, line.slice(0, at), h("span", { class: cls }, line.slice(at)), "\n");
}

export function renderCode(container: HTMLElement, gen: Generated, fileName: string): void {
  container.replaceChildren();
  if (!gen.ok) {
    container.append(h("p", { class: "error-box", "data-testid": "code-error" }, gen.message));
    return;
  }
  const { code, className } = gen.value;
  const name = `${safeName(fileName)}.ts`;
  const status = h("span", { class: "status" });
  const pre = h("pre", { class: "code", "data-testid": "code", tabindex: "0", "aria-label": `Generated TypeScript: class ${className}` });
  const lines = code.split("\n");
  for (const l of lines) pre.append(codeLine(l));
  const copy = h("button", { "data-testid": "copy-code" }, "Copy");
  copy.addEventListener("click", () => {
    navigator.clipboard.writeText(code).then(
      () => (status.textContent = "copied"),
      () => (status.textContent = "the browser refused the clipboard: use Download"),
    );
  });
  const download = h("button", { "data-testid": "download-code" }, `Download ${name}`);
  download.addEventListener("click", () => {
    saveFile({ name, type: "text/typescript", data: code });
  });
  const jump = h("button", {}, "Backward pass ↓");
  jump.addEventListener("click", () => {
    const i = lines.findIndex((l) => l.includes(".vjp."));
    const target = pre.children[Math.max(0, i)];
    target?.scrollIntoView({ block: "start" });
  });
  container.append(
    h(
      "div",
      { class: "toolbar" },
      h("span", { class: "what" }, `class ${className} implements CompiledModel · ${lines.length} lines · each backward statement names its rule and .nn line`),
      h("span", { class: "spacer" }),
      jump,
      copy,
      download,
      status,
    ),
    pre,
  );
}
