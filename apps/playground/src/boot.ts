/**
 * The page's first script (index.html): starts the analysis Worker on a share link's program
 * (early-check.ts), then loads the page (main.ts) — a separate chunk, so the Worker is compiling
 * while the page's scripts download, parse and run. The page's base style comes with this entry
 * (a stylesheet in the document's head), so nothing is drawn unstyled meanwhile.
 */
import "./style.css";
import { startEarlyCheck } from "./early-check.ts";

startEarlyCheck(location.hash);
void import("./main.ts");
