/**
 * The editor's language Worker (a module worker): completion, hover and signature help from the
 * compiler's language service, off the main thread (analysing a 4,000-term program takes ≈ 0.4 s).
 * Questions are answered in a task after the messages already queued, so a newer document that
 * arrived meanwhile makes older questions stale rather than analysed.
 */
import { LanguageService } from "./editor-language-service.ts";
import type { FromLanguageWorker, ToLanguageWorker } from "./editor-protocol.ts";

interface WorkerScope {
  postMessage(message: FromLanguageWorker): void;
  onmessage: ((e: MessageEvent<ToLanguageWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

const service = new LanguageService((m) => { scope.postMessage(m); });
let scheduled = false;

scope.onmessage = (e) => {
  service.receive(e.data);
  if (e.data.type !== "ask" || scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    service.drain();
  }, 0);
};
