import { chromium } from "playwright-core";
const phone = process.argv[2] === "phone";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const c = await b.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 800 } });
const p = await c.newPage();
p.on("console", (m) => { if (m.type() === "error") console.log("console:", m.text()); });
p.on("pageerror", (e) => console.log("pageerror:", e.message));
await p.goto("http://127.0.0.1:18731/");
await p.locator(".cm-content").waitFor();
const what = process.argv[3] ?? "digits";
if (what === "digits") {
  await p.selectOption("[data-testid=example]", process.argv[5] ?? "mnist-mlp");
  await p.click(".tabs button[data-tab=train]");
  await p.waitForTimeout(3000);
  if (process.argv[4]) await p.selectOption("[data-testid=train-speed]", process.argv[4]);
  console.log("msg0", await p.textContent(".train-message"), await p.isEnabled("[data-testid=train-run]"));
  await p.click("[data-testid=train-run]");
  for (let i = 0; i < 3; i++) {
    console.log("msg", await p.textContent(".train-message"));
    await p.waitForTimeout(1500);
    await p.screenshot({ path: `/tmp/pgmisc-probe/digits-${i}.png` });
    const s = await p.$eval("[data-testid=chart]", (e) => ({ ...e.dataset }));
    const st = await p.getAttribute("[data-testid=train-stats]", "data-step");
    console.log(JSON.stringify(s), "step", st, await p.textContent("[data-testid=train-stats]"));
  }
  await p.screenshot({ path: "/tmp/pgmisc-probe/digits.png" });
}
if (what === "tab") {
  const seen = [];
  for (let i = 0; i < 8; i++) {
    await p.keyboard.press("Tab");
    seen.push(await p.evaluate(() => { const e = document.activeElement; const r = e.getBoundingClientRect(); return `${e.tagName}#${e.id}[${e.textContent.slice(0, 15)}] @${Math.round(r.x)},${Math.round(r.y)}`; }));
  }
  console.log(seen.join("\n"));
  await p.screenshot({ path: "/tmp/pgmisc-probe/top.png" });
}
await b.close();
