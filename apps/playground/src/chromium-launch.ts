/**
 * The Chromium the e2e suite and the playground bench drive: NNC_CHROMIUM, else Debian's, with one set
 * of flags. Besides the usual quiet-machine switches (no sandbox, GPU, QUIC, first-run UI, background
 * networking, component updates or sync), the features behind Chromium's top-chrome WebUI are off: this
 * build's headless mode loads the omnibox popup's WebUI (chrome://omnibox-popup.top-chrome: its
 * composebox and searchbox scripts) in a renderer of its own for every new window, ≈ 0.8 s of CPU in the
 * first 2.6 s of each fresh context on a 2-core machine — work a user's browser did when it started, not
 * when it opens a link, which competed with the page and its Workers for the two cores.
 */
export const CHROMIUM = process.env["NNC_CHROMIUM"] ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI",
];
